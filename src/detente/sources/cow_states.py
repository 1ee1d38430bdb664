"""COW State System Membership List v2016: membership spells, the state-year list, major powers.

Quirks fixed: a state may have several membership spells (Cuba, Germany, ...), kept as one row
each with day-precision start and end dates; majors are spells too (Germany, Japan, France, Russia
left and re-entered the major-power club).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._read import require_columns, sql

SPELL_COLUMNS = ["ccode", "stateabb", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"]


def _spells(path: Path, name_col: str | None) -> pa.Table:
    raw = sql("SELECT * FROM read_csv({f}, header=true)", f=path)
    require_columns(raw, SPELL_COLUMNS + ([name_col] if name_col else []), path)
    name = f", {name_col} AS statenme" if name_col else ""
    return sql(
        f"""SELECT ccode::SMALLINT AS ccode, stateabb{name},
                   make_date(styear, stmonth, stday) AS start,
                   make_date(endyear, endmonth, endday) AS "end"
            FROM read_csv({{f}}, header=true) ORDER BY ccode, start""",
        f=path,
    )


def parse_states(files: Mapping[str, Path]) -> pa.Table:
    """One row per membership spell: ccode, stateabb, statenme, start, end (dates)."""
    return _spells(files["states2016.csv"], "statenme")


def parse_majors(files: Mapping[str, Path]) -> pa.Table:
    """One row per major-power spell: ccode, stateabb, start, end (dates)."""
    return _spells(files["majors2016.csv"], None)


def parse_system(files: Mapping[str, Path]) -> pa.Table:
    """The publisher's own state-year list (ccode, stateabb, year), kept to check our panels."""
    path = files["system2016.csv"]
    raw = sql("SELECT * FROM read_csv({f}, header=true)", f=path)
    require_columns(raw, ["ccode", "stateabb", "year"], path)
    return sql(
        "SELECT ccode::SMALLINT AS ccode, stateabb, year::SMALLINT AS year "
        "FROM read_csv({f}, header=true) ORDER BY ccode, year",
        f=path,
    )


SOURCE = register(
    Source(
        id="cow-states-2016",
        version="2016",
        title="Correlates of War State System Membership List",
        publisher="Correlates of War Project",
        landing_page="https://correlatesofwar.org/data-sets/state-system-membership/",
        citation="""@misc{cow_states_2016,
  author = {{Correlates of War Project}},
  title = {State System Membership List, v2016},
  year = {2017},
  howpublished = {\\url{https://correlatesofwar.org/data-sets/state-system-membership/}}
}""",
        terms="Free of charge for research use; cite the dataset as the COW Project requests. "
        "No formal open-data licence is stated.",
        years=(1816, 2016),
        files=(
            SourceFile(
                name="states2016.csv",
                sha256="21822fe1ef67aedf2e64ebe9746e2b875c6175c8ce599750bc0e77e4ce393167",
                format="csv",
                url="https://correlatesofwar.org/wp-content/uploads/states2016.csv",
                size=10602,
            ),
            SourceFile(
                name="system2016.csv",
                sha256="280e10b408c0aefb3b452e1d35d59a54d78935c08ac3a6039c47cb982cdc9f17",
                format="csv",
                url="https://correlatesofwar.org/wp-content/uploads/system2016.csv",
                size=300836,
            ),
            SourceFile(
                name="majors2016.csv",
                sha256="6ba42de12f2f63401ff5a61e6d0037d17b5dd03ed9aca07d0bc16660e03694eb",
                format="csv",
                url=None,
                note="no official URL for majors2016.csv is known; use a mirror",
                size=539,
            ),
        ),
        tables={"states": parse_states, "majors": parse_majors, "system": parse_system},
        families=("cow-majors",),
        quirks=(
            "States with several membership spells (e.g. Cuba 40, Germany 255) keep one row per "
            "spell; dyads are formed from day-level overlap of spells.",
        ),
    )
)
