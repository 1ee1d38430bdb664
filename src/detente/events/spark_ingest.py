"""Ingest raw event files (GDELT 1.0/2.0 exports, zipped or not, ICEWS ``.tab``) into the lake in Spark.

The same lake as :func:`detente.events.ingest.ingest` (``<lake>/<format>/source=<id>/year=<y>/
month=<m>/<file stem>-<sha8>_<i>.parquet``, zstd, plus ``manifest.json``), the same checks and the
same per-file statuses, for archives too big for one machine and lakes on any file system the
session's Hadoop configuration reads (``file://``, ``s3a://``, ``gs://``, ``abfss://``, ``hdfs://``).

Spark lists the input URI, reads each file's bytes (``binaryFile``) and spreads the files over the
executors. Each executor hashes its files (sha256) and reads each one with the DuckDB rules of
:mod:`detente.events.ingest_rules` (the very text the DuckDB ingest runs: column counts, types,
dates, GDELT ``Year`` against ``SQLDATE``; zipped exports unzipped first), all of a file or none
of it; a file that breaks a rule becomes one status row naming the error. Spark writes the rows
to a staging folder inside the lake, partitioned by file, year and month; the driver then moves
each part to its place under the ingest's name and writes the manifest last. A corrupt,
truncated or mis-hashed file is listed by name in the manifest, never silently dropped, and
nothing of it reaches the lake.

Needs classic PySpark and, on the executors, this package with DuckDB and pyarrow (the rules run
there): see "Running on a cluster" in ``docs/events.md``. PLOVER JSON (one small file) is
ingested by the DuckDB engine.
"""

from __future__ import annotations

import os
import re
import urllib.parse
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any

import pyarrow as pa

from .._version import __version__
from ..errors import InputError
from .ingest import (
    SOURCE_EVENT_FILES,
    FileResult,
    Progress,
    _fetch_event_files,
    _finish,
    _partition_name,
    _stem,
)
from .ingest_rules import gaps, listed_parts, partitioned_sql, replaced_parts
from .manifest import MANIFEST
from .spark_session import spark_uri

#: Formats the Spark ingest writes (PLOVER's unsigned actor counts have no Spark type).
SPARK_FORMATS = ("gdelt1", "gdelt2", "icews")
#: Staging-only partition column: the part stem of a file's rows, or STATUS for the status rows
#: (one per file: its row count or error, as JSON in ``ingest_file``). Stems end in -<sha8>.
_PART, STATUS = "ingest_part", "status"
_INSPECT = pa.schema(
    [("name", pa.string()), ("sha256", pa.string()), ("format", pa.string()),
     ("ignored", pa.string()), ("error", pa.string()), ("schema", pa.binary())]
)  # fmt: skip


def _errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mark one file corrupt, exactly those the DuckDB ingest catches."""
    import zipfile

    import duckdb

    from ..errors import DetenteError

    return (DetenteError, duckdb.Error, OSError, zipfile.BadZipFile)


def _local_copy(folder: Path, name: str, content: bytes) -> Path:
    """Write an input file's bytes under its own name (error messages name the file)."""
    path = folder / name
    path.write_bytes(content)
    return path


def _inspect_batches(folder_mode: bool, fmt: str | None):
    """Executor function: per input file its sha256, and why it is ignored, or its format and
    row schema, or why it is corrupt (the DuckDB ingest's own tests and messages)."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import tempfile

        from ..sources._events import brief
        from .ingest import _not_events
        from .ingest_rules import read_file
        from .rules import sha256_file

        for batch in batches:
            paths, contents = batch.column("path").to_pylist(), batch.column("content").to_pylist()
            for path, content in zip(paths, contents, strict=True):
                name = path.rsplit("/", 1)[-1]
                rec: dict[str, Any] = {"name": name}
                with tempfile.TemporaryDirectory() as tmp:
                    local = _local_copy(Path(tmp), name, content)
                    rec["sha256"] = sha256_file(local)
                    why = _not_events(local) if folder_mode else None
                    if why is not None:
                        rec["ignored"] = why
                    else:
                        try:
                            found, query = read_file(local, fmt, Path(tmp))
                            rec["schema"] = _rows_schema(found, query, name)
                            rec["format"] = found
                        except _errors() as exc:
                            rec["error"] = brief(exc)
                yield pa.RecordBatch.from_pylist([rec], schema=_INSPECT)

    return run


def _rows_schema(found: str, query: str, name: str) -> bytes:
    """The Arrow schema (serialised) of one file's partitioned rows, without reading them."""
    import duckdb

    con = duckdb.connect()
    try:
        return (
            con.sql(partitioned_sql(found, query, name))
            .limit(0)
            .to_arrow_table()
            .schema.serialize()
            .to_pybytes()
        )
    finally:
        con.close()


def _convert_batches(fmt: str | None, schema: pa.Schema):
    """Executor function: the checked rows of each input file (all or none: the whole file is read
    before any row is handed over), then one status row with its row count or its error."""
    out_schema = schema.append(pa.field(_PART, pa.string()))

    def status(name: str, **what: Any) -> pa.RecordBatch:
        import json

        rec = {"ingest_file": json.dumps({"name": name, **what}), _PART: STATUS}
        return pa.RecordBatch.from_pylist([rec], schema=out_schema)

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import tempfile

        import duckdb

        from ..sources._events import brief
        from .ingest_rules import read_file
        from .rules import sha256_file

        for batch in batches:
            paths, contents = batch.column("path").to_pylist(), batch.column("content").to_pylist()
            for path, content in zip(paths, contents, strict=True):
                name = path.rsplit("/", 1)[-1]
                with tempfile.TemporaryDirectory() as tmp:
                    local = _local_copy(Path(tmp), name, content)
                    stem = f"{_stem(name)}-{sha256_file(local)[:8]}"
                    try:
                        found, query = read_file(local, fmt, Path(tmp))
                        con = duckdb.connect()
                        try:
                            con.execute("SET preserve_insertion_order = false")
                            table = con.sql(partitioned_sql(found, query, name)).to_arrow_table()
                        finally:
                            con.close()
                    except _errors() as exc:
                        yield status(name, error=brief(exc))
                        continue
                table = table.cast(schema)
                table = table.append_column(_PART, pa.array([stem] * table.num_rows, pa.string()))
                yield from table.to_batches(max_chunksize=1 << 16)
                yield status(name, rows=table.num_rows)

    return run


class _Lake:
    """A lake's file system through Hadoop (any URI Spark reads); local lakes skip .crc files."""

    def __init__(self, spark: Any, uri: str) -> None:
        self.spark, self.uri = spark, uri.rstrip("/")
        jvm = spark.sparkContext._jvm
        self._Path = jvm.org.apache.hadoop.fs.Path
        fs = self._Path(self.uri).getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        if self.uri.startswith("file:"):
            fs = fs.getRawFileSystem()  # no .crc side files in the lake
        self.fs = fs

    def path(self, rel: str = "") -> Any:
        return self._Path(f"{self.uri}/{rel}" if rel else self.uri)

    def exists(self, rel: str) -> bool:
        return bool(self.fs.exists(self.path(rel)))

    def files(self, rel: str) -> list[str]:
        """Paths, relative to the lake, of every file under ``rel`` (recursively)."""
        if not self.exists(rel):
            return []
        found, it = [], self.fs.listFiles(self.path(rel), True)
        root = str(self.fs.makeQualified(self.path()).toUri().getPath()).rstrip("/")
        while it.hasNext():
            full = str(it.next().getPath().toUri().getPath())
            found.append(full[len(root) + 1 :])
        return sorted(found)

    def delete(self, rel: str) -> None:
        self.fs.delete(self.path(rel), True)

    def move(self, src: str, dst: str) -> None:
        """Move a file within the lake, replacing ``dst`` if it exists."""
        from py4j.protocol import Py4JJavaError

        target = self.path(dst)
        self.fs.mkdirs(target.getParent())
        try:  # onto an existing file HDFS's rename returns false and S3A's raises: delete, retry
            if self.fs.rename(self.path(src), target):
                return
        except Py4JJavaError:
            pass
        self.fs.delete(target, False)
        if not self.fs.rename(self.path(src), target):
            raise OSError(f"{self.uri}: could not move {src} to {dst}")

    def read_text(self, rel: str) -> str | None:
        if not self.exists(rel):
            return None
        stream = self.fs.open(self.path(rel))
        try:
            jvm = self.spark.sparkContext._jvm
            return str(jvm.org.apache.commons.io.IOUtils.toString(stream, "UTF-8"))
        finally:
            stream.close()

    def write_text(self, rel: str, text: str) -> None:
        """Write beside, then move over ``rel`` (a reader sees the old or the new file)."""
        tmp = f".{rel}.{uuid.uuid4().hex}.tmp"
        stream = self.fs.create(self.path(tmp), True)
        try:
            stream.write(bytearray(text.encode()))
        finally:
            stream.close()
        self.move(tmp, rel)


def _inputs(spark: Any, what: Any) -> tuple[list[str], bool, str | None]:
    """(file URIs, whether they are a folder's listing, the folder's name) of the input."""
    items = [what] if isinstance(what, (str, os.PathLike)) else list(what)
    uris = [spark_uri(p) for p in items]
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    HPath = spark.sparkContext._jvm.org.apache.hadoop.fs.Path
    files: list[str] = []
    for text, uri in zip(items, uris, strict=True):
        path = HPath(uri)
        fs = path.getFileSystem(conf)
        if not fs.exists(path):
            raise InputError(f"{os.fspath(text)}: no such file or folder")
        if len(uris) == 1 and fs.getFileStatus(path).isDirectory():
            names = sorted(str(s.getPath().getName()) for s in fs.listStatus(path) if s.isFile())
            listing = [f"{uri}/{n}" for n in names if not n.startswith(".")]
            return listing, True, PurePosixPath(path.toUri().getPath()).name
        files.append(uri)
    return files, False, None


def _binary(spark: Any, uris: list[str]) -> Any:
    """The input files as a DataFrame of (path, content), one row per file."""
    return spark.read.format("binaryFile").load(uris).select("path", "content")


def ingest_spark(
    what: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    source: str | None = None,
    fmt: str | None = None,
    mirror: str | os.PathLike[str] | None = None,
    between: tuple[str, str] | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    spark: Any = None,
) -> dict[str, Any]:
    """:func:`detente.events.ingest.ingest` in Spark: the same arguments, lake and manifest.

    ``what`` is a registered source id (its files fetched and hash-checked on the driver, as the
    DuckDB ingest does), a folder or a list of files, as local paths or URIs; ``out`` a local
    path or URI. Returns that source's manifest entry. See ``tests/events/test_events_spark_ingest.py``
    for a run against the DuckDB ingest (not a doctest: it needs Java and pyspark).
    """
    from .spark import session

    if fmt is not None and fmt not in SPARK_FORMATS:
        raise InputError(
            f"format {fmt!r}: the spark engine ingests {', '.join(SPARK_FORMATS)} "
            "(PLOVER with the duckdb engine)"
        )
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise InputError("the spark engine needs pyspark: pip install 'detente[spark]'") from exc
    results: list[FileResult] = []
    expected: list[str] = []
    local_files: list[str] | None = None
    if isinstance(what, str) and not Path(what).exists() and "/" not in what:
        sid = what
        if sid == "plover":
            raise InputError("plover: the spark engine ingests GDELT and ICEWS; use --engine duckdb")
        local_files = [spark_uri(path) for _, path in _fetch_event_files(sid, mirror, results)]
        expected = list(SOURCE_EVENT_FILES[sid])
        source = source or sid
    spark = spark or session()
    if local_files is not None:
        uris, folder_mode = local_files, False
    else:
        uris, folder_mode, folder = _inputs(spark, what)
        source = source or folder or "user"
    source = _partition_name(source)
    lake = _Lake(spark, spark_uri(out))
    with _ingest_settings(spark):
        inspected = _inspect(spark, uris, folder_mode, fmt)
    todo = [r for r in inspected if r["ignored"] is None]
    results += [FileResult(r["name"], "ignored", error=r["ignored"]) for r in inspected if r["ignored"]]
    if local_files is None:
        expected = [r["name"] for r in todo]
    plover = [r["name"] for r in todo if r["format"] == "plover"]
    if plover:
        raise InputError(
            f"{plover[0]}: a PLOVER file; the spark engine ingests GDELT and ICEWS, use --engine duckdb"
        )
    expected, missing = gaps([r["name"] for r in todo], expected, between)
    results += [FileResult(n, "missing", error="no file for this GDELT slot") for n in missing]
    local = _local_path(out)
    if local is None:  # an object store: one ingest per lake at a time is the user's to keep
        return _ingest_locked(spark, lake, source, fmt, todo, results, expected, strict, progress)
    from ..outputs import folder_lock, sweep_stale
    from .compact import recover

    local.mkdir(parents=True, exist_ok=True)
    with folder_lock(local, ".ingest.lock"):  # as the DuckDB ingest: one at a time per folder
        recover(local)  # finish or undo an interrupted compaction first
        sweep_stale(local, ".staging-*")
        return _ingest_locked(spark, lake, source, fmt, todo, results, expected, strict, progress)


def _local_path(out: str | os.PathLike[str]) -> Path | None:
    """The local folder of a lake given as a path or ``file:`` URI (None on other file systems)."""
    text = os.fspath(out)
    if text.startswith("file:"):
        return Path(urllib.parse.urlparse(text).path)
    return None if "://" in text else Path(text)


class _ingest_settings:
    """Session settings for the ingest's jobs, restored after: files reach the executors' Python
    one at a time (an Arrow batch holds whole files), and the writer keeps a file's few
    partitions open at once instead of sorting every row by partition first."""

    SETTINGS = {
        "spark.sql.execution.arrow.maxRecordsPerBatch": "1",
        "spark.sql.maxConcurrentOutputFileWriters": "64",
    }

    def __init__(self, spark: Any) -> None:
        self.spark = spark

    def __enter__(self) -> None:
        self.before = {k: self.spark.conf.get(k, None) for k in self.SETTINGS}
        for key, value in self.SETTINGS.items():
            self.spark.conf.set(key, value)

    def __exit__(self, *exc: object) -> None:
        for key, value in self.before.items():
            if value is None:
                self.spark.conf.unset(key)
            else:
                self.spark.conf.set(key, value)


def _inspect(spark: Any, uris: list[str], folder_mode: bool, fmt: str | None) -> list[dict[str, Any]]:
    """Stage 1, on the executors: each file's sha256 and format, or why it is ignored or corrupt."""
    from pyspark.sql.pandas.types import from_arrow_schema

    if not uris:
        return []
    frame = _binary(spark, uris).mapInArrow(
        _inspect_batches(folder_mode, fmt), from_arrow_schema(_INSPECT)
    )
    got = {r["name"]: r for r in frame.toArrow().to_pylist()}
    # a file Spark did not hand over (its listing skips names starting with _ or .) is reported
    lost = {"sha256": None, "format": None, "ignored": None, "schema": None,
            "error": "not read by Spark (names starting with '_' or '.' are skipped)"}  # fmt: skip
    return [
        {**(got.get(n) or {**lost, "name": n}), "uri": u} for u in uris for n in [u.rsplit("/", 1)[-1]]
    ]


def _ingest_locked(
    spark: Any,
    lake: _Lake,
    source: str,
    fmt: str | None,
    todo: list[dict[str, Any]],
    results: list[FileResult],
    expected: list[str],
    strict: bool,
    progress: Progress | None,
) -> dict[str, Any]:
    import json

    if lake.exists("compact.journal"):
        raise InputError(
            f"{lake.uri}: a compaction was interrupted; run `detente events compact` on it first"
        )
    text = lake.read_text(MANIFEST)
    try:
        manifest = json.loads(text) if text else {"detente_version": __version__, "sources": {}}
    except ValueError as exc:
        raise InputError(f"{lake.uri}/{MANIFEST}: not a readable manifest ({exc})") from None
    for fmt_name in SPARK_FORMATS:  # parts a killed ingest moved in but never listed
        listed = listed_parts(manifest, fmt_name)
        for rel in lake.files(fmt_name):
            if rel.endswith(".parquet") and rel not in listed:
                lake.delete(rel)
    entry = manifest["sources"].get(source, {"files": {}})
    done: dict[str, FileResult] = {}
    write: dict[str, list[dict[str, Any]]] = {}
    for rec in todo:
        name, before = rec["name"], entry["files"].get(rec["name"])
        if (
            before
            and before.get("status") in ("present", "unchanged")
            and before.get("sha256") == rec["sha256"]
        ):
            done[name] = FileResult(
                name, "unchanged", before.get("format"), before["sha256"], before["rows"],
                before.get("parts", []),
            )  # fmt: skip
        elif rec["error"] is not None:
            done[name] = FileResult(name, "corrupt", fmt, rec["sha256"], error=rec["error"])
        else:
            write.setdefault(rec["format"], []).append(rec)
    staging = f".staging-spark-{uuid.uuid4().hex}"
    try:
        with _ingest_settings(spark):
            for found, recs in write.items():
                done.update(_write_format(spark, lake, staging, source, found, fmt, recs))
    finally:
        lake.delete(staging)
    for rec in todo:
        result = done[rec["name"]]
        if result.status == "present":
            for old, shared in replaced_parts(entry["files"], result.name, result.parts):
                if shared:  # a compacted part: keep the other files' rows
                    _drop_rows(spark, lake, old, result.name)
                else:
                    lake.delete(old)
        results.append(result)
        if progress:
            progress(result.name, result.status, result.rows)
    return _finish(
        manifest, source, results, expected, strict,
        lambda m: lake.write_text(MANIFEST, json.dumps(m, indent=1, sort_keys=True, default=str)),
    )  # fmt: skip


def _write_format(
    spark: Any, lake: _Lake, staging: str, source: str, found: str, fmt: str | None,
    recs: list[dict[str, Any]],
) -> dict[str, FileResult]:  # fmt: skip
    """Stage 2, one format: rows read on the executors, written by Spark to the staging folder
    (partitioned by file, year and month), then moved into place under the ingest's names."""
    import json

    from pyspark.sql.pandas.types import from_arrow_schema

    schema = pa.ipc.read_schema(pa.py_buffer(recs[0]["schema"]))
    out_schema = from_arrow_schema(schema.append(pa.field(_PART, pa.string())))
    frame = _binary(spark, [r["uri"] for r in recs]).mapInArrow(
        _convert_batches(fmt, schema), out_schema
    )
    target = f"{lake.uri}/{staging}/{found}"
    (frame.write.option("compression", "zstd").partitionBy(_PART, "year", "month")
     .mode("overwrite").parquet(target))  # fmt: skip
    status = {}
    if lake.exists(f"{staging}/{found}/{_PART}={STATUS}"):
        done = spark.read.parquet(f"{target}/{_PART}={STATUS}").select("ingest_file").toArrow()
        status = {s["name"]: s for s in map(json.loads, done.column(0).to_pylist())}
    parts: dict[str, list[str]] = {}
    by_folder: dict[str, int] = {}
    moves: list[tuple[str, str]] = []
    for rel in lake.files(f"{staging}/{found}"):
        m = re.search(rf"/{_PART}=([^/]+)/(year=[^/]+/month=[^/]+)/[^/]+\.parquet$", rel)
        if m is None or m.group(1) == STATUS:
            continue  # the status rows, _SUCCESS and the like
        stem, folder = m.groups()
        i = by_folder.get(f"{stem}/{folder}", 0)
        by_folder[f"{stem}/{folder}"] = i + 1
        dest = f"{found}/source={source}/{folder}/{stem}_{i}.parquet"
        moves.append((rel, dest))
        parts.setdefault(stem, []).append(dest)
    with ThreadPoolExecutor(8) as pool:  # renames are copies on object stores: overlap them
        list(pool.map(lambda m: lake.move(*m), moves))
    out: dict[str, FileResult] = {}
    for rec in recs:
        name, st = rec["name"], status.get(rec["name"])
        if st is None or "error" in st:
            error = st["error"] if st else "no status from the executors"
            out[name] = FileResult(name, "corrupt", fmt, rec["sha256"], error=error)
            continue
        stem = f"{_stem(name)}-{rec['sha256'][:8]}"
        mine = sorted(parts.get(stem, []), key=PurePosixPath)
        out[name] = FileResult(name, "present", found, rec["sha256"], int(st["rows"]), mine)
    return out


def _drop_rows(spark: Any, lake: _Lake, part: str, name: str) -> None:
    """Rewrite a shared (compacted) part without the rows of input file ``name``."""
    from pyspark.sql import functions as F

    if not lake.exists(part):
        return
    tmp = f".staging-spark-{uuid.uuid4().hex}"
    try:
        kept = spark.read.parquet(f"{lake.uri}/{part}").where(F.col("ingest_file") != name)
        kept.coalesce(1).write.option("compression", "zstd").parquet(f"{lake.uri}/{tmp}")
        (written,) = [p for p in lake.files(tmp) if p.endswith(".parquet")]
        lake.move(written, part)
    finally:
        lake.delete(tmp)
