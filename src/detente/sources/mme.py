"""Multinational Military Exercises (MME) v7, 1980-2010 (D'Orazio & Galambos 2021).

One row per exercise in ``mme_v7.csv`` (3,707 rows), participants by country name in 39 wide
columns ``StateA`` ... ``StateAM``. Two tables:

- ``exercises``: one row per file row, keyed by ``exercise_id`` (the row number: MME ids are
  re-used), with dates, the six domain flags, the three focus flags and participant counts;
- ``participants``: one row per exercise and listed entry, with its COW code in the exercise's
  start year (``kind`` = ``state``) or what it is when it is no state (``unknown``,
  ``organisation``, ``group``, ``territory``; see ``sources._dorazio.NOT_STATES``).

Quirks fixed:
- Names are CLDR-style (``Côte d’Ivoire``, ``Congo - Brazzaville``, ``Myanmar (Burma)``,
  ``St. Kitts & Nevis``): the project's name table matches them (apostrophe- and accent-blind).
- ``st. christopher`` (Tradewinds 92, lower case) is St. Kitts and Nevis (Saint Christopher and
  Nevis): rewritten before mapping.
- The Soviet Union is written ``Russia`` before 1992: COW 365 throughout, as COW codes it.
  ``Federal Republic of Germany`` 260, ``German Democratic Republic`` 265, ``Germany`` from 1991
  255; ``Czechoslovakia`` 315; ``Yugoslavia`` (2004) 345: the name table's years decide.
- ``-9`` (unknown participants), ``NATO``, ``Baltic States`` and four territories map to no state
  and are kept with their kind; ``n_states`` counts the mapped states, ``n_listed`` every entry.
- 18 rows list a participant twice: kept once.
- ``MMEID`` is re-used (mme3457, mme3458, mme3460 each name two exercises): ``exercise_id`` is
  the row number and ``mmeid`` is kept as written.
- ``s.day``/``e.day`` are ``xx`` when the day is unknown (814 starts, 1,089 ends): the day is
  null and so is the date; year and month are kept.
- Five exercises end before they start (full dates): kept as written, flagged ``ends_early``.
- ``-9`` in ``Ex_Name``, ``Location`` and ``FocusDescription`` is null.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from .._lazy import lazy
from ..errors import ParseError
from ..registry import Source, SourceFile, register
from ._dorazio import participants
from ._formats import frames_sql, require_frame_columns

pd = lazy("pandas")  # imported on first use: the step registry loads every source

FILE = "mme_v7.csv"
SLOTS = [f"State{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] + [f"StateA{c}" for c in "ABCDEFGHIJKLM"]
DOMAINS = {
    "cpx": "CPX",
    "air": "Air",
    "land": "Land",
    "sea": "Sea",
    "amphibious": "Amphibious",
    "cyber": "Cyber",
}
FOCUS = {"warfighting": "Warfighting", "peacekeeping": "Peacekeeping", "humanitarian": "Humanitarian"}
ALIASES = {"st. christopher": "St. Kitts & Nevis"}


def _raw(files: Mapping[str, Path]) -> pd.DataFrame:
    """The CSV as text, blank cells empty, with ``exercise_id`` (row number) and ``year``."""
    path = files[FILE]
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ParseError(f"{path.name}: not a readable MME CSV ({exc})") from exc
    cols = ["MMEID", "Ex_Name", "s.year", "e.year", *DOMAINS.values(), *FOCUS.values(), *SLOTS]
    raw = require_frame_columns(raw, cols, path)
    raw.insert(0, "exercise_id", range(1, len(raw) + 1))
    raw["year"] = pd.to_numeric(raw["s.year"], errors="coerce")
    return raw


def parse_participants(files: Mapping[str, Path]) -> pa.Table:
    """One row per exercise and listed entry: slot, name, COW code in the start year, kind."""
    raw = _raw(files)
    long = participants(raw.replace({"": None}), SLOTS, "name", ALIASES)
    return frames_sql(
        """SELECT exercise_id::SMALLINT AS exercise_id, slot::TINYINT AS slot,
                  as_written, value AS name, ccode::SMALLINT AS ccode, kind, note
           FROM long ORDER BY exercise_id, slot""",
        long=long,
    )


def parse_exercises(files: Mapping[str, Path]) -> pa.Table:
    """One row per exercise: ids, name, series, place, dates, domain and focus flags, counts."""
    raw = _raw(files)
    long = participants(raw.replace({"": None}), SLOTS, "name", ALIASES)
    flags = ", ".join(f"\"{col}\" = '1' AS {name}" for name, col in {**DOMAINS, **FOCUS}.items())

    def text(col: str) -> str:
        return f"nullif(nullif(trim(\"{col}\"), ''), '-9')"

    def day(col: str) -> str:
        return f"TRY_CAST(nullif(\"{col}\", 'xx') AS TINYINT)"

    return frames_sql(
        f"""WITH n AS (SELECT exercise_id, count(*) AS listed,
                              count(*) FILTER (WHERE kind = 'state') AS states,
                              count(*) FILTER (WHERE kind = 'unknown') AS unknown
                       FROM long GROUP BY exercise_id),
            r AS (SELECT *, "s.year"::SMALLINT AS sy, "s.month"::TINYINT AS sm, {day("s.day")} AS sd,
                         "e.year"::SMALLINT AS ey, "e.month"::TINYINT AS em, {day("e.day")} AS ed
                  FROM raw)
            SELECT exercise_id::SMALLINT AS exercise_id, MMEID AS mmeid, {text("Ex_Name")} AS name,
                   {text("Series_Name")} AS series, {text("Location")} AS location,
                   TRY_CAST(lat AS DOUBLE) AS lat, TRY_CAST(lon AS DOUBLE) AS lon,
                   sy AS start_year, sm AS start_month, sd AS start_day,
                   ey AS end_year, em AS end_month, ed AS end_day,
                   make_date(sy, sm, sd) AS start_date, make_date(ey, em, ed) AS end_date,
                   coalesce(make_date(ey, em, ed) < make_date(sy, sm, sd), FALSE) AS ends_early,
                   {flags}, {text("FocusDescription")} AS focus_description,
                   {text("AdditionalParticipantInfo")} AS participant_info,
                   coalesce(n.listed, 0)::TINYINT AS n_listed,
                   coalesce(n.states, 0)::TINYINT AS n_states,
                   coalesce(n.unknown, 0)::TINYINT AS n_unknown
            FROM r LEFT JOIN n USING (exercise_id) ORDER BY exercise_id""",
        raw=raw,
        long=long,
    )


register(
    Source(
        id="mme-7",
        version="7 (Dataverse V1)",
        title="Multinational Military Exercises, 1980-2010 (MME)",
        publisher="Vito D'Orazio and Kevin Galambos (Harvard Dataverse)",
        landing_page="https://doi.org/10.7910/DVN/KHFODX",
        citation="""@misc{dorazio_galambos_2021,
  author = {D'Orazio, Vito and Galambos, Kevin},
  title = {Multinational Military Exercises, 1980-2010},
  year = {2021},
  publisher = {Harvard Dataverse},
  version = {V1},
  doi = {10.7910/DVN/KHFODX},
  howpublished = {\\url{https://doi.org/10.7910/DVN/KHFODX}}
}""",
        terms="Not established: the Dataverse record's terms could not be seen (Harvard Dataverse "
        "defaults to CC0 1.0 unless the depositor set custom terms; unconfirmed for this record). "
        "The copy read here is redistributed in the troopdata R package (GPL >= 3 for the package).",
        years=(1980, 2010),
        files=(
            SourceFile(
                name=FILE,
                sha256="e6356ed4b8569133841723ad4bc6fe436b49b28570dd721940d61edb771d8719",
                format="csv",
                url="https://doi.org/10.7910/DVN/KHFODX",
                note="the DOI is the official record (its file name and hash were not seen; "
                "Dataverse may serve a converted .tab); this copy is troopdata's data-raw/"
                "mme_v7.csv at commit 3946bcf, identity with the deposit unverified",
                size=1096316,
            ),
        ),
        tables={"exercises": parse_exercises, "participants": parse_participants},
        quirks=(
            "CLDR-style country names matched through the project's name table.",
            "'st. christopher' (Tradewinds 92) is St. Kitts and Nevis.",
            "'Russia' before 1992 is the Soviet Union: COW 365 throughout.",
            "FRG 260 and GDR 265 to 1990, Germany 255 from 1991; Czechoslovakia 315.",
            "-9, NATO, Baltic States and territories map to no state and keep their kind.",
            "A participant listed twice in one exercise is kept once (18 rows).",
            "Re-used MMEIDs (mme3457, mme3458, mme3460): exercise_id is the row number.",
            "'xx' days are null (year and month kept); five exercises end before they start "
            "(ends_early).",
            "-9 in name, location and focus description is null.",
        ),
    )
)
