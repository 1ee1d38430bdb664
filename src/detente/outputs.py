"""Writing files safely: output paths checked up front, contents moved into place only when whole."""

from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

try:  # advisory locks tell a live writer's temporary files from those of a killed one
    import fcntl
except ImportError:  # pragma: no cover - Windows: stale files are simply left alone
    fcntl = None  # type: ignore[assignment]

from .errors import InputError

TABLE_SUFFIXES = (".parquet", ".csv")
#: Parquet as detente writes it: zstd without dictionaries or bloom filters. Half the CPU of
#: DuckDB's defaults and a smaller file: zstd packs panel columns of small integers and doubles
#: well without them (compression codec and row-group size barely change the CPU: the encoding
#: itself costs it).
PARQUET_OPTIONS = "FORMAT parquet, COMPRESSION zstd, DICTIONARY_SIZE_LIMIT 1, WRITE_BLOOM_FILTER false"
CSV_OPTIONS = "FORMAT csv, HEADER"
_TOP_LEVEL = re.compile(r'"((?:[^"]|"")*)"')  # a column's key in COPY's RETURN_STATS


def check_output(path: str | os.PathLike[str]) -> Path:
    """An output path ending in .parquet or .csv whose folder exists, else InputError.

    >>> check_output("panel.txt")
    Traceback (most recent call last):
    ...
    detente.errors.InputError: output 'panel.txt': the suffix must be .parquet or .csv
    """
    out = Path(path)
    if out.suffix.lower() not in TABLE_SUFFIXES:
        raise InputError(f"output {str(out)!r}: the suffix must be .parquet or .csv")
    if not out.parent.exists():
        raise InputError(f"output {str(out)!r}: folder {str(out.parent)!r} does not exist")
    return out


@contextmanager
def atomic_path(dest: Path) -> Iterator[str]:
    """A temporary file beside ``dest`` that replaces ``dest`` only if the block succeeds.

    On any error the temporary file is removed and ``dest`` is left as it was (or absent), so
    nothing half-written is ever seen under the final name.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = Path(tmp).write_text("whole")
    >>> target.read_text()
    'whole'
    """
    sweep_stale(dest.parent, f".{dest.name}.*.part")
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    _lock(fd)  # held until closed: a killed writer's .part is the one nobody holds
    try:
        yield tmp
        os.replace(tmp, dest)
    finally:
        os.close(fd)
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def staging_dir(parent: Path) -> Iterator[Path]:
    """A fresh ``.staging-*`` folder in ``parent`` for work in progress, removed afterwards.

    The folder holds a locked ``.lock`` file while in use, so :func:`sweep_stale` can remove the
    staging folders of killed processes without touching those of live ones.

    >>> import tempfile
    >>> with staging_dir(Path(tempfile.mkdtemp())) as work:
    ...     work.name.startswith(".staging-")
    True
    """
    parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(parent, ".staging-*")
    path = Path(tempfile.mkdtemp(dir=parent, prefix=".staging-"))
    fd = os.open(path / ".lock", os.O_CREAT | os.O_RDWR, 0o600)
    _lock(fd)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        os.close(fd)


def sweep_stale(folder: Path, pattern: str, grace: float = 60.0) -> list[Path]:
    """Remove files or folders matching ``pattern`` in ``folder`` that no live process holds.

    A ``.part`` file is held by its writer's lock; a staging folder by the lock on its ``.lock``
    file. One without a lock file (written by an older detente) counts as stale once it is
    ``grace`` seconds old. Returns what was removed; does nothing where locks are unsupported.
    """
    removed: list[Path] = []
    if fcntl is None or not folder.is_dir():
        return removed
    for path in folder.glob(pattern):
        probe = path / ".lock" if path.is_dir() else path
        try:
            fd = os.open(probe, os.O_RDWR)
        except FileNotFoundError:
            try:
                if time.time() - path.stat().st_mtime < grace:
                    continue
            except FileNotFoundError:
                continue
            fd = None
        except OSError:
            continue
        try:
            if fd is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # a live writer holds it
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
        finally:
            if fd is not None:
                os.close(fd)
    return removed


@contextmanager
def folder_lock(folder: Path, name: str = ".lock") -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (waiting for another holder), e.g. one ingest at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / name, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` atomically (its folder must exist), e.g. a BibTeX file."""
    out = Path(path)
    if not out.parent.exists():
        raise InputError(f"output {str(out)!r}: folder {str(out.parent)!r} does not exist")
    with atomic_path(out) as tmp:
        Path(tmp).write_text(text)
    return out


def write_table(table: Any, path: str | os.PathLike[str]) -> Path:
    """Write an Arrow table to .parquet (metadata kept) or .csv (lists as text), atomically.

    >>> import pyarrow as pa, tempfile
    >>> out = write_table(pa.table({"a": [1, 2]}), Path(tempfile.mkdtemp()) / "t.csv")
    >>> out.read_text().split()
    ['a', '1', '2']
    """
    import pyarrow.parquet as pq

    out = check_output(path)
    with atomic_path(out) as tmp:
        if out.suffix.lower() == ".parquet":
            pq.write_table(table, tmp, compression="zstd")
        elif not _polars_csv(table, tmp):
            _duckdb_csv(table, tmp)
    return out


def _duckdb_csv(table: Any, path: str) -> None:
    """Write an Arrow ``table`` as CSV with DuckDB's writer (the text detente's CSV files have)."""
    import duckdb

    from .sql import literal

    con = duckdb.connect()
    try:
        con.register("t", table)
        con.execute(f"COPY t TO {literal(path)} ({CSV_OPTIONS})")
    finally:
        con.close()


def _polars_csv(table: Any, path: str) -> bool:
    """Write ``table`` as CSV with polars, byte for byte the text DuckDB's writer gives; False
    (nothing written) when polars is not installed or the table is not one it writes that way.

    polars formats numbers in a third of DuckDB's CPU time (peacesciencer's panel: about 1.1 s
    against 3.4 s). Both print a double's shortest round-trip digits, but where Python's
    ``repr`` (and DuckDB) switch to an exponent (below 1e-4, from 1e16) polars does not, and it
    prints NaN as ``NaN``: the columns holding such values are written as text, those values
    formatted by ``repr``. Only integer, boolean and double columns with plain, distinct names
    qualify, and only if this polars writes :data:`_PROBE` exactly as DuckDB does.
    """
    import pyarrow as pa

    plain = all(
        (pa.types.is_integer(f.type) or pa.types.is_boolean(f.type) or pa.types.is_float64(f.type))
        and f.name
        and not _NEEDS_QUOTES.search(f.name)
        for f in table.schema
    )
    unique = len(set(table.column_names)) == table.num_columns  # polars needs unique names
    if not plain or not unique or not table.num_columns or not _polars_agrees():
        return False
    _polars_frame(table).write_csv(path)
    return True


_NEEDS_QUOTES = re.compile(r'[",\r\n]|^\s|\s$')


def _polars_frame(table: Any) -> Any:
    """``table`` as a polars frame whose doubles polars prints as DuckDB does (see _polars_csv)."""
    import polars as pl

    frame = pl.from_arrow(table.replace_schema_metadata(None))
    text = {}
    for name, kind in frame.schema.items():
        if kind != pl.Float64:
            continue
        column = frame[name]
        size = column.abs()
        where = (((size < 1e-4) & (size > 0)) | (size >= 1e16) | column.is_nan()).arg_true()
        if len(where):  # few values (the smallest CINC scores): repr in Python is cheap
            fixed = pl.Series([repr(v) for v in column.gather(where).to_list()], dtype=pl.String)
            text[name] = column.cast(pl.String).scatter(where, fixed)
    return frame.with_columns(**text) if text else frame


#: Values at every edge of the number formats: polars is used only if it writes them as DuckDB.
_PROBE = {
    "d": [0.0, -0.0, 1.0, -1.0, 1657118.0, 0.1, 0.30000000000000004, 123.456, 0.0001, 0.00012,
          9.999999999999999e-05, 1e-05, 5.924859303496892e-05, -3e-07, 1e15, 999999999999999.9,
          9007199254740992.0, 9999999999999998.0, 1e16, 1.5e16, 1e22, 5e-324,
          2.2250738585072014e-308, 1.7976931348623157e308, float("nan"), float("inf"),
          float("-inf"), None],
    "w": [0.5] * 27 + [None],  # a double column written natively (no value needs repr)
}  # fmt: skip


@functools.cache
def _polars_agrees() -> bool:
    """Whether the installed polars writes :data:`_PROBE` (doubles, integers, booleans, nulls)
    exactly as DuckDB's CSV writer does; False without polars."""
    try:
        import polars  # noqa: F401
    except ImportError:
        return False
    import pyarrow as pa

    n = len(_PROBE["d"])
    ints = [0, 1, -1, 127, -128, None] + [7] * (n - 6)
    probe = pa.table({
        **{k: pa.array(v, pa.float64()) for k, v in _PROBE.items()},
        "i64": pa.array([2**63 - 1, -(2**63), *ints[2:]], pa.int64()),
        "i8": pa.array(ints, pa.int8()),
        "u64": pa.array([2**64 - 1, *([None] * (n - 1))], pa.uint64()),
        "b": pa.array([True, False, None] * (n // 3) + [True] * (n % 3), pa.bool_()),
    })  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        ours, theirs = Path(folder) / "polars.csv", Path(folder) / "duckdb.csv"
        _polars_frame(probe).write_csv(ours)
        _duckdb_csv(probe, str(theirs))
        return ours.read_bytes() == theirs.read_bytes()


def copy_query(
    con: Any,
    query: str,
    path: str | os.PathLike[str],
    metadata: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Write the rows of ``query`` straight from DuckDB (``COPY ... TO``) to .parquet or .csv.

    Atomic (:func:`atomic_path`). ``metadata`` goes into Parquet's key-value metadata. Returns
    what the writer counted, so nothing is read back: ``rows``, and for Parquet ``nulls``, the
    null count of each column (from the file's statistics, ``RETURN_STATS``).

    >>> import duckdb, tempfile
    >>> out = Path(tempfile.mkdtemp()) / "t.parquet"
    >>> copy_query(duckdb.connect(), "SELECT * FROM (VALUES (1), (NULL)) v(a)", out)
    {'rows': 2, 'nulls': {'a': 1}}
    """
    from .sql import literal

    out = check_output(path)
    parquet = out.suffix.lower() == ".parquet"
    options = f"{PARQUET_OPTIONS}, RETURN_STATS" if parquet else CSV_OPTIONS
    if parquet and metadata:
        pairs = ", ".join(f"{literal(k)}: {literal(v)}" for k, v in metadata.items())
        options += f", KV_METADATA {{{pairs}}}"
    with atomic_path(out) as tmp:
        done = con.execute(f"COPY ({query}) TO {literal(tmp)} ({options})")
        row = dict(zip([d[0] for d in done.description], done.fetchall()[0], strict=True))
    if not parquet:
        return {"rows": next(iter(row.values()))}  # COPY's one column: the rows written
    nulls = {}
    for key, stats in row["column_statistics"].items():  # quoted paths: '"a"', '"l"."element"'
        top = _TOP_LEVEL.fullmatch(key)
        if top and "null_count" in stats:
            nulls[top.group(1).replace('""', '"')] = int(stats["null_count"])
    return {"rows": row["count"], "nulls": nulls}
