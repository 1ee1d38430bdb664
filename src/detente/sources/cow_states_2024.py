"""COW State System Membership List v2024: membership spells 1816-2024 (the default COW system).

One row per membership spell with day-precision start and end dates, parsed as v2016's list is.
Quirks: ccode 345 carries two abbreviations, YUG (Yugoslavia, to 2006-06-03) and SRB (Serbia,
from 2006-06-03): v2016 kept one YUG spell to 2016. In 2006 both spells touch the year, so the
state-year list counts 345 once (the panel groups spells by code and year). The ``version``
column (always 2024) is dropped. The publisher's own state-year file (``system2024.csv``) is not
mirrored; tests check the derived state-years against v2016's ``system2016.csv`` and NMC 7.0.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._cow import CITATION_2024 as CITATION
from ._read import require_columns, sql
from .cow_states import SPELL_COLUMNS

FILE = "statelist2024.csv"


def parse_states(files: Mapping[str, Path]) -> pa.Table:
    """One row per membership spell: ccode, stateabb, statenme, start, end (dates)."""
    path = files[FILE]
    raw = sql("SELECT * FROM read_csv({f}, header=true) LIMIT 1", f=path)
    require_columns(raw, [*SPELL_COLUMNS, "statenme"], path)
    return sql(
        """SELECT ccode::SMALLINT AS ccode, stateabb, statenme,
                  make_date(styear, stmonth, stday) AS start,
                  make_date(endyear, endmonth, endday) AS "end"
           FROM read_csv({f}, header=true) ORDER BY ccode, start""",
        f=path,
    )


register(
    Source(
        id="cow-states-2024",
        version="2024",
        title="Correlates of War State System Membership List",
        publisher="Correlates of War Project",
        landing_page="https://correlatesofwar.org/data-sets/state-system-membership/",
        citation=CITATION,
        terms="Free of charge for research use; cite the dataset as the COW Project requests. "
        "No formal open-data licence is stated.",
        years=(1816, 2024),
        files=(
            SourceFile(
                name=FILE,
                sha256="722153b45eda9c39826a04aab80ca7b29a8b1cfdfe5d92714503420555675484",
                format="csv",
                url="https://correlatesofwar.org/wp-content/uploads/States2024.zip",
                member="States2024/statelist2024.csv",
                note="the reference copy is the member as unzipped by a public project (LF line "
                "endings, 10,641 bytes); the zip's own hash is not known",
                size=10641,
            ),
        ),
        tables={"states": parse_states},
        quirks=(
            "ccode 345 has two spells with different abbreviations: YUG to 2006-06-03, SRB from "
            "2006-06-03 (v2016: one YUG spell to 2016); 2006 is one state-year.",
            "States with several membership spells keep one row per spell; dyads are formed from "
            "day-level overlap of spells.",
        ),
    )
)
