"""The per-file rules of event ingest, shared by the DuckDB ingest and the Spark ingest.

:func:`rows_sql` turns one file's typed read (:func:`detente.sources._events.read_sql`) into the
rows written to the lake: the ingest file's name, the ``year``/``month`` partition values, and
the row checks that fail the whole file (a row without an event date; a GDELT ``Year`` that is
not the year of ``SQLDATE``, since ``Year`` becomes the year partition). :func:`read_file` is
the whole per-file read, unzipping first, as :mod:`detente.events.ingest` does before its
``COPY`` and as the Spark executors do before handing the rows to Spark
(:mod:`detente.events.spark_ingest`): one text of each rule, run by DuckDB in both engines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..sources._events import read_sql
from ..sql import literal


def rows_sql(found: str, query: str, name: str) -> str:
    """The rows of one event file as ingested: checked, with ``ingest_file``, ``year``, ``month``.

    ``found`` is the file's format and ``query`` its typed read (both from ``read_sql``). A row
    that breaks a rule raises through DuckDB's ``error()``, so the file is reported, never
    half-written.

    >>> sql = rows_sql("icews", "SELECT DATE '2018-06-01' AS event_date", "x.tab")
    >>> import duckdb; duckdb.sql(sql).fetchall()
    [(datetime.date(2018, 6, 1), 'x.tab', 2018, 6)]
    """
    date = "event_date" if found in ("icews", "plover") else '"SQLDATE"'
    checks = [f"CASE WHEN {date} IS NULL THEN error('a row has no event date') ELSE TRUE END"]
    if found.startswith("gdelt"):
        checks.append(
            'CASE WHEN "Year" IS DISTINCT FROM year("SQLDATE") '
            "THEN error('a row has a Year that is not the year of SQLDATE') ELSE TRUE END"
        )
    star = '* EXCLUDE ("Year")' if found.startswith("gdelt") else "*"
    return f"""SELECT {star}, {literal(name)} AS ingest_file, year({date})::SMALLINT AS year,
                      month({date})::TINYINT AS month
               FROM ({query}) WHERE {" AND ".join(checks)}"""


def read_file(path: Path, name: str, fmt: str | None, staging: Path) -> tuple[str, str]:
    """(format, SQL) giving the checked rows of the event file at ``path``, ingested as ``name``.

    A zipped export is first unzipped into ``staging`` (it must hold exactly one file). Raises
    :class:`detente.errors.ParseError` (or the zip error) when the file fits no event schema.
    """
    from .ingest import _unzip

    readable = _unzip(path, staging) if path.suffix.lower() == ".zip" else path
    found, query = read_sql(readable, fmt)
    return found, rows_sql(found, query, name)


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
    from .ingest import _slot, expected_slots

    slots = expected_slots(names, between)
    have = {n.removesuffix(".zip").removesuffix(".ZIP") for n in names}
    every = sorted({n for n in expected if _slot(n) is None} | set(slots))
    return every, [n for n in slots if n not in have]


def listed_parts(manifest: dict[str, Any], fmt: str) -> set[str]:
    """The Parquet parts of format ``fmt`` that a lake's manifest lists (of present files)."""
    return {
        p for entry in manifest["sources"].values() for rec in entry.get("files", {}).values()
        if rec.get("status") in ("present", "unchanged")
        for p in rec.get("parts") or [] if p.split("/", 1)[0] == fmt
    }  # fmt: skip
