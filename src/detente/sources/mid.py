"""COW Militarized Interstate Disputes 5.0: disputes (MIDA), participants (MIDB), incidents (MIDI).

Quirks fixed:
- -9 ("missing") in every numeric column becomes null, never 0 (stday/endday, outcome, settle,
  fatality, fatalpre, revtype1/revtype2, duration, tbi, ...).
- Dates: an unknown day of a start is the 1st of the month, of an end the last day of the month;
  MIDI's one unknown start month is January and two unknown end months December. The raw
  components stay beside ``start``/``end`` (null where unknown) so the precision is visible.
- A state can have several MIDB rows in one dispute (it left and re-entered, or changed sides:
  France, Italy, Romania, Bulgaria, USSR, Finland in dispute 258, 29 rows in all); each row is kept
  as a spell, numbered ``spell`` 1, 2, ... by start date.
- MIDB dispute 4312 codes Niger as ``stabb`` NIR (Niger's COW abbreviation) but ``ccode`` 475
  (Nigeria); GML 2.2.1 codes dispute 4312 as Benin (434) v Niger (436). The ccode is set to 436.
- ``stabb`` is kept as published: MIDB uses old abbreviations for some codes (USR/RUS 365,
  RUM/ROM 360, VTM/DRV 816, ZAI/DRC 490); ``ccode`` is the identifier to join on.
- 0/1 flags (sidea, orig, revstate, recip, ongo2014) are booleans; the constant ``version``
  column is dropped. Files are CRLF CSVs whose names contain a space.
- Left as published: MIDB participant dates fall outside their MIDA dispute's dates in a few
  disputes (e.g. 3556, 4005, 4079, 4121, 4174, 4303); Canada (20) takes part in dispute 197 in
  1918, before COW counts it a state (1920); MIDA's numa/numb disagree with the number of MIDB
  states per side in 9 disputes (e.g. 88, 258, 4343).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._conflict import date_sql, nulls, select_list
from ._read import require_columns, sql

MISSING = -9
DATE_COLUMNS = ["stday", "stmon", "styear", "endday", "endmon", "endyear"]
#: (MIDB dispnum, published ccode, stabb) -> corrected ccode; see the module docstring.
CCODE_FIXES = {(4312, 475, "NIR"): 436}


def _v(col: str, kind: str) -> str:
    """A numeric MID column cast to ``kind`` with -9 as NULL, under its own name."""
    return f"{nulls(col, MISSING)}::{kind} AS {col}"


def _flag(col: str) -> str:
    """A 0/1 MID column as a BOOLEAN (-9 -> NULL)."""
    return f"({nulls(col, MISSING)}) = 1 AS {col}"


def _dates() -> list[str]:
    """The cleaned date components and the derived start/end DATEs of a MID row."""
    comps = [
        _v("styear", "SMALLINT"),
        _v("stmon", "TINYINT"),
        _v("stday", "TINYINT"),
        _v("endyear", "SMALLINT"),
        _v("endmon", "TINYINT"),
        _v("endday", "TINYINT"),
    ]
    st = date_sql("styear", nulls("stmon", MISSING), nulls("stday", MISSING))
    en = date_sql("endyear", nulls("endmon", MISSING), nulls("endday", MISSING), end=True)
    return [*comps, f"{st} AS start", f'{en} AS "end"']


def _read(path: Path, columns: list[str]) -> None:
    """Check that a MID CSV has the columns the parser uses."""
    require_columns(sql("SELECT * FROM read_csv({f}, header=true) LIMIT 1", f=path), columns, path)


def parse_disputes(files: Mapping[str, Path]) -> pa.Table:
    """One row per dispute (MIDA): dispnum, dates, outcome, settle, fatality, hiact, hostlev, ..."""
    path = files["MIDA 5.0.csv"]
    cols = ["dispnum", *DATE_COLUMNS, "outcome", "settle", "fatality", "fatalpre", "maxdur"]
    _read(path, [*cols, "mindur", "hiact", "hostlev", "recip", "numa", "numb", "ongo2014"])
    items = [
        "dispnum::INTEGER AS dispnum",
        *_dates(),
        _v("outcome", "TINYINT"),
        _v("settle", "TINYINT"),
        _v("fatality", "TINYINT"),
        _v("fatalpre", "SMALLINT"),
        _v("maxdur", "SMALLINT"),
        _v("mindur", "SMALLINT"),
        _v("hiact", "TINYINT"),
        _v("hostlev", "TINYINT"),
        _flag("recip"),
        _v("numa", "SMALLINT"),
        _v("numb", "SMALLINT"),
        _flag("ongo2014"),
    ]
    return sql(f"SELECT {select_list(items)} FROM read_csv({{f}}, header=true) ORDER BY dispnum", f=path)


def parse_participants(files: Mapping[str, Path]) -> pa.Table:
    """One row per participant spell (MIDB): dispnum, ccode, spell, sidea, dates, orig, revstate, ..."""
    path = files["MIDB 5.0.csv"]
    flags = ["sidea", "revstate", "orig"]
    rest = ["revtype1", "revtype2", "fatality", "fatalpre", "hiact", "hostlev"]
    _read(path, ["dispnum", "stabb", "ccode", *DATE_COLUMNS, *flags, *rest])
    fixes = " ".join(
        f"WHEN dispnum = {d} AND ccode = {c} AND stabb = '{s}' THEN {new}"
        for (d, c, s), new in CCODE_FIXES.items()
    )
    items = [
        "dispnum::INTEGER AS dispnum",
        f"(CASE {fixes} ELSE ccode END)::SMALLINT AS ccode",
        "stabb",
        _flag("sidea"),
        *_dates(),
        _flag("revstate"),
        _v("revtype1", "TINYINT"),
        _v("revtype2", "TINYINT"),
        _v("fatality", "TINYINT"),
        _v("fatalpre", "SMALLINT"),
        _v("hiact", "TINYINT"),
        _v("hostlev", "TINYINT"),
        _flag("orig"),
    ]
    return sql(
        f"""WITH p AS (SELECT {select_list(items)} FROM read_csv({{f}}, header=true))
            SELECT dispnum, ccode, stabb,
                   row_number() OVER (PARTITION BY dispnum, ccode ORDER BY start, "end")::TINYINT
                       AS spell,
                   * EXCLUDE (dispnum, ccode, stabb)
            FROM p ORDER BY dispnum, ccode, spell""",
        f=path,
    )


def parse_incidents(files: Mapping[str, Path]) -> pa.Table:
    """One row per incident (MIDI, 1992-2014): dispnum, incidnum, dates, action, hostlev, fatality."""
    path = files["MIDI 5.0.csv"]
    cols = ["duration", "tbi", "fatality", "fatalpre", "action", "hostlev", "numa"]
    _read(path, ["dispnum", "incidnum", *DATE_COLUMNS, *cols])
    items = [
        "dispnum::INTEGER AS dispnum",
        "incidnum::INTEGER AS incidnum",
        *_dates(),
        _v("duration", "SMALLINT"),
        _v("tbi", "SMALLINT"),
        _v("fatality", "TINYINT"),
        _v("fatalpre", "SMALLINT"),
        _v("action", "TINYINT"),
        _v("hostlev", "TINYINT"),
        _v("numa", "SMALLINT"),
    ]
    return sql(
        f"SELECT {select_list(items)} FROM read_csv({{f}}, header=true) ORDER BY dispnum, incidnum",
        f=path,
    )


ZIP = "https://correlatesofwar.org/wp-content/uploads/MID-5-Data-and-Supporting-Materials.zip"
FOLDER = "MID-5-Data-and-Supporting-Materials"
UNVERIFIED = (
    "copied from a GitHub mirror (tbrown122387/r_and_python_book); byte identity with the zip "
    "member is unverified (only the zip's md5 is on record, via OWID)"
)

register(
    Source(
        id="cow-mid-5.0",
        version="5.0",
        title="COW Militarized Interstate Disputes (MID)",
        publisher="Correlates of War Project (MID project, Palmer et al.)",
        landing_page="https://correlatesofwar.org/data-sets/mids/",
        citation="""@article{palmer_et_al_2022,
  author = {Palmer, Glenn and McManus, Roseanne W. and D'Orazio, Vito and Kenwick, Michael R.
            and Karstens, Mikaela and Bloch, Chase and Dietrich, Nick and Kahn, Kayla and
            Ritter, Kellan and Soules, Michael J.},
  title = {The {MID5} Dataset, 2011--2014: Procedures, Coding Rules, and Description},
  journal = {Conflict Management and Peace Science},
  volume = {39},
  number = {4},
  pages = {470--482},
  year = {2022}
}""",
        terms="Free of charge for research use; cite as the COW Project requests. "
        "No formal open-data licence is stated.",
        years=(1816, 2014),
        files=(
            SourceFile(
                name="MIDA 5.0.csv",
                sha256="fa00331f8b5e68b57d510303039081a1494b4d45df680ca38dfd8640d32c8474",
                format="csv",
                url=ZIP,
                member=f"{FOLDER}/MIDA 5.0.csv",
                note=UNVERIFIED,
                size=134293,
            ),
            SourceFile(
                name="MIDB 5.0.csv",
                sha256="5189071e3b8aa32e1338f3df43fe574f4a0f2a06b2f481a3213c9e8f01211722",
                format="csv",
                url=ZIP,
                member=f"{FOLDER}/MIDB 5.0.csv",
                note=UNVERIFIED,
                size=336982,
            ),
            SourceFile(
                name="MIDI 5.0.csv",
                sha256="fc7d5ca720d1fcb94b3b575bbd43f24b4d2552d01e3e950027fee5b0b6bc0381",
                format="csv",
                url=ZIP,
                member=f"{FOLDER}/MIDI 5.0.csv",
                note=UNVERIFIED + "; the member name is expected, not seen in a listing",
                size=231631,
            ),
        ),
        tables={
            "disputes": parse_disputes,
            "participants": parse_participants,
            "incidents": parse_incidents,
        },
        quirks=(
            "-9 (missing) in every numeric column becomes null, never 0.",
            "Unknown start day -> 1st of the month, unknown end day -> last day of the month "
            "(unknown month: January for a start, December for an end); raw components kept.",
            "Several MIDB rows for one state in one dispute are separate spells (spell 1, 2, ...).",
            "MIDB dispute 4312: ccode 475 (Nigeria) with stabb NIR (Niger) is set to 436 (Niger), "
            "as stabb and GML 2.2.1 say.",
            "stabb kept as published (USR/RUS, RUM/ROM, VTM/DRV, ZAI/DRC share a ccode): join on ccode.",
            "0/1 flags (sidea, orig, revstate, recip, ongo2014) are booleans.",
            "A few MIDB participant dates fall outside the MIDA dispute dates; kept as published.",
        ),
    )
)
