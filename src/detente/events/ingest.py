"""Ingest event files (GDELT 1.0/2.0, ICEWS, PLOVER) into hive-partitioned Parquet with a manifest.

Layout: ``<out>/<format>/source=<id>/year=<yyyy>/month=<m>/<file stem>-<sha8>_<i>.parquet`` (zstd),
one dataset per format so every dataset has one schema, plus ``<out>/manifest.json``. GDELT's
``Year`` column is stored as the ``year`` partition (checked equal to the year of SQLDATE). Each input
file is read in one streaming DuckDB ``COPY`` with an explicit schema (code columns stay text and
keep leading zeros; raw GDELT numbers and dates are parsed by the CSV reader; a row with the wrong
number of fields or a value that does not fit its type fails the file; the row checks are
:mod:`detente.events.rules`) into one staged Parquet file, split by month (or moved whole when it
holds one month) in a staging folder and only then renamed into place. Runs of small files of one
format are read in one scan partitioned by file and month, with the same parts as one at a time.
The manifest lists, per source, the files expected, present, missing, corrupt and ignored, so a
gap is never silent: GDELT exports are named by their slot (``YYYYMMDD`` daily for 1.0,
``YYYYMMDDHHMMSS`` every 15 minutes for 2.0), and every slot between the first and last file (or a
range you give) is expected. Re-ingesting an unchanged file (same sha256) is a no-op.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from .._version import __version__
from ..errors import DetenteError, FetchError, HashMismatchError, InputError, ParseError
from ..fetch import fetch_file
from ..outputs import atomic_path, folder_lock, staging_dir, sweep_stale
from ..registry import get_source
from ..sources._events import brief, read_sql, sniff
from ..sql import literal
from .compact import recover
from .ingest_rules import gaps, listed_parts, partitioned_sql, read_file, replaced_parts, rows_sql
from .manifest import FORMATS_ORDER, read_manifest, write_manifest
from .rules import GDELT_SLOT, date_column, expected_slots, sha256_file
from .rules import slot as _slot

__all__ = ["GDELT_SLOT", "expected_slots", "ingest", "read_manifest", "scan"]

#: The event files of the registered event sources (other files are schemas, lookups, manuals).
SOURCE_EVENT_FILES = {
    "gdelt-sample": ("sept2012.csv",),
    "gdelt-2.0-sample": ("20150218230000.export.CSV",),
    "icews-sample": ("events.2018.sample.tab",),
    "plover": ("PLOVER_GSR_CAMEO.txt",),
}
EVENT_NAME = re.compile(r"\.(csv|tsv|tab|txt|json)(\.gz|\.zip)?$", re.IGNORECASE)

#: Called after each input file: (file name, status, rows written).
Progress = Callable[[str, str, int], None]


class EventGapError(DetenteError):
    """An ingest left expected files missing or corrupt (raised only when asked to be strict)."""


@dataclass
class FileResult:
    """What happened to one input file."""

    name: str
    status: str  # present | unchanged | missing | corrupt | ignored
    format: str | None = None
    sha256: str | None = None
    rows: int = 0
    parts: list[str] = field(default_factory=list)
    error: str | None = None


def _stem(name: str) -> str:
    """A file-name-safe stem for the Parquet parts written from input ``name``."""
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:60]


def _write_file(path: Path, name: str, source: str, out: Path, fmt: str | None) -> FileResult:
    """Read one event file and write its partitions under ``out`` atomically; report the result."""
    sha = sha256_file(path)
    with staging_dir(out) as staging:
        return _write_staged(path, name, source, out, fmt, sha, staging)


def _write_staged(
    path: Path, name: str, source: str, out: Path, fmt: str | None, sha: str, staging: Path
) -> FileResult:
    try:
        found, query = read_file(path, fmt, staging)  # shared with the Spark ingest
        stem = f"{_stem(name)}-{sha[:8]}"
        con = duckdb.connect()
        try:
            n, months = _stage(con, found, query, name, staging / "stage.parquet")
            parts = _split(con, found, staging / "stage.parquet", months, staging / "out", stem)
        finally:
            con.close()
        moved: list[str] = []
        for part in parts:
            rel = Path(found) / f"source={source}" / part.relative_to(staging / "out")
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(part, out / rel)
            moved.append(rel.as_posix())
        return FileResult(name, "present", found, sha, n, moved)
    except (DetenteError, duckdb.Error, OSError, zipfile.BadZipFile) as exc:
        return FileResult(name, "corrupt", fmt, sha, error=brief(exc))


def _stage(
    con: duckdb.DuckDBPyConnection, found: str, query: str, name: str, stage: Path
) -> tuple[int, list[tuple[int, int, int]]]:
    """Read, check and write one file's rows to one zstd Parquet file; (rows, (year, month, rows)).

    One streaming pass: a row without an event date, or whose GDELT Year disagrees with SQLDATE
    (Year becomes the year partition), fails the whole file through ``error()``. The months come
    from the staged file's date column alone (a cheap read).
    """
    date = date_column(found)
    con.execute("SET preserve_insertion_order = false")
    (n,) = con.execute(  # rows_sql: the row rules, shared with the Spark ingest
        f"COPY ({rows_sql(found, query, name)}) TO {literal(stage)} (FORMAT parquet, COMPRESSION zstd)"
    ).fetchone()
    months = con.execute(
        f"""SELECT year({date})::INTEGER, month({date})::INTEGER, count(*)
            FROM read_parquet({literal(stage)}) GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    return int(n), months


def _split(
    con: duckdb.DuckDBPyConnection,
    found: str,
    stage: Path,
    months: list[tuple[int, int, int]],
    target: Path,
    stem: str,
) -> list[Path]:
    """Hive parts ``year=Y/month=M/<stem>_0.parquet`` from the staged file: moved whole when it
    holds one month, else one filtered copy per month."""
    parts = []
    date = date_column(found)
    for year, month, _ in months:
        part = target / f"year={year}" / f"month={month}" / f"{stem}_0.parquet"
        part.parent.mkdir(parents=True, exist_ok=True)
        if len(months) == 1:
            os.replace(stage, part)
        else:
            con.execute(
                f"""COPY (SELECT * FROM read_parquet({literal(stage)})
                          WHERE {date} >= make_date(?, ?, 1)
                            AND {date} < make_date(?, ?, 1) + INTERVAL 1 MONTH)
                    TO {literal(part)} (FORMAT parquet, COMPRESSION zstd)""",
                [year, month, year, month],
            )
        parts.append(part)
    return parts


#: Files up to this size are read together, up to BATCH_FILES or BATCH_BYTES at a time (a real
#: 15-minute GDELT 2.0 export is 1-2 MB: per-file work would cost more than its rows).
SMALL_FILE = 16 << 20
BATCH_FILES = 64
BATCH_BYTES = 512 << 20


def _batch_key(path: Path, fmt: str | None) -> tuple | None:
    """What a small CSV file must share with others to be read in one scan (None: alone)."""
    if path.suffix.lower() == ".zip":
        return None
    try:
        if path.stat().st_size > SMALL_FILE:
            return None
        found, opts = sniff(path)
    except (OSError, ParseError):
        return None
    if found == "plover" or (fmt is not None and fmt != found):
        return None
    return found, repr(sorted(opts.items()))


def _write_files(
    pending: list[tuple[str, Path]], source: str, out: Path, fmt: str | None
) -> Iterator[FileResult]:
    """Write each pending file, yielding its result once its parts are in place (in input order).

    Runs of small files of one format are read in one scan (:func:`_write_batch`); other files
    one at a time (:func:`_write_file`).
    """
    group: list[tuple[str, Path]] = []
    key, size = None, 0

    def flush() -> Iterator[FileResult]:
        if len(group) == 1:
            yield _write_file(group[0][1], group[0][0], source, out, fmt)
        elif group:
            yield from _write_batch(group, source, out, fmt)
        group.clear()

    for name, path in pending:
        this = _batch_key(path, fmt)
        if this is None or this != key or len(group) >= BATCH_FILES or size >= BATCH_BYTES:
            yield from flush()
            key, size = this, 0
        if this is None:
            yield _write_file(path, name, source, out, fmt)
            continue
        group.append((name, path))
        size += path.stat().st_size
    yield from flush()


def _write_batch(
    group: list[tuple[str, Path]], source: str, out: Path, fmt: str | None
) -> Iterator[FileResult]:
    """Read small files of one format in one scan, partitioned by file, year and month.

    The checks are those of a single file; if the scan fails (a corrupt file among them), each
    file is written on its own instead, so the corrupt one is named and the others kept.
    """
    shas = [sha256_file(path) for _, path in group]
    with staging_dir(out) as staging:
        target = staging / "out"
        con = duckdb.connect()
        try:
            found, query = read_sql([path for _, path in group], fmt)
            con.execute("SET preserve_insertion_order = false")
            con.execute("CREATE TEMP TABLE inputs (path VARCHAR, i INTEGER, name VARCHAR)")
            con.executemany(
                "INSERT INTO inputs VALUES (?, ?, ?)",
                [[str(path), i, name] for i, (name, path) in enumerate(group)],
            )
            named = f"""SELECT q.* EXCLUDE (filename), inputs.name AS ingest_file, inputs.i
                        FROM ({query}) q JOIN inputs ON q.filename = inputs.path"""
            con.execute(
                f"""COPY ({partitioned_sql(found, named)})
                    TO {literal(target)} (FORMAT parquet, COMPRESSION zstd,
                                         PARTITION_BY (i, year, month), FILENAME_PATTERN 'part_{{i}}')"""
            )
            rows = dict(
                con.execute(
                    f"""SELECT i, count(*) FROM read_parquet({literal(target / "**" / "*.parquet")},
                                                             hive_partitioning = true)
                        GROUP BY i"""
                ).fetchall()
            ) if target.exists() else {}  # fmt: skip
        except (DetenteError, duckdb.Error, OSError):
            rows = None
        finally:
            con.close()
        if rows is None:  # one bad file: each on its own, for its own verdict
            for name, path in group:
                yield _write_file(path, name, source, out, fmt)
            return
        for i, (name, _) in enumerate(group):
            stem = f"{_stem(name)}-{shas[i][:8]}"
            moved: list[str] = []
            for part in sorted((target / f"i={i}").rglob("*.parquet")):
                month = part.parent.relative_to(target / f"i={i}")
                rel = (
                    Path(found)
                    / f"source={source}"
                    / month
                    / f"{stem}_{part.stem.split('_')[-1]}.parquet"
                )
                (out / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(part, out / rel)
                moved.append(rel.as_posix())
            yield FileResult(name, "present", found, shas[i], int(rows.get(i, 0)), moved)


def _drop_rows(part: Path, name: str) -> None:
    """Rewrite a shared (compacted) part without the rows of input file ``name``, atomically."""
    if not part.exists():
        return
    con = duckdb.connect()
    try:
        with atomic_path(part) as tmp:
            con.execute(
                f"""COPY (SELECT * FROM read_parquet({literal(part)}, hive_partitioning = false)
                          WHERE ingest_file <> {literal(name)})
                    TO {literal(tmp)} (FORMAT parquet, COMPRESSION zstd)"""
            )
    finally:
        con.close()


def _not_events(path: Path) -> str | None:
    """Why a file in a folder is not taken as an event file (None: it is one, or a GDELT slot).

    A file named like a GDELT export is always taken (and reported corrupt if it does not read);
    any other file whose first line fits no event schema (a codebook, a schema table) is listed
    as ignored, with the reason, in the manifest.
    """
    if _slot(path.name) is not None or path.suffix.lower() == ".zip":
        return None
    if not EVENT_NAME.search(path.name):
        return "not an event file name"
    try:
        sniff(path)
    except ParseError as exc:
        return str(exc)
    return None


def _candidates(folder: Path) -> list[Path]:
    """The files of a folder that may hold events (other files are listed as ignored)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _fetch_event_files(
    sid: str, mirror: str | os.PathLike[str] | None, results: list[FileResult]
) -> list[tuple[str, Path]]:
    """A registered source's event files as (name, path), fetched and hash-checked from the mirror
    or cache (both engines fetch on this machine); a missing or mis-hashed file goes to ``results``."""
    if sid not in SOURCE_EVENT_FILES:
        get_source(sid)  # unknown id: the registry's error, with suggestions
        raise InputError(
            f"source {sid!r} has no event files; event sources: {sorted(SOURCE_EVENT_FILES)}"
        )
    reg = get_source(sid)
    fetched: list[tuple[str, Path]] = []
    for name in SOURCE_EVENT_FILES[sid]:
        try:
            path, _ = fetch_file(reg, reg.file(name), mirror=mirror)
            fetched.append((name, path))
        except HashMismatchError as exc:
            results.append(FileResult(name, "corrupt", error=str(exc).splitlines()[0]))
        except FetchError as exc:
            results.append(FileResult(name, "missing", error=str(exc).splitlines()[0]))
    return fetched


def _partition_name(source: str | None) -> str:
    """``source`` as the lake's partition name, refused unless letters, digits, '.', '_' or '-'."""
    if source is None or not re.fullmatch(r"[A-Za-z0-9._-]+", source):
        raise InputError(f"source name {source!r}: use letters, digits, '.', '_' or '-'")
    return source


def ingest(
    what: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    source: str | None = None,
    fmt: str | None = None,
    mirror: str | os.PathLike[str] | None = None,
    between: tuple[str, str] | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Ingest a registered source, a folder or files into ``out``; return that source's manifest.

    ``what`` is a source id (its event files are fetched, hash-checked, from the mirror or cache),
    a folder (mirror or your own) or a list of files. ``source`` names the partition (default:
    the source id or the folder's name); ``fmt`` forces a format; ``between`` gives the range of
    GDELT slots expected (ISO date-times); ``strict`` raises if any file is missing or corrupt.

    >>> import tempfile
    >>> m = ingest("gdelt-2.0-sample", tempfile.mkdtemp(), mirror="../shared/data")
    >>> m["present"], m["rows"], m["missing"], m["corrupt"]
    (['20150218230000.export.CSV'], 2271, [], [])
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    results: list[FileResult] = []
    todo: list[tuple[str, Path]] = []
    if isinstance(what, str) and not Path(what).exists() and "/" not in what:
        sid = str(what)
        todo = _fetch_event_files(sid, mirror, results)
        expected = list(SOURCE_EVENT_FILES[sid])
        source = source or sid
    else:
        paths = [Path(what)] if isinstance(what, (str, os.PathLike)) else [Path(p) for p in what]
        for p in paths:
            if not p.exists():
                raise InputError(f"{p}: no such file or folder")
        if len(paths) == 1 and paths[0].is_dir():
            source = source or paths[0].resolve().name
            files = _candidates(paths[0])
        else:
            files = paths
            source = source or "user"
        for p in files:
            why = _not_events(p) if len(paths) == 1 and paths[0].is_dir() else None
            if why is None:
                todo.append((p.name, p))
            else:
                results.append(FileResult(p.name, "ignored", error=why))
        expected = [n for n, _ in todo]
    source = _partition_name(source)
    expected, missing = gaps([n for n, _ in todo], expected, between)  # shared with Spark
    results += [FileResult(n, "missing", error="no file for this GDELT slot") for n in missing]

    with folder_lock(out, ".ingest.lock"):  # one ingest at a time per folder
        return _ingest_locked(out, source, fmt, todo, results, expected, strict, progress)


def _ingest_locked(
    out: Path,
    source: str,
    fmt: str | None,
    todo: list[tuple[str, Path]],
    results: list[FileResult],
    expected: list[str],
    strict: bool,
    progress: Progress | None,
) -> dict[str, Any]:
    recover(out)  # finish or undo an interrupted compaction first
    sweep_stale(out, ".staging-*")
    manifest = read_manifest(out)
    for fmt_name in FORMATS_ORDER:  # parts a killed ingest moved in but never listed
        for extra in _unlisted(out, fmt_name, manifest)[0]:
            (out / extra).unlink(missing_ok=True)
    entry = manifest["sources"].get(source, {"files": {}})
    pending: list[tuple[str, Path]] = []
    for name, path in todo:
        before = entry["files"].get(name)
        if (
            before
            and before.get("status") in ("present", "unchanged")
            and before.get("sha256") == sha256_file(path)
        ):
            result = FileResult(
                name, "unchanged", before.get("format"), before["sha256"], before["rows"]
            )
            result.parts = before.get("parts", [])
            results.append(result)
            if progress:
                progress(name, result.status, result.rows)
        else:
            pending.append((name, path))
    for result in _write_files(pending, source, out, fmt):
        if result.status == "present":
            for old, shared in replaced_parts(entry["files"], result.name, result.parts):
                if shared:  # a compacted file: keep the other files' rows
                    _drop_rows(out / old, result.name)
                else:
                    (out / old).unlink(missing_ok=True)
        results.append(result)
        if progress:
            progress(result.name, result.status, result.rows)
    return _finish(manifest, source, results, expected, strict, lambda m: write_manifest(out, m))


def _finish(
    manifest: dict[str, Any],
    source: str,
    results: list[FileResult],
    expected: list[str],
    strict: bool,
    write: Callable[[dict[str, Any]], None],
) -> dict[str, Any]:
    """Put the source's entry in the manifest and ``write`` it (last: every part is in place); with
    ``strict``, then refuse missing or corrupt files. Returns the source's manifest entry."""
    entry = _entry(results, expected)
    manifest["sources"][source] = entry
    manifest["detente_version"] = __version__
    write(manifest)
    if strict and (entry["missing"] or entry["corrupt"]):
        raise EventGapError(
            f"{source}: {len(entry['missing'])} missing and {len(entry['corrupt'])} corrupt file(s): "
            + ", ".join(entry["missing"] + entry["corrupt"])
        )
    return {"source": source, **entry}


def _entry(results: list[FileResult], expected: list[str]) -> dict[str, Any]:
    """A source's manifest entry: per-file records and the expected/present/missing/corrupt lists."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    files = {
        r.name: {
            "status": r.status, "format": r.format, "sha256": r.sha256, "rows": r.rows,
            "parts": r.parts, "error": r.error, "checked": now,
        }
        for r in results
    }  # fmt: skip

    def named(*status: str) -> list[str]:
        return sorted(r.name for r in results if r.status in status)

    return {
        "files": files,
        "expected": sorted(expected),
        "present": named("present", "unchanged"),
        "missing": named("missing"),
        "corrupt": named("corrupt"),
        "ignored": named("ignored"),
        "rows": sum(r.rows for r in results if r.status in ("present", "unchanged")),
        "formats": sorted(
            {r.format for r in results if r.format and r.status in ("present", "unchanged")}
        ),
    }


def dataset_glob(out: str | os.PathLike[str], fmt: str) -> str:
    """The Parquet glob of one format's dataset in an ingest folder."""
    return (Path(out) / fmt / "**" / "*.parquet").as_posix()


def scan(out: str | os.PathLike[str], fmt: str) -> str:
    """SQL ``read_parquet`` over one format's dataset, with source/year/month from the partitions.

    Refuses a folder whose compaction was interrupted (its parts may be doubled until finished).
    """
    if (Path(out) / "compact.journal").exists():
        raise InputError(
            f"{out}: a compaction was interrupted; run `detente events compact {out}` to finish it"
        )
    extra, missing = _unlisted(Path(out), fmt, read_manifest(out))
    if extra:
        raise InputError(
            f"{out}: {len(extra)} Parquet file(s) not in the manifest, e.g. {extra[0]} (an ingest "
            "was interrupted); run `detente events ingest` again with the same input to finish it"
        )
    if missing:
        raise InputError(
            f"{out}: {len(missing)} file(s) listed in the manifest are missing, e.g. {missing[0]}; "
            "run `detente events ingest` again with the same input to restore them"
        )
    types = "{'source': 'VARCHAR', 'year': 'SMALLINT', 'month': 'TINYINT'}"
    glob = literal(dataset_glob(out, fmt))
    return f"read_parquet({glob}, hive_partitioning = true, hive_types = {types})"


def _unlisted(out: Path, fmt: str, manifest: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Parts of one format on disk but not in the manifest, and parts listed but not on disk."""
    listed = listed_parts(manifest, fmt)
    folder = out / fmt
    on_disk = (
        {p.relative_to(out).as_posix() for p in folder.rglob("*.parquet")} if folder.is_dir() else set()
    )
    return sorted(on_disk - listed), sorted(listed - on_disk)


def formats_present(out: str | os.PathLike[str]) -> list[str]:
    """The formats with at least one Parquet part in an ingest folder."""
    root = Path(out)
    return [f for f in FORMATS_ORDER if any((root / f).rglob("*.parquet"))]


def sources_present(out: str | os.PathLike[str]) -> list[str]:
    """The sources with ingested rows in an ingest folder, from its manifest (sorted)."""
    return sorted(k for k, v in read_manifest(out)["sources"].items() if v.get("rows"))
