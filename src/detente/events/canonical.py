"""One canonical event table over every ingested source (GDELT 1.0/2.0, ICEWS, PLOVER), as SQL.

Each row is one event as its source published it, with: ids and dates; actor names, raw codes
and the country each names, mapped to COW and G&W codes and ISO3; military and police flags;
the CAMEO code with its vocabulary; the PLOVER event, mode and context; quad class and Goldstein
score with the table they come from; mentions, sources, articles, tone; location; and the
military-diplomacy class of ``typology.csv`` (CAMEO-coded rows) or ``typology_plover.csv``
(PLOVER-coded rows, which carry no CAMEO code). How each source's fields are read:

- GDELT actor country codes are CAMEO three-letter codes, ISO 3166 alpha-3 for states; CAMEO's
  region codes (``WST`` the West, ``AFR``, ``EUR``, ``NMR``...) name no state and map to null.
  GDELT geography codes are FIPS 10-4 (``IZ`` Iraq, ``UP`` Ukraine, ``RS`` Russia, ``GM``
  Germany), mapped to ISO3 through ``fips.csv`` and then to COW: never read a FIPS code as ISO.
- ICEWS names countries ("Russian Federation"): names map through :mod:`detente.codes`.
- PLOVER actor codes are CAMEO-like ISO3 (two are not: ``JAP``, ``ITL``, taken as JPN, ITA);
  location countries are ISO alpha-2.
- Military actor: GDELT type codes MIL, SPY, PKO or UAF; ICEWS sectors Military..., Army...,
  Navy, Air Force, Defense / Security Ministry, Defense / Security IGOs, Intelligence Ministry;
  PLOVER sectors starting MIL, SPY, PKO or UAF. Police (GDELT COP, ICEWS Police, PLOVER COP) is
  its own flag and never makes an event military.
- Vocabulary: GDELT's lookup (``cameo-goldstein``) for GDELT rows, CAMEO 1.1b3
  (``cameo-codebook``) for ICEWS rows: they disagree on 101-108. Goldstein is the score the source
  published: GDELT's equals its lookup table, ICEWS's ``Intensity`` the CAMEO 1.1b3 codebook's.
  ICEWS has no quad class; it is derived from the root code (01-05 1, 06-09 2, 10-14 3, 15-20 4).
- PLOVER for CAMEO codes comes from CAMEO2PLOVER-2021 (exact code, else its three-digit base,
  else the root section); PLOVER records carry their own (0.5b1) event, mode and context.
"""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path

import duckdb

from .. import codes
from ..sql import literal
from ..warehouse import Warehouse, default_warehouse
from .ingest import formats_present, scan

TYPOLOGY_FILE = resources.files("detente.events") / "typology.csv"
PLOVER_TYPOLOGY_FILE = resources.files("detente.events") / "typology_plover.csv"
FIPS_FILE = resources.files("detente.events") / "fips.csv"

GDELT_MILITARY = ("MIL", "SPY", "PKO", "UAF")
ICEWS_MILITARY = (
    r"(^|,)\s*(Military[^,]*|Army[^,]*|Navy|Air Force|Marines|Defense / Security Ministry"
    r"|[^,]*Defense / Security IGOs|Intelligence Ministry|Peacekeep[^,]*)\s*(,|$)"
)
ICEWS_POLICE = r"(^|,)\s*Police[^,]*\s*(,|$)"
PLOVER_ALIASES = {"JAP": "JPN", "ITL": "ITA"}
#: ICEWS country names that detente.codes does not know, as ISO3 (checked against the sample).
ICEWS_ALIASES = {
    "Russian Federation": "RUS", "the former Yugoslav Republic of Macedonia": "MKD",
    "Moldova, Republic of": "MDA", "Democratic Republic of Congo": "COD",
    "Occupied Palestinian Territory": "PSE", "Holy See": "VAT", "Hong Kong": "HKG",
    "Western Sahara": "ESH",
}  # fmt: skip
VOCABULARY = {"gdelt1": "GDELT", "gdelt2": "GDELT", "icews": "CAMEO 1.1b3", "plover": None}
GOLDSTEIN_TABLE = {"gdelt1": "cameo-goldstein", "gdelt2": "cameo-goldstein", "icews": "cameo-codebook"}

COLUMNS = [
    "source", "format", "event_id", "event_date", "date_added", "year", "month",
    "actor1_name", "actor1_code", "actor1_country", "actor1_types", "actor1_military", "actor1_police",
    "actor2_name", "actor2_code", "actor2_country", "actor2_types", "actor2_military", "actor2_police",
    "country_scheme", "cameo_code", "cameo_root", "cameo_vocabulary", "plover_event", "plover_mode",
    "plover_context", "plover_version", "quad_class", "goldstein", "goldstein_table", "is_root_event",
    "num_mentions", "num_sources", "num_articles", "tone", "source_url", "document_id",
    "location_name", "location_country", "location_scheme", "latitude", "longitude", "ingest_file",
]  # fmt: skip


def _types_sql(prefix: str) -> str:
    """GDELT actor type codes 1-3 joined by commas (nulls skipped), the same in DuckDB and Spark."""
    cols = ", ".join(f'"{prefix}Type{k}Code"' for k in (1, 2, 3))
    return f"concat_ws(',', {cols})"


def _any_type_sql(prefix: str, wanted: tuple[str, ...]) -> str:
    """True when one of the GDELT actor type codes 1-3 is in ``wanted`` (false when none is)."""
    values = ", ".join(literal(w) for w in wanted)
    hits = " OR ".join(f'"{prefix}Type{k}Code" IN ({values})' for k in (1, 2, 3))
    return f"coalesce({hits}, false)"


def _gdelt(fmt: str, src: str) -> str:
    """Canonical rows of one GDELT dataset (1.0 or 2.0) read from the relation ``src``."""
    actors = []
    for i in (1, 2):
        p = f"Actor{i}"
        actors.append(
            f""""{p}Name" AS actor{i}_name, "{p}Code" AS actor{i}_code,
            "{p}CountryCode" AS actor{i}_country,
            {_types_sql(p)} AS actor{i}_types,
            {_any_type_sql(p, GDELT_MILITARY)} AS actor{i}_military,
            {_any_type_sql(p, ("COP",))} AS actor{i}_police"""
        )
    return f"""SELECT source, '{fmt}' AS format, "GLOBALEVENTID"::VARCHAR AS event_id,
            "SQLDATE" AS event_date, "DATEADDED" AS date_added, year, month, {actors[0]}, {actors[1]},
            'cameo' AS country_scheme, "EventCode" AS cameo_code, "EventRootCode" AS cameo_root,
            NULL::VARCHAR AS plover_event, NULL::VARCHAR AS plover_mode, NULL::VARCHAR AS plover_context,
            "QuadClass" AS quad_class, "GoldsteinScale" AS goldstein, "IsRootEvent" AS is_root_event,
            "NumMentions" AS num_mentions, "NumSources" AS num_sources, "NumArticles" AS num_articles,
            "AvgTone" AS tone, "SOURCEURL" AS source_url, "SOURCEURL" AS document_id,
            "ActionGeo_FullName" AS location_name, "ActionGeo_CountryCode" AS location_country,
            'fips' AS location_scheme, "ActionGeo_Lat" AS latitude, "ActionGeo_Long" AS longitude,
            ingest_file
        FROM {src}"""


def _icews(src: str) -> str:
    """Canonical rows of the ICEWS dataset read from the relation ``src``."""
    military, police = literal(ICEWS_MILITARY), literal(ICEWS_POLICE)
    actors = []
    for i, side in ((1, "source"), (2, "target")):
        actors.append(
            f"""{side}_name AS actor{i}_name, NULL::VARCHAR AS actor{i}_code,
            {side}_country AS actor{i}_country,
            {side}_sectors AS actor{i}_types,
            coalesce(regexp_matches({side}_sectors, {military}), false) AS actor{i}_military,
            coalesce(regexp_matches({side}_sectors, {police}), false) AS actor{i}_police"""
        )
    return f"""SELECT source, 'icews' AS format, event_id::VARCHAR AS event_id, event_date,
            NULL::TIMESTAMP AS date_added, year, month, {actors[0]}, {actors[1]},
            'name' AS country_scheme, cameo_code, left(cameo_code, 2) AS cameo_root,
            NULL::VARCHAR AS plover_event, NULL::VARCHAR AS plover_mode, NULL::VARCHAR AS plover_context,
            CASE WHEN left(cameo_code, 2) <= '05' THEN 1 WHEN left(cameo_code, 2) <= '09' THEN 2
                 WHEN left(cameo_code, 2) <= '14' THEN 3 ELSE 4 END::TINYINT AS quad_class,
            intensity AS goldstein, NULL::BOOLEAN AS is_root_event, NULL::INTEGER AS num_mentions,
            NULL::INTEGER AS num_sources, NULL::INTEGER AS num_articles, NULL::DOUBLE AS tone,
            NULL::VARCHAR AS source_url, story_id::VARCHAR AS document_id,
            coalesce(city, province, country) AS location_name, country AS location_country,
            'name' AS location_scheme, latitude, longitude, ingest_file
        FROM {src}"""


def _plover(src: str) -> str:
    """Canonical rows of the PLOVER dataset (no CAMEO code; PLOVER's own coding) from ``src``."""
    aliases = " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in PLOVER_ALIASES.items())
    actors = []
    for i, side in ((1, "source"), (2, "target")):
        mil = " OR ".join(f"starts_with(upper({side}_sector), '{t}')" for t in GDELT_MILITARY)
        actors.append(
            f"""{side}_actor AS actor{i}_name, {side}_code AS actor{i}_code,
            CASE {side}_code {aliases} ELSE {side}_code END AS actor{i}_country,
            {side}_sector AS actor{i}_types, coalesce({mil}, false) AS actor{i}_military,
            coalesce(starts_with(upper({side}_sector), 'COP'), false) AS actor{i}_police"""
        )
    return f"""SELECT source, 'plover' AS format, event_id, event_date,
            date_coded::TIMESTAMP AS date_added, year, month, {actors[0]}, {actors[1]},
            'iso3' AS country_scheme, NULL::VARCHAR AS cameo_code, NULL::VARCHAR AS cameo_root,
            event AS plover_event, mode AS plover_mode, context AS plover_context,
            NULL::TINYINT AS quad_class, NULL::DOUBLE AS goldstein, NULL::BOOLEAN AS is_root_event,
            NULL::INTEGER AS num_mentions, NULL::INTEGER AS num_sources, NULL::INTEGER AS num_articles,
            NULL::DOUBLE AS tone, NULL::VARCHAR AS source_url, NULL::VARCHAR AS document_id,
            location_name, location_iso2 AS location_country, 'iso2' AS location_scheme,
            NULL::DOUBLE AS latitude, NULL::DOUBLE AS longitude, ingest_file
        FROM {src}"""


def install_lookups(con: duckdb.DuckDBPyConnection, wh: Warehouse) -> None:
    """Create (once) the typology, FIPS and PLOVER crosswalk tables the canonical view joins."""
    con.execute(
        f"""CREATE TABLE IF NOT EXISTS ev_typology AS SELECT * FROM read_csv({literal(TYPOLOGY_FILE)},
            header = true, comment = '#', all_varchar = true)"""
    )
    con.execute(
        f"""CREATE TABLE IF NOT EXISTS ev_plover_typology AS SELECT * FROM read_csv(
            {literal(PLOVER_TYPOLOGY_FILE)}, header = true, comment = '#', all_varchar = true)"""
    )
    con.execute(
        f"""CREATE TABLE IF NOT EXISTS ev_fips AS SELECT fips, iso3, name
            FROM read_csv({literal(FIPS_FILE)}, header = true, comment = '#', all_varchar = true)"""
    )
    con.execute(
        "CREATE TABLE IF NOT EXISTS ev_plover AS SELECT cameo_code, plover_event, plover_mode, "
        f"plover_context, is_section FROM {wh.view_name('plover', 'crosswalk')}"
    )


def plover_typology_sql(keys: str) -> str:
    """SQL: each distinct (plover_event, plover_mode, plover_context) of ``keys`` with the class,
    rule and ladder of its most specific row of ``typology_plover.csv`` (null class: not counted).

    Needs :func:`install_lookups`. A row's mode (blank any, ``-`` none) counts before its context
    (blank any, else one of the record's comma- or semicolon-separated contexts).
    """
    contexts = "list_transform(string_split_regex(k.plover_context, '[,;]'), lambda x: trim(x))"
    specificity = "2 * (t.plover_mode IS NOT NULL)::INT + (t.plover_context IS NOT NULL)::INT"
    hit = "{'class': t.class, 'rule': t.rule, 'ladder': t.ladder}"
    return f"""
        SELECT plover_event, plover_mode, plover_context, hit.class AS class, hit.rule AS rule,
               hit.ladder AS ladder
        FROM (SELECT k.plover_event, k.plover_mode, k.plover_context,
                     arg_max({hit}, {specificity}) AS hit
              FROM (SELECT DISTINCT plover_event, plover_mode, plover_context FROM ({keys})) k
              JOIN ev_plover_typology t ON t.plover_event = k.plover_event
               AND (t.plover_mode IS NULL OR t.plover_mode = k.plover_mode
                    OR (t.plover_mode = '-' AND k.plover_mode IS NULL))
               AND (t.plover_context IS NULL OR list_contains({contexts}, t.plover_context))
              GROUP BY ALL)"""


def cow_to_gw_sql(ccode: str, year: str) -> str:
    """SQL for the G&W code of COW code ``ccode`` in ``year`` (identity outside the exceptions).

    The exceptions reverse ``data/cow_gw_crosswalk.csv``: unified Germany 255 -> 260 and Yemen
    679 -> 678 from 1990, COW 345 -> G&W 340 (Serbia) from 2006 (before, G&W 345 Yugoslavia),
    and the Pacific microstates.

    >>> import duckdb
    >>> duckdb.sql(f"SELECT {cow_to_gw_sql('255', '2010')}, {cow_to_gw_sql('345', '1999')}").fetchall()
    [(260, 345)]
    """
    c, y = f"({ccode})", f"({year})"
    return (
        f"(CASE WHEN {c} = 255 AND {y} >= 1990 THEN 260 WHEN {c} = 679 AND {y} >= 1990 THEN 678"
        f" WHEN {c} = 345 AND {y} >= 2006 THEN 340 WHEN {c} = 946 THEN 970 WHEN {c} = 970 THEN 971"
        f" WHEN {c} = 955 THEN 972 WHEN {c} = 947 THEN 973 ELSE {c} END)::SMALLINT"
    )


#: Columns of the union of the sources' rows (``u``), in order.
_PER_FORMAT = ["cameo_vocabulary", "goldstein_table", "plover_version"]
UNION_COLUMNS = [c for c in COLUMNS if c not in _PER_FORMAT] + _PER_FORMAT
#: The country sides mapped through the key table: alias, scheme column, value column.
SIDES = (
    ("a1", "country_scheme", "actor1_country"),
    ("a2", "country_scheme", "actor2_country"),
    ("lo", "location_scheme", "location_country"),
)


def union_sql(sources: dict[str, str]) -> str:
    """SQL (DuckDB dialect, portable): every source's canonical rows, one format per relation.

    ``sources`` maps a format to the relation holding its ingested rows (a ``read_parquet`` call
    in DuckDB, a registered view in Spark).
    """
    parts = []
    for fmt, src in sources.items():
        if fmt.startswith("gdelt"):
            body = _gdelt(fmt, src)
        else:
            body = _icews(src) if fmt == "icews" else _plover(src)
        vocab = literal(VOCABULARY[fmt]) if VOCABULARY[fmt] else "NULL::VARCHAR"
        table = literal(GOLDSTEIN_TABLE[fmt]) if fmt in GOLDSTEIN_TABLE else "NULL::VARCHAR"
        version = "'0.5b1'" if fmt == "plover" else "NULL::VARCHAR"
        cols = ", ".join(UNION_COLUMNS[:-3])
        parts.append(
            f"SELECT {cols}, {vocab} AS cameo_vocabulary, {table} AS goldstein_table, "
            f"{version} AS plover_version FROM ({body}) AS {fmt}_rows"
        )
    return "\nUNION ALL\n".join(parts)


def keys_sql(u: str) -> str:
    """SQL (portable): the distinct (scheme, value, year) country identifiers of the rows ``u``."""
    keys = " UNION ALL ".join(f"SELECT {s} AS scheme, {v} AS value, year FROM {u}" for _, s, v in SIDES)
    return f"SELECT DISTINCT scheme, value, year FROM ({keys}) AS k WHERE value IS NOT NULL"


def plover_keys_sql(u: str, present: bool = True) -> str:
    """SQL (portable): the distinct PLOVER (event, mode, context) of the PLOVER rows of ``u``."""
    where = "format = 'plover'" if present else "FALSE"
    return f"SELECT DISTINCT plover_event, plover_mode, plover_context FROM {u} WHERE {where}"


def key_map_sql(con: duckdb.DuckDBPyConnection, k: str) -> str:
    """SQL (DuckDB): each country identifier of ``k`` (scheme, value, year) with its COW code,
    ISO3 and G&W code. Runs over the few distinct identifiers, never per event, so the Spark
    engine computes it here too and broadcasts the result (one definition of the mapping).
    """
    iso = codes.install(con)

    def alias(col: str) -> str:
        cases = " ".join(f"WHEN {literal(a)} THEN {literal(b)}" for a, b in ICEWS_ALIASES.items())
        return f"(CASE {col} {cases} END)"

    def cow(col: str, scheme_col: str) -> str:
        by = {s: codes.to_cow_sql(con, col, s, "year") for s in ("name", "iso3", "iso2")}
        by_alias = codes.to_cow_sql(con, alias(col), "iso3", "year")
        return (
            f"CASE {scheme_col} WHEN 'name' THEN coalesce({by['name']}, {by_alias}) "
            f"WHEN 'iso2' THEN {by['iso2']} ELSE {by['iso3']} END"
        )

    def iso3(col: str, scheme_col: str, ccode: str) -> str:
        known = (
            f"(SELECT any_value(x.value) FROM {iso} x WHERE x.scheme = 'iso3' AND x.key = upper({col}))"
        )
        back = (
            f"(SELECT min(x.value) FROM {iso} x WHERE x.scheme = 'iso3' AND x.ccode = {ccode} "
            "AND year BETWEEN x.lo AND x.hi)"
        )
        return (
            f"CASE WHEN {scheme_col} IN ('cameo', 'iso3') THEN {known} "
            f"WHEN {scheme_col} = 'name' THEN coalesce({alias(col)}, {back}) ELSE {back} END"
        )

    fips_iso = "(SELECT f.iso3 FROM ev_fips f WHERE f.fips = k.value)"
    key_cow = (
        f"CASE k.scheme WHEN 'fips' THEN {codes.to_cow_sql(con, fips_iso, 'iso3', 'k.year')} "
        f"ELSE {cow('k.value', 'k.scheme')} END"
    )
    return f"""WITH kc AS (SELECT k.*, ({key_cow})::SMALLINT AS ccode,
                      CASE WHEN k.scheme = 'fips' THEN {fips_iso} END AS fips_iso3 FROM {k} k)
        SELECT kc.scheme, kc.value, kc.year, kc.ccode,
               coalesce(fips_iso3, {iso3("kc.value", "kc.scheme", "kc.ccode")}) AS iso3,
               {cow_to_gw_sql("kc.ccode", "kc.year")} AS gwcode
        FROM kc"""


def classify_sql(u: str, km: str, pt: str) -> str:
    """SQL (DuckDB dialect, portable to Spark): the canonical rows from the rows ``u``, the key
    map ``km`` (:func:`key_map_sql`), the PLOVER classes ``pt`` (:func:`plover_typology_sql`) and
    the lookups ``ev_plover`` and ``ev_typology``: country codes, PLOVER coding, typology class.
    """
    rule = "coalesce(t.rule, pt.rule)"
    counts = f"{rule} = 'any' OR ({rule} = 'military_actor' AND (actor1_military OR actor2_military))"
    joins = "\n".join(
        f"LEFT JOIN {km} {a} ON {a}.scheme = u.{s} AND {a}.value = u.{v} AND {a}.year = u.year"
        for a, s, v in SIDES
    )
    coded = ("plover_event", "plover_mode", "plover_context")
    plain = ", ".join(f"m.{c}" for c in UNION_COLUMNS if c not in coded)
    xw = "ev_plover"
    return f"""WITH m AS (
            SELECT u.*, a1.ccode AS actor1_ccode, a2.ccode AS actor2_ccode, lo.ccode AS location_ccode,
                   a1.iso3 AS actor1_iso3, a2.iso3 AS actor2_iso3, lo.iso3 AS location_iso3,
                   a1.gwcode AS actor1_gwcode, a2.gwcode AS actor2_gwcode
            FROM {u} u {joins})
        SELECT {plain},
               m.actor1_ccode, m.actor2_ccode, m.location_ccode, m.actor1_iso3, m.actor2_iso3,
               m.location_iso3, m.actor1_gwcode, m.actor2_gwcode,
               m.actor1_military OR m.actor2_military AS military_event,
               coalesce(m.plover_event, p1.plover_event, p2.plover_event, p3.plover_event)
                   AS plover_event,
               CASE WHEN m.plover_event IS NOT NULL THEN m.plover_mode
                    ELSE coalesce(p1.plover_mode, p2.plover_mode, p3.plover_mode) END AS plover_mode,
               CASE WHEN m.plover_event IS NOT NULL THEN m.plover_context
                    ELSE coalesce(p1.plover_context, p2.plover_context, p3.plover_context) END
                   AS plover_context,
               CASE WHEN {counts} THEN coalesce(t.class, pt.class) END AS mil_class,
               CASE WHEN {counts} THEN CAST(coalesce(t.ladder, pt.ladder) AS TINYINT) END AS ladder
        FROM m
        LEFT JOIN {xw} p1 ON p1.cameo_code = m.cameo_code
        LEFT JOIN {xw} p2 ON p2.cameo_code = left(m.cameo_code, 3) AND length(m.cameo_code) = 4
        LEFT JOIN {xw} p3 ON p3.cameo_code = m.cameo_root AND p3.is_section
        LEFT JOIN ev_typology t ON t.cameo_code = m.cameo_code
        LEFT JOIN {pt} pt ON m.format = 'plover' AND pt.plover_event = m.plover_event
             AND pt.plover_mode IS NOT DISTINCT FROM m.plover_mode
             AND pt.plover_context IS NOT DISTINCT FROM m.plover_context"""


def canonical_sql(root: str | os.PathLike[str], wh: Warehouse | None = None) -> str:
    """The SQL of the canonical event table over the ingest folder ``root`` (in ``wh``'s connection)."""
    wh = wh or default_warehouse()
    con = wh.con
    install_lookups(con, wh)
    present = formats_present(root)
    if not present:
        from ..errors import InputError

        raise InputError(f"{root}: no ingested events (run `detente events ingest` into it first)")
    union = union_sql({fmt: scan(root, fmt) for fmt in present})
    # every distinct (scheme, value, year) is mapped once, then joined back: a few hundred lookups
    # instead of one per event; PLOVER classes only when PLOVER records are present
    pt = plover_typology_sql(plover_keys_sql("u", "plover" in present))
    return f"""WITH u AS ({union}),
        k AS ({keys_sql("u")}),
        km AS ({key_map_sql(con, "k")}),
        pt AS ({pt}),
        c AS ({classify_sql("u", "km", "pt")})
        SELECT * FROM c"""


def canonical(root: str | os.PathLike[str], wh: Warehouse | None = None) -> duckdb.DuckDBPyRelation:
    """The canonical event table over an ingest folder, as a relation in the warehouse connection.

    >>> import tempfile
    >>> from detente.events.ingest import ingest
    >>> lake = tempfile.mkdtemp()
    >>> _ = ingest("gdelt-2.0-sample", lake, mirror="../shared/data")
    >>> ev = canonical(lake)
    >>> ev.filter("event_id = '410412350'").select(
    ...     "actor2_country, actor2_ccode, actor2_gwcode, location_country, location_iso3").fetchall()
    [('NZL', 920, 920, 'NZ', 'NZL')]
    """
    wh = wh or default_warehouse()
    name = "ev_canonical_" + hashlib.sha1(str(Path(root).resolve()).encode()).hexdigest()[:10]
    wh.con.execute(f"CREATE OR REPLACE VIEW {name} AS {canonical_sql(root, wh)}")
    return wh.con.table(name)
