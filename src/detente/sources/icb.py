"""International Crisis Behavior 15: crises (system level), crisis actors, crisis dyads.

Tables keep ICB's own variable names: the system-level file names the trigger ``break``, gravity
``gravcr``, violence ``viol``, crisis management ``crismg``, outcome ``subout``/``forout``/
``exsat``/``outesr``, great-power, US/USSR, UN (``globorg``, ``globactm``, ``globefct``) and
regional-organisation (``regorg``, ``regactmb``, ``roefct``) involvement; the actor-level file
names them ``triggr``, ``gravty``, ``viol``, ``crismg``, ``outcom``, ``outfor``, ``usinv``,
``suinv``, ``gbinv``, ``globorg``/``globact``, ``regorg``/``regact``.

Quirks fixed:
- Days coded 66, 77 and 88 mean early, mid and late in the month (checked against the elapsed-day
  counts ``trgterra``): dates use the 1st, 15th and last day; the raw day columns hold null for
  them. An unknown (blank) day is the 1st for a start and the last day of the month for an end;
  an unknown month is January / December; an unknown termination year gives a null ``end``.
- ``brexit`` (crisis duration) 999 where the dates are unknown becomes null; actor-level
  ``sizedu``/``strcdu`` -99 and codes outside the codebook's values (sizedu 9, outcom 6 and 9,
  outevl 9, outfor 99) become null.
- icb2v15.csv starts with a UTF-8 byte-order mark (the first column reads ``ï»¿icb2`` under
  latin-1); DuckDB's reader strips it. One row's label column says ``UCB2``: the constant label
  columns (``icb1``, ``icb2``) are dropped.
- ICB numbers states with its own list ("almost identical" to COW): ``cracid``/``statea``/
  ``stateb`` are kept as published and ``ccode`` (``ccode_a``/``ccode_b``) is the COW code: ICB's
  260 for unified Germany from 3 Oct 1990 becomes 255 and 678 for unified Yemen from 22 May 1990
  becomes 679; Vichy France (219), Hijaz (671) and Najd (672), not COW states, get a null ccode.
  ``trigent``/``southv`` (which also hold 995-997 for internal, non-state and multi-state
  sources) are kept as published.
- icbdy_v15.csv repeats two Gulf War dyad spells (Canada-Iraq crdynum 777/778, Italy-Iraq
  787/788) identically apart from crdynum: the higher crdynum is dropped (1,363 -> 1,359 rows).
  ``actnuma``/``actnumb`` 9999 (not a crisis actor that year) become null ``cracno_a``/
  ``cracno_b``.
- Two different crises share the name SPRATLY ISLANDS (384, 414): identify crises by crisno.
- Left as published: in 12 actor rows the major-response date precedes the trigger date, mostly
  where a day is unknown (e.g. Israel in crisis 232 responds on 24 Mar 1970 to a 19 Apr trigger).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from .._lazy import lazy
from ..errors import ParseError
from ..registry import Source, SourceFile, register
from ._conflict import date_sql, keep_range, nulls, select_list
from ._formats import frames_sql
from ._read import require_columns, sql

pd = lazy("pandas")

APPROX = {66: "first", 77: "mid", 88: "last"}
NOT_COW = (219, 671, 672)  # Vichy France, Hijaz, Najd

#: ICB1 (system level) categorical codes kept, all SMALLINT-sized and without sentinels.
CRISIS_CODES = [
    "break", "gravcr", "crismg", "cenviosy", "sevviosy", "viol", "timvio", "iwcmb", "noactr",
    "gpinv", "powinv", "usinv", "usefct", "usefac", "uspace", "usactor", "suinv", "suefct",
    "suefac", "supace", "suactor", "chinv", "soglact", "globorg", "globactm", "globefct",
    "globefor", "globefac", "globpace", "soract", "regorg", "regactmb", "roefct", "robody",
    "roefac", "ropace", "subout", "forout", "exsat", "outesr", "cractr", "geostr", "hetero",
    "issues", "geog", "geogrel", "period", "syslevsy", "protrac", "pcid", "ethnic", "ethconf",
    "mediate", "medwho",
]  # fmt: skip
#: ICB2 (actor level) codes kept as published (blank = null).
ACTOR_CODES = [
    "triggr", "trigent", "trigloc", "southv", "southpow", "comlev", "majres", "trgresra",
    "crismg", "cenvio", "sevvio", "usinv", "usfavr", "suinv", "sufavr", "gbinv", "gbfavr", "frinv",
    "frfavr", "itinv", "itfavr", "grinv", "grfavr", "jpinv", "jpfavr", "globorg", "globact",
    "globfavr", "regorg", "regact", "rofavr", "outesr", "trgterra", "resterra", "actloc", "geog",
    "cractloc", "noactr", "stainsys", "period", "syslev", "pc", "pcid", "viol", "iwc", "powdis",
    "gpinv", "powinv", "age", "territ", "regime", "durreg", "allycap", "globmemb", "nuclear",
    "powsta", "issue", "chissu", "gravty", "pethin", "col", "unemp", "inflat", "foodpr", "labstr",
    "short", "econdt", "regrep", "socunr", "massvl", "gvinst", "sourdt",
]  # fmt: skip
#: ICB2 codes with documented missing values: column -> (lowest, highest) valid code.
ACTOR_RANGES = {
    "sizedu": (1, 3),
    "strcdu": (1, 4),
    "outcom": (1, 5),
    "outfor": (1, 15),
    "outevl": (1, 4),
}


def _ccode(code: str, on: str) -> str:
    """SQL for the COW code of ICB state number ``code`` on date ``on`` (see module docstring)."""
    return (
        f"(CASE WHEN {code} IN {NOT_COW} THEN NULL "
        f"WHEN {code} = 260 AND {on} >= DATE '1990-10-03' THEN 255 "
        f"WHEN {code} = 678 AND {on} >= DATE '1990-05-22' THEN 679 "
        f"ELSE {code} END)::SMALLINT"
    )


def _ymd(y: str, m: str, d: str) -> list[str]:
    """Cleaned raw date components: year and month as given, approximate-day codes -> NULL."""
    return [f"{y}::SMALLINT AS {y}", f"{m}::TINYINT AS {m}", f"{keep_range(d, 1, 31)}::TINYINT AS {d}"]


def _date(y: str, m: str, d: str, name: str, end: bool = False) -> str:
    """A DATE named ``name`` from ICB year/month/day columns (66/77/88 = early/mid/late)."""
    return f'{date_sql(y, m, d, end=end, approx=APPROX)} AS "{name}"'


def parse_crises(files: Mapping[str, Path]) -> pa.Table:
    """One row per crisis (ICB1): crisno, crisname, trigger/termination dates, system-level codes."""
    path = files["icb1v15.xlsx"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            frame = pd.read_excel(path, sheet_name="icb1v15", engine="openpyxl")
    except Exception as exc:
        raise ParseError(f"{path.name}: cannot read sheet 'icb1v15' ({exc})") from exc
    dates = ["yrtrig", "motrig", "datrig", "yrterm", "moterm", "daterm"]
    cols = ["crisno", "crisname", "trigent", *dates, "brexit", *CRISIS_CODES]
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ParseError(f"{path.name}: missing column(s) {missing}; found {list(frame.columns)}")
    items = [
        "crisno::SMALLINT AS crisno",
        "trim(crisname) AS crisname",
        "trigent::SMALLINT AS trigent",
        *_ymd("yrtrig", "motrig", "datrig"),
        *_ymd("yrterm", "moterm", "daterm"),
        _date("yrtrig", "motrig", "datrig", "start"),
        _date("yrterm", "moterm", "daterm", "end", end=True),
        f"{nulls('brexit', 999)}::SMALLINT AS brexit",
        *(f"{c}::SMALLINT AS {c}" for c in CRISIS_CODES),
    ]
    return frames_sql(f"SELECT {select_list(items)} FROM c ORDER BY crisno", c=frame[cols])


def parse_actors(files: Mapping[str, Path]) -> pa.Table:
    """One row per crisis actor (ICB2): crisno, cracno, cracid, ccode, actor, dates, actor codes."""
    path = files["icb2v15.csv"]
    head = sql("SELECT * FROM read_csv({f}, header=true) LIMIT 1", f=path)
    sysdate = ["systrgyr", "systrgmo", "systrgda"]
    dates = [*sysdate, "yrtrig", "motrig", "datrig", "yerres", "monres", "dayres", "yrterm", "moterm"]
    cols = ["crisno", "cracno", "cracid", "actor", "crisname", *dates, "daterm"]
    require_columns(head, [*cols, *ACTOR_CODES, *ACTOR_RANGES], path)
    items = [
        "crisno::SMALLINT AS crisno",
        "cracno::SMALLINT AS cracno",
        "cracid::SMALLINT AS cracid",
        "trim(actor) AS actor",
        "trim(crisname) AS crisname",
        *_ymd(*sysdate),
        _date(*sysdate, "sys_start"),
        *_ymd("yrtrig", "motrig", "datrig"),
        _date("yrtrig", "motrig", "datrig", "start"),
        *_ymd("yerres", "monres", "dayres"),
        _date("yerres", "monres", "dayres", "response"),
        *_ymd("yrterm", "moterm", "daterm"),
        _date("yrterm", "moterm", "daterm", "end", end=True),
        *(f"{keep_range(c, lo, hi)}::SMALLINT AS {c}" for c, (lo, hi) in ACTOR_RANGES.items()),
        *(f"{c}::SMALLINT AS {c}" for c in ACTOR_CODES),
    ]
    return sql(
        f"""WITH a AS (SELECT {select_list(items)} FROM read_csv({{f}}, header=true))
            SELECT crisno, cracno, cracid, {_ccode("cracid", "start")} AS ccode,
                   * EXCLUDE (crisno, cracno, cracid)
            FROM a ORDER BY crisno, cracno""",
        f=path,
    )


def parse_dyads(files: Mapping[str, Path]) -> pa.Table:
    """One row per crisis dyad-year (Hewitt's ICB dyadic data): crisno, year, ccode_a/_b, dates."""
    path = files["icbdy_v15.csv"]
    trg, trm = ["trgyrdy", "trgmody", "trgdady"], ["trmyrdy", "trmmody", "trmdady"]
    cols = ["crisno", "year", "crisname", "statea", "namea", "actnuma", "stateb", "nameb", "actnumb"]
    head = sql("SELECT * FROM read_csv({f}, header=true) LIMIT 1", f=path)
    require_columns(head, [*cols, *trg, *trm, "ongoing", "crdynum"], path)
    items = [
        "crisno::SMALLINT AS crisno",
        "year::SMALLINT AS year",
        "trim(crisname) AS crisname",
        "statea::SMALLINT AS statea",
        "trim(namea) AS namea",
        f"{nulls('actnuma', 9999)}::SMALLINT AS cracno_a",
        "stateb::SMALLINT AS stateb",
        "trim(nameb) AS nameb",
        f"{nulls('actnumb', 9999)}::SMALLINT AS cracno_b",
        *_ymd(*trg),
        _date(*trg, "start"),
        *_ymd(*trm),
        _date(*trm, "end", end=True),
        "ongoing = 1 AS ongoing",
        "crdynum::SMALLINT AS crdynum",
    ]
    key = 'crisno, year, statea, stateb, cracno_a, cracno_b, start, "end", ongoing'
    on = "greatest(start, make_date(year, 1, 1))"
    return sql(
        f"""WITH d AS (SELECT {select_list(items)} FROM read_csv({{f}}, header=true)),
                 u AS (SELECT * FROM d
                       QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY crdynum) = 1)
            SELECT crisno, year, {_ccode("statea", on)} AS ccode_a, {_ccode("stateb", on)} AS ccode_b,
                   * EXCLUDE (crisno, year)
            FROM u ORDER BY crisno, crdynum, year""",
        f=path,
    )


NO_URL = (
    "no official download URL for version 15 is known (only the v16 zip was seen on the ICB "
    "site); byte identity with the publisher's file is unverified"
)

register(
    Source(
        id="icb-15",
        version="15",
        title="International Crisis Behavior (ICB)",
        publisher="ICB Project (Brecher, Wilkenfeld, Beardsley, James, Quinn)",
        landing_page="https://sites.duke.edu/icbdata/data-collections/",
        citation="""@book{brecher_wilkenfeld_2000,
  author = {Brecher, Michael and Wilkenfeld, Jonathan},
  title = {A Study of Crisis},
  publisher = {University of Michigan Press},
  address = {Ann Arbor},
  year = {2000}
}
@manual{icb_codebook_15,
  author = {Brecher, Michael and Wilkenfeld, Jonathan and Beardsley, Kyle and James, Patrick
            and Quinn, David},
  title = {International Crisis Behavior Data Codebook, Version 15},
  year = {2023},
  url = {https://sites.duke.edu/icbdata/data-collections/}
}
@article{hewitt_2003,
  author = {Hewitt, J. Joseph},
  title = {Dyadic Processes and International Crises},
  journal = {Journal of Conflict Resolution},
  volume = {47},
  number = {5},
  pages = {669--692},
  year = {2003}
}""",
        terms="Free for research use with citation; no formal licence is stated.",
        years=(1918, 2020),
        files=(
            SourceFile(
                name="icb1v15.xlsx",
                sha256="a51f7eaba0c735515c235dae513e6dde8e12a6eb21bc7defaec50a6c9afc6884",
                format="xlsx",
                note=NO_URL + "; the publisher also ships this table as CSV",
                size=158277,
            ),
            SourceFile(
                name="icb2v15.csv",
                sha256="f835b7bf8cca84a65f51cd6dc0760ab0bdc0f935f377882ee9248eb81582075c",
                format="csv",
                note=NO_URL,
                size=266357,
            ),
            SourceFile(
                name="icbdy_v15.csv",
                sha256="4a4305d2a522d5a76ec228b515c8b90f6841c1dc555469c6fa6633f4bbf354c5",
                format="csv",
                note=NO_URL,
                size=102882,
            ),
        ),
        tables={"crises": parse_crises, "actors": parse_actors, "dyads": parse_dyads},
        quirks=(
            "Days 66/77/88 (early/mid/late month) -> 1st/15th/last day in dates, null in raw days.",
            "Unknown start day -> 1st of the month, unknown end day -> last day of the month.",
            "brexit 999, sizedu/strcdu -99 and out-of-codebook codes (sizedu 9, outcom 6/9, "
            "outevl 9) become null.",
            "icb2v15.csv has a UTF-8 byte-order mark; the constant label columns are dropped.",
            "ccode: ICB 260 (Germany from 3 Oct 1990) -> 255, 678 (Yemen from 22 May 1990) -> 679; "
            "Vichy France 219, Hijaz 671, Najd 672 -> null; ICB's own numbers kept as "
            "cracid/statea/stateb.",
            "Two duplicated Gulf War dyad spells (crdynum 778, 788) are dropped; actnum 9999 -> null.",
        ),
    )
)
