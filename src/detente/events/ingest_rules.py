"""The per-file ingest steps both engines run, on top of the rules of :mod:`detente.events.rules`.

:func:`read_file` is how one input file is read (a zipped export unzipped first, then the typed,
schema-checked read of :func:`detente.sources._events.read_sql`) and :func:`rows_sql` which rows
of it reach the lake (GDELT's ``Year`` dropped, as it becomes the partition; the ingest file's
name added; the row checks of :func:`detente.events.rules.row_checks`, which fail the whole file).
The DuckDB ingest (:mod:`detente.events.ingest`) writes those rows on one machine; the Spark
ingest (:mod:`detente.events.spark_ingest`) runs the same two functions on its executors. Also
shared: which GDELT slots are expected and missing (:func:`gaps`) and which parts a manifest
lists (:func:`listed_parts`), and which parts a rewritten file leaves (:func:`replaced_parts`).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

from ..errors import ParseError
from ..sources._events import read_sql
from ..sql import literal
from .rules import date_column, expected_slots, row_checks, slot


def _unzip(path: Path, staging: Path) -> Path:
    """The single member of a zipped export, streamed out into ``staging``."""
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.namelist() if not m.endswith("/")]
        if len(members) != 1:
            raise ParseError(f"{path.name}: expected one file in the zip archive, found {len(members)}")
        target = staging / Path(members[0]).name
        with archive.open(members[0]) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    return target


def read_file(path: Path, fmt: str | None, staging: Path) -> tuple[str, str]:
    """(format, SQL of the typed rows) of the event file at ``path``; a ``.zip`` is unzipped into
    ``staging`` first (it must hold one file). Raises ``ParseError`` (or the zip error) when the
    file fits no event schema or not ``fmt``."""
    readable = _unzip(path, staging) if path.suffix.lower() == ".zip" else path
    return read_sql(readable, fmt)


def rows_sql(found: str, query: str, name: str | None = None) -> str:
    """The rows of event files as ingested: checked, without GDELT's ``Year``, with ``ingest_file``.

    ``found`` is the files' format and ``query`` their typed read (:func:`read_file`); ``name`` is
    the one file's name, or None when ``query`` already carries each row's ``ingest_file`` (a scan
    of several files). A row that breaks a rule raises through DuckDB's ``error()``: the file is
    reported, never half-written.

    >>> import duckdb
    >>> duckdb.sql(rows_sql("icews", "SELECT DATE '2018-06-01' AS event_date", "x.tab")).fetchall()
    [(datetime.date(2018, 6, 1), 'x.tab')]
    """
    star = '* EXCLUDE ("Year")' if found.startswith("gdelt") else "*"
    name_column = "" if name is None else f", {literal(name)} AS ingest_file"
    return f"SELECT {star}{name_column} FROM ({query}) WHERE {' AND '.join(row_checks(found))}"


def partitioned_sql(found: str, query: str, name: str | None = None) -> str:
    """:func:`rows_sql` with each row's ``year`` and ``month`` partition (of its event date).

    >>> import duckdb
    >>> duckdb.sql(partitioned_sql("icews", "SELECT DATE '2018-06-01' AS event_date", "x")).fetchall()
    [(datetime.date(2018, 6, 1), 'x', 2018, 6)]
    """
    date = date_column(found)
    return (
        f"SELECT *, year({date})::SMALLINT AS year, month({date})::TINYINT AS month "
        f"FROM ({rows_sql(found, query, name)})"
    )


def replaced_parts(files: dict[str, Any], name: str, parts: list[str]) -> list[tuple[str, bool]]:
    """The parts file ``name`` had in a manifest's ``files`` and no longer has, once rewritten as
    ``parts``: (part, shared), where a shared part (a compacted one) also holds other files' rows,
    so only ``name``'s rows leave it; any other is deleted.

    >>> files = {"a": {"parts": ["p1", "c"]}, "b": {"parts": ["c"]}}
    >>> replaced_parts(files, "a", ["p2"])
    [('c', True), ('p1', False)]
    """
    before = files.get(name) or {}
    shared = {
        p for other, rec in files.items() if other != name for p in rec.get("parts") or []
    }  # fmt: skip
    return [(old, old in shared) for old in sorted(set(before.get("parts") or []) - set(parts))]


def gaps(
    names: list[str], expected: list[str], between: tuple[str, str] | None = None
) -> tuple[list[str], list[str]]:
    """(every expected file, the GDELT slots with no file) for the input files ``names``.

    ``expected`` are the files asked for (a source's files, or the inputs); every GDELT export slot
    from the first to the last input (or over ``between``) is expected too, and a slot is covered
    by its file or its ``.zip``.

    >>> gaps(["20150218230000.export.CSV.zip", "20150218233000.export.CSV"], [])
    (['20150218230000.export.CSV', '20150218231500.export.CSV', '20150218233000.export.CSV'], \
['20150218231500.export.CSV'])
    """
    slots = expected_slots(names, between)
    have = {n.removesuffix(".zip").removesuffix(".ZIP") for n in names}
    every = sorted({n for n in expected if slot(n) is None} | set(slots))
    return every, [n for n in slots if n not in have]


def listed_parts(manifest: dict[str, Any], fmt: str) -> set[str]:
    """The Parquet parts of format ``fmt`` that a lake's manifest lists (of present files)."""
    return {
        p for entry in manifest["sources"].values() for rec in entry.get("files", {}).values()
        if rec.get("status") in ("present", "unchanged")
        for p in rec.get("parts") or [] if p.split("/", 1)[0] == fmt
    }  # fmt: skip
