"""Event-data file formats (GDELT 1.0/2.0 exports, ICEWS ``.tab``, PLOVER JSON): schemas and typed reads.

Shared by the event sources and by :mod:`detente.events.ingest`. Every file is read with every
column as text and then cast column by column, so code columns (CAMEO event and actor codes,
FIPS and ADM codes, feature ids) keep their leading zeros, and a value that does not fit its
column's type makes the read fail (the file is reported, never silently patched).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from ..errors import ParseError
from ..sql import literal

#: GDELT 1.0 event table, in file order (57 columns before April 2013, then SOURCEURL: 58).
GDELT1_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]  # fmt: skip

#: GDELT 2.0 event table (61 columns): GDELT 1.0 plus an ADM2 code after each ADM1 code.
GDELT2_COLUMNS = [
    c
    for col in GDELT1_COLUMNS
    for c in ([col, col.replace("ADM1", "ADM2")] if col.endswith("ADM1Code") else [col])
]

#: ICEWS coded-event ``.tab`` header (20 columns), as published.
ICEWS_COLUMNS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude",
]  # fmt: skip

FORMATS = ("gdelt1", "gdelt2", "icews", "plover")


def _gdelt_kind(col: str) -> str:
    """The type a GDELT column is cast to (codes, names and feature ids stay text)."""
    if col == "GLOBALEVENTID":
        return "BIGINT"
    if col in ("MonthYear", "NumMentions", "NumSources", "NumArticles"):
        return "INTEGER"
    if col in ("Year",):
        return "SMALLINT"
    if col in ("QuadClass",) or col.endswith("Geo_Type"):
        return "TINYINT"
    if col in ("FractionDate", "GoldsteinScale", "AvgTone") or col.endswith(("_Lat", "_Long")):
        return "DOUBLE"
    return "VARCHAR"


def _blank(col: str) -> str:
    """A text column with empty strings as NULL."""
    return f"nullif(\"{col}\", '')"


def gdelt_read_types(columns: list[str]) -> dict[str, str]:
    """The types a raw GDELT export's columns are parsed as (:func:`gdelt_select` with ``typed``).

    The CSV reader parses numbers and SQLDATE itself (faster than text then a cast, and as
    strict: a value that does not fit fails the read); codes, names and DATEADDED stay text.

    >>> kinds = gdelt_read_types(GDELT2_COLUMNS)
    >>> kinds["SQLDATE"], kinds["NumMentions"], kinds["EventCode"], kinds["DATEADDED"]
    ('DATE', 'INTEGER', 'VARCHAR', 'VARCHAR')
    """
    kinds = {c: _gdelt_kind(c) for c in columns}
    kinds.update(SQLDATE="DATE", IsRootEvent="TINYINT")  # in every GDELT schema
    return kinds


def gdelt_select(columns: list[str], target: list[str], typed: bool = False) -> str:
    """SQL select list turning GDELT text columns into typed columns (publisher's names).

    SQLDATE becomes a DATE; DATEADDED a TIMESTAMP (GDELT 1.0 writes YYYYMMDD, 2.0
    YYYYMMDDHHMMSS); IsRootEvent a BOOLEAN. Latitude, longitude and feature id are NULL when the
    geography type is missing or 0 ("no geography"): R rewrites of GDELT fill them with 0.
    ``typed``: the columns were parsed as :func:`gdelt_read_types` says, not as text.
    """
    items = []
    for col in target:
        if col not in columns:
            if col == "SOURCEURL" or "ADM2" in col:
                items.append(f'NULL::VARCHAR AS "{col}"')
                continue
            raise ParseError(f"GDELT schema lacks column {col}")
        kind = _gdelt_kind(col)
        expr = f"CAST({_blank(col)} AS {kind})" if kind != "VARCHAR" else _blank(col)
        if typed and (kind != "VARCHAR" or col == "SQLDATE"):
            expr = f'"{col}"'  # parsed by the reader
        elif col == "SQLDATE":
            expr = f"strptime({_blank(col)}, '%Y%m%d')::DATE"
        elif col == "DATEADDED":
            expr = (
                f"CASE length({_blank(col)}) WHEN 14 THEN strptime(\"{col}\", '%Y%m%d%H%M%S') "
                f"WHEN 8 THEN strptime(\"{col}\", '%Y%m%d') "
                f"ELSE error('DATEADDED ' || coalesce(\"{col}\", 'NULL') || ' is not a date') END"
            )
        elif col == "IsRootEvent":
            expr = f'"{col}" = 1' if typed else f"CAST({_blank(col)} AS TINYINT) = 1"
        if col.endswith(("Geo_Lat", "Geo_Long", "Geo_FeatureID")):
            geo_type = col.rsplit("_", 1)[0] + "_Type"
            geo = f'"{geo_type}"' if typed else f"CAST({_blank(geo_type)} AS TINYINT)"
            no_geo = f"coalesce({geo}, 0) = 0"
            expr = f"CASE WHEN {no_geo} THEN NULL ELSE {expr} END"
        items.append(f'{expr} AS "{col}"')
    return ",\n       ".join(items)


ICEWS_NAMES = {c: re.sub(r"\W+", "_", c.strip().lower()) for c in ICEWS_COLUMNS}


def icews_select() -> str:
    """SQL select list turning ICEWS text columns into typed, snake_case columns.

    Dates may be ISO (2018 files) or m/d/Y (other releases); CAMEO Code stays text.
    """
    kinds = {
        "Event ID": "BIGINT", "Intensity": "DOUBLE", "Story ID": "BIGINT",
        "Sentence Number": "INTEGER", "Latitude": "DOUBLE", "Longitude": "DOUBLE",
    }  # fmt: skip
    items = []
    for col in ICEWS_COLUMNS:
        name = ICEWS_NAMES[col]
        if col == "Event Date":
            expr = (
                f"coalesce(try_strptime({_blank(col)}, '%Y-%m-%d'), "
                f"strptime({_blank(col)}, '%m/%d/%Y'))::DATE"
            )
        elif col in kinds:
            expr = f"CAST({_blank(col)} AS {kinds[col]})"
        else:
            expr = _blank(col)
        items.append(f"{expr} AS {name}")
    return ",\n       ".join(items)


def csv_scan(
    path: str | Path | Sequence[str | Path],
    columns: list[str],
    *,
    delim: str,
    header: bool,
    r_style: bool,
    na: bool = False,
    types: dict[str, str] | None = None,
) -> str:
    """A ``read_csv`` call reading every column as text (or as ``types``), with no guessing.

    ``r_style`` files (rewritten by R) are quoted and write missing values as an unquoted NA;
    raw GDELT exports are unquoted, and NA there is a real code (FIPS for the Netherlands
    Antilles). ``na`` reads a bare NA as missing in an unquoted file (ICEWS extracts).
    ``types`` (column -> DuckDB type) parses those columns on read; DATEs are ``YYYYMMDD``.
    A list of files (one format) is read in one scan, with each row's file in ``filename``.
    """
    kinds = types or {}
    many = not isinstance(path, (str, Path))
    where = "[" + ", ".join(literal(p) for p in path) + "]" if many else literal(path)  # type: ignore[union-attr]
    cols = "{" + ", ".join(f"{literal(c)}: {literal(kinds.get(c, 'VARCHAR'))}" for c in columns) + "}"
    opts = [
        f"delim={literal(delim)}",
        f"header={str(header).lower()}",
        f"columns={cols}",
        "auto_detect=false",
    ]
    if "DATE" in kinds.values():
        opts.append("dateformat='%Y%m%d'")
    if r_style:
        opts += ["quote='\"'", "escape='\"'", "nullstr='NA'", "allow_quoted_nulls=false"]
    else:
        opts += ["quote=''", "escape=''"] + (["nullstr=['NA', '']"] if na else [])
    if many:
        opts.append("filename=true")
    return f"read_csv({where}, {', '.join(opts)})"


def plover_scan(path: str | Path) -> str:
    """A ``read_json`` call over a PLOVER JSON array (actors and location kept as JSON)."""
    cols = {
        "id": "VARCHAR", "date": "VARCHAR", "source": "JSON", "target": "JSON", "event": "VARCHAR",
        "mode": "VARCHAR", "context": "VARCHAR", "eventText": "VARCHAR", "text": "VARCHAR",
        "eventLoc": "JSON", "size": "VARCHAR", "dead": "VARCHAR", "injured": "VARCHAR",
        "publication": "VARCHAR", "coder": "VARCHAR", "version": "VARCHAR",
        "dateCoded": "VARCHAR", "language": "VARCHAR", "comment": "VARCHAR",
    }  # fmt: skip
    spec = "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in cols.items()) + "}"
    return f"read_json({literal(path)}, format='array', columns={spec})"


def _actor(side: str, field: str) -> str:
    """The first actor's field of a PLOVER source/target (a list of actors, or a bare string)."""
    return f"CASE WHEN json_type({side}) = 'ARRAY' THEN nullif({side}->0->>'{field}', '') ELSE NULL END"


def plover_select() -> str:
    """SQL select list for PLOVER records: first source/target actor, location, typed dates.

    PLOVER records may name several actors per side; the first is the record's actor and the
    full lists stay in ``source_actors``/``target_actors`` (JSON text).
    """
    items = [
        "id AS event_id",
        "strptime(nullif(date, ''), '%Y-%m-%d')::DATE AS event_date",
        "strptime(nullif(dateCoded, ''), '%Y-%m-%d')::DATE AS date_coded",
        "event", "nullif(trim(mode), '') AS mode", "nullif(trim(context), '') AS context",
        "eventText AS event_text", "text",
        *(f"{_actor(s, f)} AS {s}_{n}" for s in ("source", "target")
          for f, n in (("actorText", "actor"), ("code", "code"), ("sector", "sector"))),
        *(f"CASE WHEN json_type({s}) = 'ARRAY' THEN json_array_length({s}) ELSE 0 END AS n_{s}_actors"
          for s in ("source", "target")),
        "source::VARCHAR AS source_actors", "target::VARCHAR AS target_actors",
        "eventLoc->>'name' AS location_name", "eventLoc->>'country code' AS location_iso2",
        "size", "dead", "injured", "publication", "coder", "version", "language", "comment",
    ]  # fmt: skip
    return ",\n       ".join(items)


def sniff(path: Path) -> tuple[str, dict[str, object]]:
    """Which event format a file holds, from its first line: (format, read options).

    Raises :class:`ParseError` naming the file when the first line fits no known schema.
    """
    import gzip

    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as fh:
            head = fh.read(1 << 16)
    except OSError as exc:
        raise ParseError(f"{path.name}: not readable ({exc})") from exc
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if text.lstrip().startswith(("[", "{")):
        return "plover", {}
    first = text.splitlines()[0] if text else ""
    if "\t" in first:
        fields = first.split("\t")
        if [f.strip() for f in fields] == ICEWS_COLUMNS:
            opts = {"delim": "\t", "header": True, "r_style": False, "na": True}
            return "icews", {**opts, "columns": ICEWS_COLUMNS}
        if fields[0].strip().isdigit():
            if len(fields) == 61:
                return "gdelt2", {
                    "delim": "\t",
                    "header": False,
                    "r_style": False,
                    "columns": GDELT2_COLUMNS,
                }
            if len(fields) in (57, 58):
                cols = GDELT1_COLUMNS[: len(fields)]
                return "gdelt1", {"delim": "\t", "header": False, "r_style": False, "columns": cols}
        raise ParseError(
            f"{path.name}: {len(fields)} tab-separated columns fit no known event schema "
            "(GDELT 1.0: 57/58, GDELT 2.0: 61, ICEWS: the 20-column header)"
        )
    names = [f.strip().strip('"') for f in first.split(",")]
    if names and names[0] == "GLOBALEVENTID":
        for fmt, cols in (("gdelt1", GDELT1_COLUMNS), ("gdelt2", GDELT2_COLUMNS)):
            if names in (cols, cols[:57]):
                return fmt, {"delim": ",", "header": True, "r_style": True, "columns": names}
        raise ParseError(f"{path.name}: GDELT header with {len(names)} columns matches no GDELT schema")
    raise ParseError(f"{path.name}: first line fits no known event schema (GDELT, ICEWS or PLOVER)")


def read_sql(path: Path | Sequence[Path], fmt: str | None = None) -> tuple[str, str]:
    """(format, SQL query) giving the typed rows of one event file, schema checked on read.

    A list of CSV files of one format and dialect (as :func:`sniff` says of each) is read in
    one parallel scan, with each row's file path in a last column ``filename``.
    """
    many = not isinstance(path, Path)
    first = path[0] if many else path  # type: ignore[index]
    found, opts = sniff(first)  # type: ignore[arg-type]
    if fmt is not None and fmt != found:
        raise ParseError(f"{first.name}: expected a {fmt} file, found {found}")  # type: ignore[union-attr]
    if found == "plover":
        if many:
            raise ParseError("PLOVER files are read one at a time")
        return found, f"SELECT {plover_select()}\nFROM {plover_scan(path)} WHERE event <> 'DOCUMENT'"
    columns = opts.pop("columns")
    # raw (unquoted) GDELT exports: numbers and dates parsed by the reader; R rewrites as text
    typed = found.startswith("gdelt") and not opts["r_style"]
    types = gdelt_read_types(columns) if typed else None  # type: ignore[arg-type]
    scan = csv_scan(path, columns, **opts, types=types)  # type: ignore[arg-type]
    if found == "icews":
        select = icews_select()
    else:
        target = GDELT1_COLUMNS if found == "gdelt1" else GDELT2_COLUMNS
        select = gdelt_select(columns, target, typed)  # type: ignore[arg-type]
    return found, f"SELECT {select}{', filename' if many else ''}\nFROM {scan}"


def brief(exc: BaseException) -> str:
    """A DuckDB error in one line: its first line plus the line that says what was expected."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    detail = [
        ln for ln in lines[1:] if ln.startswith(("Expected Number", "Could not convert", "Error when"))
    ]
    return "; ".join(lines[:1] + detail[:1]) or type(exc).__name__


def read_table(path: Path, fmt: str | None = None, order: str | None = None) -> pa.Table:
    """One event file as a typed Arrow table (``order``: an ORDER BY list), schema checked."""
    _, query = read_sql(path, fmt)
    con = duckdb.connect()
    try:
        return con.sql(query + (f" ORDER BY {order}" if order else "")).to_arrow_table()
    except duckdb.Error as exc:
        raise ParseError(f"{path.name}: {brief(exc)}") from exc
    finally:
        con.close()
