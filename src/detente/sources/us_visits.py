"""Foreign visits by U.S. service secretaries and combatant commanders, 1992-2012 (``visits.xls``).

One row per trip and destination (a trip to three countries is three rows with the same dates):
title, official, dates, city and the destination as an ISO 3166-1 alpha-3 code. The origin is
only partly known: the file metadata name Vito D'Orazio (2012) and the file sits in the
troopdata package's ``data-raw`` folder; there is no codebook, no stated source and no
publication, and coverage is uneven (no visits recorded in 1993 or 2003). One table, ``visits``,
with the destination's COW code in the visit's start year.

Quirks fixed:
- One row repeats another exactly: dropped (376 visits remain).
- Destinations that are not ISO3 codes: ``Nassau`` is the Bahamas (BHS); ``Kosovo`` is COW 347
  (a member only from 2008, so visits before that fall outside every panel; they are not moved
  to Serbia: they were visits to KFOR in UN-administered Kosovo); ``Saint Thomas``, ``Wake
  Island``, ``VIR``, ``GUM``, ``GUF``, ``GNL`` (Greenland, a typo for GRL) and ``Antarctica``
  are territories or no state: kept with their kind, no code.
- ``Commandant US Marine Corps`` is the same office as ``Commandant of the Marine Corps``.
- Days, months and years are stored as floats: integers; an impossible date is null (the
  parts are kept).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from .._lazy import lazy
from ..registry import Source, SourceFile, register
from ._dorazio import MIRROR_FOLDER, RAW, participants
from ._formats import frames_sql, require_frame_columns, xls_frame

pd = lazy("pandas")  # imported on first use: the step registry loads every source

FILE = "visits.xls"
SHEET = "Sheet1"
ALIASES = {"Nassau": "BHS", "Kosovo": "XKX"}
TITLES = {"Commandant US Marine Corps": "Commandant of the Marine Corps"}
COLUMNS = [
    "Title",
    "Name",
    "Start Day",
    "Start Month",
    "Start Year",
    "City Visited",
    "State Visit",
    "End Day",
    "End Month",
    "End Year",
]


def parse_visits(files: Mapping[str, Path]) -> pa.Table:
    """One row per visit (trip and destination): office, official, dates, city, COW code, kind."""
    path = files[FILE]
    raw = require_frame_columns(xls_frame(path, SHEET), COLUMNS, path)
    raw = raw[COLUMNS].drop_duplicates().reset_index(drop=True)
    raw.insert(0, "visit_id", range(1, len(raw) + 1))
    raw["year"] = pd.to_numeric(raw["Start Year"], errors="coerce")
    for col in ("Title", "Name", "City Visited"):
        raw[col] = raw[col].map(lambda v: None if v is None else str(v).strip() or None)
    raw["Title"] = raw["Title"].map(lambda t: TITLES.get(t, t))
    keyed = raw.rename(columns={"visit_id": "exercise_id"})
    dest = participants(keyed, ["State Visit"], "iso3", ALIASES)
    dest = dest.rename(columns={"exercise_id": "visit_id"})
    return frames_sql(
        """SELECT r.visit_id::SMALLINT AS visit_id, r.Title AS title, r.Name AS official,
                  "Start Year"::SMALLINT AS start_year, "Start Month"::TINYINT AS start_month,
                  "Start Day"::TINYINT AS start_day, "End Year"::SMALLINT AS end_year,
                  "End Month"::TINYINT AS end_month, "End Day"::TINYINT AS end_day,
                  TRY(make_date("Start Year"::INT, "Start Month"::INT, "Start Day"::INT)) AS start_date,
                  TRY(make_date("End Year"::INT, "End Month"::INT, "End Day"::INT)) AS end_date,
                  "City Visited" AS city, d.as_written AS destination,
                  CASE WHEN d.kind = 'state' THEN upper(d.value) END AS iso3,
                  d.ccode::SMALLINT AS ccode, d.kind, d.note
           FROM raw r LEFT JOIN dest d USING (visit_id) ORDER BY visit_id""",
        raw=raw,
        dest=dest,
    )


register(
    Source(
        id="us-visits",
        version="spreadsheet saved 2012-11-05",
        title="Foreign visits by U.S. service secretaries and combatant commanders",
        publisher="Vito D'Orazio (per file metadata; unpublished research file)",
        landing_page="https://github.com/meflynn/troopdata",
        citation="""@misc{dorazio_us_visits_2012,
  author = {D'Orazio, Vito},
  title = {Foreign Visits by {U.S.} Service Secretaries and Combatant Commanders, 1992--2012},
  year = {2012},
  note = {Unpublished spreadsheet visits.xls (file metadata), redistributed without
          documentation in the troopdata R package's data-raw folder; no citation is known}
}""",
        terms="Unknown: the file carries no licence or terms; its origin is only partly known "
        "(author per file metadata; found in troopdata's data-raw folder, which neither uses nor "
        "documents it). Treat as an unpublished research file.",
        years=(1992, 2012),
        files=(
            SourceFile(
                name=FILE,
                sha256="13a94db9569a0e84d3504ce45402e95d733c13675a9d1eb8e2152983d48ff648",
                format="xls",
                url=None,
                note="no official download is known (none guessed); the reference copy is "
                f"troopdata's {RAW}/{FILE} (commit 3946bcf), not the author's",
                size=73728,
                mirror_folder=MIRROR_FOLDER,
            ),
        ),
        tables={"visits": parse_visits},
        quirks=(
            "One exact duplicate row dropped.",
            "Nassau is the Bahamas; Kosovo is COW 347 (a member from 2008 only).",
            "Territories (Saint Thomas, Wake Island, VIR, GUM, GUF, GNL = Greenland) and "
            "Antarctica keep their kind and no code.",
            "'Commandant US Marine Corps' is 'Commandant of the Marine Corps'.",
        ),
    )
)
