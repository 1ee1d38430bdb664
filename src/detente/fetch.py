"""Get a source's files into the cache: from a mirror folder or the publisher, hash-checked.

Every file lands in ``<cache>/files/<source-id>/<name>`` only after its sha256 matched; work
happens in a staging folder that is removed whatever happens, so a failed or interrupted fetch
never leaves a partial file behind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

from ._lazy import lazy
from .config import cache_dir, mirror_dir
from .errors import FetchError, HashMismatchError
from .outputs import atomic_path
from .registry import Source, SourceFile, get_source

pooch = lazy("pooch")  # imported (with requests) only when a file is downloaded

#: Called after each file is ready: (source id, file name, how it was obtained).
Progress = Callable[[str, str, str], None]


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def cached_path(source: Source, file: SourceFile, cache: Path | None = None) -> Path:
    """Where ``file`` of ``source`` lives in the cache (whether or not it is there yet)."""
    return (cache or cache_dir()) / "files" / source.id / file.name


def _accepted_marker(path: Path) -> Path:
    return path.with_name(path.name + ".accepted-sha256")


def expected_hashes(source: Source, file: SourceFile, cache: Path | None = None) -> set[str]:
    """The registry's hash plus any publisher hash the user accepted for this file."""
    marker = _accepted_marker(cached_path(source, file, cache))
    accepted = {marker.read_text().strip()} if marker.exists() else set()
    return {file.sha256} | accepted


def is_cached(source: Source, file: SourceFile, cache: Path | None = None) -> bool:
    """True when the file is in the cache and its hash is one we trust."""
    path = cached_path(source, file, cache)
    return path.exists() and sha256_of(path) in expected_hashes(source, file, cache)


def _atomic_copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(dest) as tmp:
        shutil.copyfile(src, tmp)


def _mismatch_advice(source: Source, file: SourceFile, got: str, origin: str) -> str:
    where = f"{source.id}/{file.name}"
    head = f"{where}: sha256 mismatch for the file from {origin}: expected {file.sha256}, got {got}."
    accept = (
        f" If you have checked the file, accept it with "
        f"`detente fetch {source.id} --accept-hash {file.name}={got}` "
        f"(Python: fetch({source.id!r}, accept_hashes={{{file.name!r}: {got!r}}}))"
    )
    if file.publisher_identical is False:
        return (
            head + " This is expected: the registry's hash is that of detente's reference copy, which is"
            f" known not to be byte-identical to the publisher's file ({file.note})."
            + accept
            + ", or point --mirror at a folder holding the reference copy."
        )
    if file.publisher_identical is None:
        return (
            head + " The publisher may have revised the file since detente's reference copy was"
            " taken (byte identity with the publisher was never verified), or the download was"
            " corrupted." + accept + "; otherwise retry the download."
        )
    return head + " The file is corrupt or has been altered; delete it and fetch again."


def _download(source: Source, file: SourceFile, staging: Path) -> Path:
    if not file.url:
        raise FetchError(
            f"{source.id}/{file.name}: no official download URL is known for this file "
            f"(see {source.landing_page}); put it in a mirror folder as "
            f"<mirror>/{file.mirror_folder or source.id}/{file.name} and use --mirror or DETENTE_MIRROR"
        )
    fname = file.url.rstrip("/").rsplit("/", 1)[-1] or file.name
    pooch.get_logger().setLevel("WARNING")
    try:
        got = Path(
            pooch.retrieve(file.url, known_hash=None, fname=fname, path=staging, progressbar=False)
        )
    except Exception as exc:  # requests/pooch raise many types; the message is what matters
        raise FetchError(f"{source.id}/{file.name}: download from {file.url} failed: {exc}") from exc
    if not file.member:
        return got
    current = got
    for step in file.member.split("!"):
        try:
            with zipfile.ZipFile(current) as archive:
                target = staging / "extract" / step
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(step) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
        except KeyError as exc:
            raise FetchError(
                f"{source.id}/{file.name}: archive from {file.url} has no member {step!r}"
            ) from exc
        except zipfile.BadZipFile as exc:
            raise FetchError(
                f"{source.id}/{file.name}: {file.url} is not a readable zip archive ({exc})"
            ) from exc
        current = target
    return current


def fetch_file(
    source: Source,
    file: SourceFile,
    *,
    mirror: str | os.PathLike[str] | None = None,
    cache: Path | None = None,
    accept_hash: str | None = None,
) -> tuple[Path, str]:
    """Make one file available in the cache; return its path and how it was obtained."""
    root = mirror_dir(mirror)  # a mirror that does not exist is an error even when cached
    dest = cached_path(source, file, cache)
    marker = _accepted_marker(dest)
    trusted = expected_hashes(source, file, cache) | ({accept_hash} if accept_hash else set())
    if dest.exists():
        if sha256_of(dest) in trusted:
            return dest, "cached"
        dest.unlink()  # stale or damaged: fetch it again
    mirrored = root / (file.mirror_folder or source.id) / file.name if root else None
    if mirrored is not None and mirrored.exists():
        got = sha256_of(mirrored)
        if got not in trusted:
            raise HashMismatchError(_mismatch_advice(source, file, got, f"mirror {mirrored}"))
        _atomic_copy(mirrored, dest)
        if accept_hash and got == accept_hash and got != file.sha256:
            marker.write_text(got + "\n")  # remember the acceptance, as for a download
        return dest, "mirror"
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dest.parent, prefix=".staging-"))
    try:
        try:
            downloaded = _download(source, file, staging)
        except FetchError as exc:
            if mirrored is not None:
                raise FetchError(f"{exc} (and it is not in the mirror at {mirrored})") from exc
            raise
        got = sha256_of(downloaded)
        if got not in trusted:
            raise HashMismatchError(_mismatch_advice(source, file, got, file.url or "?"))
        os.replace(downloaded, dest)
        if accept_hash and got == accept_hash and got != file.sha256:
            marker.write_text(got + "\n")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest, "download"


def fetch(
    source_id: str,
    *,
    mirror: str | os.PathLike[str] | None = None,
    cache: Path | None = None,
    accept_hashes: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> dict[str, Path]:
    """Fetch every file of a source; return ``{file name: cached path}``.

    >>> paths = fetch("cow-states-2016", mirror="../shared/data")
    >>> sorted(paths)
    ['majors2016.csv', 'states2016.csv', 'system2016.csv']
    """
    source = get_source(source_id)
    accept_hashes = dict(accept_hashes or {})
    unknown = set(accept_hashes) - {f.name for f in source.files}
    if unknown:
        raise FetchError(f"{source_id}: --accept-hash names unknown file(s) {sorted(unknown)}")
    out: dict[str, Path] = {}
    for file in source.files:
        path, how = fetch_file(
            source, file, mirror=mirror, cache=cache, accept_hash=accept_hashes.get(file.name)
        )
        out[file.name] = path
        if progress:
            progress(source.id, file.name, how)
    return out
