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
