"""Where detente keeps its cache and where it looks for a mirror of the source files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from .errors import InputError

CACHE_ENV = "DETENTE_CACHE"
MIRROR_ENV = "DETENTE_MIRROR"


def cache_dir() -> Path:
    """The per-user cache (``DETENTE_CACHE`` overrides the platform default)."""
    root = os.environ.get(CACHE_ENV) or platformdirs.user_cache_dir("detente")
    return Path(root).expanduser()


def unwritable_cache(cache: Path, exc: OSError) -> InputError | None:
    """The one-line error for an OS error met while writing inside ``cache`` (None if elsewhere).

    >>> str(unwritable_cache(Path("/c"), PermissionError(1, "Operation not permitted", "/c/f")))[:59]
    "cache folder '/c' is not writable (Operation not permitted:"
    """
    where = Path(str(exc.filename)) if exc.filename else None
    if where is None or not (where == cache or cache in where.parents):
        return None
    return InputError(
        f"cache folder {str(cache)!r} is not writable ({exc.strerror}: {str(where)!r}); set "
        f"{CACHE_ENV} (Python: detente.configure(cache=...)) to a writable folder"
    )


def mirror_dir(mirror: str | os.PathLike[str] | None = None) -> Path | None:
    """The mirror folder laid out as ``<mirror>/<source-id>/<file>``, if one is set.

    An explicit argument wins over ``DETENTE_MIRROR``; a mirror that does not exist is an error,
    not a silent fall-back to the network.
    """
    chosen = mirror if mirror is not None else os.environ.get(MIRROR_ENV)
    if not chosen:
        return None
    path = Path(chosen).expanduser()
    if not path.is_dir():
        origin = "--mirror" if mirror is not None else MIRROR_ENV
        raise InputError(f"mirror folder {str(path)!r} (from {origin}) does not exist")
    return path.resolve()
