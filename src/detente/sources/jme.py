"""Joint Military Exercises (JME) coding sheet "v3" (Vito D'Orazio), 1974-2010.

``jme_v3.xls``, sheet ``Sheet1_2``: 1,790 exercise records, participants as ISO 3166-1 alpha-3
codes in 30 wide columns ``State A`` ... ``State AD``. The origin is only partly known: it appears
to be the data of D'Orazio's dissertation chapter "Joint Military Exercises: Introducing a
Dataset" (1970-2010, 1,479 JMEs); the file was found in the troopdata package's ``data-raw``
folder, with no codebook and no stated terms. Two tables:

- ``exercises``: one row per record (``exercise_id`` = data row number), with name, places,
  dates, type (FTX/CPX), Reforger flag, host, sources, coder and participant counts;
- ``participants``: one row per record and listed entry, with its COW code in the record's year.

Quirks fixed:
- Lower-case typos in codes (``EGy``, ``uSA``, ``PHl``, ``IDn``, ``kWT``, ``DEu``, ``Mar``) are
  matched upper-case; ``ROM`` (the pre-2002 UN/UNDP code for Romania) is ``ROU``.
- ``-9`` (unknown), ``NATO``, ``8 NATO members`` and ``BMU`` (Bermuda) map to no state and keep
  their kind. ``DEU`` before 1990 is West Germany (260), ``RUS`` the Soviet Union/Russia (365).
- The first 1,480 records carry ``s.year`` ... ``e.day``; the last 310 (added later, many from
  Australian Department of Defence annual reports) leave them blank: year, month and day are
  read from the ``Start Date``/``enddate`` strings (``MM/DD/YYYY``, ``xx`` for unknown parts).
  ``dated`` says which.
- Start years that are typos (``11/08/2015`` with end ``11/15/2010``; ``03/05/3009`` with end
  ``03/14/2009``) take the end date's year; malformed start strings (``11/xx2002``,
  ``10/xx/007``) take the four-digit year in them, else the end date's; ``year_fixed`` flags
  these six. Three records have no date at all (two of them, ``Elang Ausindo 07`` and
  ``Passex 07``, name a year in the name, which is not read): ``year`` null.
- ``e.year`` of ``-9`` or ``xxxx``, ``xx`` days, and impossible months or days (an end day of
  171) are null.
- ``JME Type`` spellings become ``FTX``, ``CPX`` (also ``cpx``), ``both`` (``Both CPX & FTX``,
  ``CPX/FTX``, ``FTX/CPX``) or ``unsure``; ``Part of the Reforger Exercise?`` ``Yes``/``yes`` is
  true. ``Exercise Name`` ``-9`` is null; coder names are trimmed (spelling variants kept).
- The extra ``AUS`` column (only in the later rows, meaning undocumented) is kept as ``aus_flag``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from .._lazy import lazy
from ..registry import Source, SourceFile, register
from ._dorazio import CITATION_JME, MIRROR_FOLDER, RAW, participants, text, year_of
from ._formats import frames_sql, require_frame_columns, xls_frame

pd = lazy("pandas")  # imported on first use: the step registry loads every source

FILE = "jme_v3.xls"
SHEET = "Sheet1_2"
SLOTS = [f"State {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] + [f"State A{c}" for c in "ABCD"]
ALIASES = {"ROM": "ROU"}
LAST_YEAR = 2010
_DATE = re.compile(r"^\s*(\d{1,2}|xx)/(\d{1,2}|xx)/(\d{4}|xxxx)\s*$", re.IGNORECASE)


def _parts(value: object) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) from an ``MM/DD/YYYY`` string; ``xx`` parts and other text are None."""
    found = _DATE.match(str(value)) if value is not None else None
    if not found:
        return (None, None, None)
    month, day, year = (int(g) if g.isdigit() else None for g in found.groups())
    return (year, month, day)


def _number(value: object) -> int | None:
    """A numeric sheet cell as an int; ``xx``, ``-9``, ``xxxx`` and blanks are None."""
    try:
        n = int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if n < 0 else n


def _raw(files: Mapping[str, Path]) -> pd.DataFrame:
    """The sheet with ``exercise_id``, resolved dates and ``year``."""
    path = files[FILE]
    raw = xls_frame(path, SHEET)
    raw = raw.rename(columns={"": "record_id"})
    cols = ["Coder", "record_id", "Exercise Name", "Start Date", "enddate", "s.year", "JME Type", *SLOTS]
    raw = require_frame_columns(raw, cols, path)
    raw.insert(0, "exercise_id", range(1, len(raw) + 1))
    raw["dated"] = raw["s.year"].map(_number).notna()
    start = raw["Start Date"].map(_parts)
    end = raw["enddate"].map(_parts)
    for i, part in enumerate(("year", "month", "day")):
        sheet_s = raw[f"s.{part}"].map(_number)
        sheet_e = raw[f"e.{part}"].map(_number)
        raw[f"start_{part}"] = sheet_s.where(raw["dated"], start.map(lambda t, i=i: t[i]))
        raw[f"end_{part}"] = sheet_e.where(raw["dated"], end.map(lambda t, i=i: t[i]))
    for side in ("start", "end"):  # impossible parts (an end day of 171) are typos: null
        for part, top in (("month", 12), ("day", 31)):
            col = raw[f"{side}_{part}"]
            raw[f"{side}_{part}"] = col.where(col.between(1, top))
    typo = raw["start_year"].gt(LAST_YEAR) & raw["end_year"].le(LAST_YEAR)
    raw.loc[typo, "start_year"] = raw.loc[typo, "end_year"]
    # malformed start strings (11/xx2002, 10/xx/007): the 4-digit year in them, else the end's
    bad = raw["start_year"].isna() & ~raw["dated"]
    found = pd.to_numeric(raw["Start Date"].map(year_of), errors="coerce")
    raw.loc[bad, "start_year"] = found[bad].fillna(raw.loc[bad, "end_year"])
    raw["year_fixed"] = typo | (bad & raw["start_year"].notna())
    raw["year"] = raw["start_year"]
    return raw


def parse_participants(files: Mapping[str, Path]) -> pa.Table:
    """One row per record and listed entry: slot, code as written, COW code in the year, kind."""
    raw = _raw(files)
    long = participants(raw, SLOTS, "iso3", ALIASES)
    return frames_sql(
        """SELECT exercise_id::SMALLINT AS exercise_id, slot::TINYINT AS slot, as_written,
                  upper(value) AS iso3, ccode::SMALLINT AS ccode, kind, note
           FROM long ORDER BY exercise_id, slot""",
        long=long,
    )


def parse_exercises(files: Mapping[str, Path]) -> pa.Table:
    """One row per record: id, name, places, dates, type, Reforger flag, host, sources, counts."""
    raw = _raw(files)
    long = participants(raw, SLOTS, "iso3", ALIASES)
    texts = {
        "coder": "Coder",
        "name": "Exercise Name",
        "trimmed_name": "Trimmed Name",
        "location1": "Location1",
        "location2": "Location2",
        "institutions": "Institution(s) involved",
        "purpose": "What is the purpose of the JME?",
        "host": "Which state hosted the exercise?",
        "sources": "Source(s)",
        "start_text": "Start Date",
        "end_text": "enddate",
    }
    for col in texts.values():
        raw[col] = raw[col].map(text)  # -9 typed as a number reads "-9", not "-9.0"
    selected = ", ".join(f"nullif(\"{col}\", '-9') AS {name}" for name, col in texts.items())
    kind = "upper(replace(trim(\"JME Type\"), ' ', ''))"
    return frames_sql(
        f"""WITH n AS (SELECT exercise_id, count(*) AS listed,
                              count(*) FILTER (WHERE kind = 'state') AS states,
                              count(*) FILTER (WHERE kind = 'unknown') AS unknown
                       FROM long GROUP BY exercise_id)
            SELECT exercise_id::SMALLINT AS exercise_id, TRY_CAST(record_id AS INTEGER) AS record_id,
                   {selected}, dated, year::SMALLINT AS year, year_fixed,
                   start_year::SMALLINT AS start_year, start_month::TINYINT AS start_month,
                   start_day::TINYINT AS start_day, end_year::SMALLINT AS end_year,
                   end_month::TINYINT AS end_month, end_day::TINYINT AS end_day,
                   TRY(make_date(start_year::INT, start_month::INT, start_day::INT)) AS start_date,
                   TRY(make_date(end_year::INT, end_month::INT, end_day::INT)) AS end_date,
                   CASE WHEN {kind} = 'FTX' THEN 'FTX' WHEN {kind} = 'CPX' THEN 'CPX'
                        WHEN {kind} IN ('BOTHCPX&FTX', 'CPX/FTX', 'FTX/CPX') THEN 'both'
                        WHEN {kind} = 'UNSURE' THEN 'unsure' END AS type,
                   lower(trim("Part of the Reforger Exercise?")) = 'yes' AS reforger,
                   TRY_CAST("AUS" AS TINYINT) AS aus_flag,
                   coalesce(n.listed, 0)::TINYINT AS n_listed,
                   coalesce(n.states, 0)::TINYINT AS n_states,
                   coalesce(n.unknown, 0)::TINYINT AS n_unknown
            FROM raw LEFT JOIN n USING (exercise_id) ORDER BY exercise_id""",
        raw=raw.drop(columns=[c for c in raw.columns if c.startswith("State ")]),
        long=long,
    )


register(
    Source(
        id="jme-3",
        version="v3 working spreadsheet (last saved 2017-01-13)",
        title="Joint Military Exercises coding sheet (JME)",
        publisher="Vito D'Orazio (not formally published as far as could be established)",
        landing_page="https://www.vitodorazio.com/dissertation-chapter-three.html",
        citation=CITATION_JME,
        terms="Unknown: the file carries no licence or terms, and no publisher's page offers it. "
        "Its origin is only partly known (file metadata: D'Orazio; found in the troopdata "
        "package's data-raw folder, GPL >= 3 for the package, which neither uses nor documents it).",
        years=(1974, 2010),
        files=(
            SourceFile(
                name=FILE,
                sha256="8b584c9b50bfb8058516b89874306e1a9b6ac5e2fcb21c379b9edbde8dd9a77a",
                format="xls",
                url=None,
                note="no official download is known (none guessed); the reference copy is "
                f"troopdata's {RAW}/{FILE} (commit 3946bcf), not the author's",
                size=786432,
                mirror_folder=MIRROR_FOLDER,
            ),
        ),
        tables={"exercises": parse_exercises, "participants": parse_participants},
        quirks=(
            "Lower-case ISO3 typos matched upper-case; ROM is Romania (ROU).",
            "-9, NATO, '8 NATO members' and BMU map to no state and keep their kind.",
            "The last 310 rows have no s.year..e.day: dates read from the date strings (dated=False).",
            "Start years 2015 and 3009 are typos: the end date's year is used (year_fixed).",
            "xx days, -9 and xxxx years are null; JME Type spellings normalised to FTX/CPX/both/unsure.",
        ),
    )
)
