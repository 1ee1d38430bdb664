"""COW State System Membership v2024: major-power spells (14 spells of 9 states, 1816-2024).

One row per major-power spell with day-precision start and end dates. A state may hold several
spells (France, Germany, Russia, Japan left and re-entered the club). A spell ending on 2024-12-31
runs to the end of the v2024 coverage: ``ongoing`` marks it (the state is still a major power).

Quirks: the file is the 2016 list with end dates extended to 2024-12-31 (no new spells); it was
transcribed from an indexed copy with LF line endings, so byte identity with the publisher's zip
member is not guaranteed. The ``version`` column (always 2024) is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._cow import CITATION_2024 as CITATION
from ._read import require_columns, sql

FILE = "majors2024.csv"
COLUMNS = ["stateabb", "ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"]
COVERAGE_END = "2024-12-31"


def parse_majors(files: Mapping[str, Path]) -> pa.Table:
    """One row per major-power spell: ccode, stateabb, start, end, ongoing at end of coverage."""
    path = files[FILE]
    require_columns(sql("SELECT * FROM read_csv({f}, header=true)", f=path), COLUMNS, path)
    return sql(
        f"""SELECT ccode::SMALLINT AS ccode, trim(stateabb) AS stateabb,
                   make_date(styear, stmonth, stday) AS start,
                   make_date(endyear, endmonth, endday) AS "end",
                   make_date(endyear, endmonth, endday) = DATE '{COVERAGE_END}' AS ongoing
            FROM read_csv({{f}}, header=true, all_varchar=false) ORDER BY ccode, start""",
        f=path,
    )


register(
    Source(
        id="cow-majors-2024",
        version="2024",
        title="Correlates of War State System Membership: major powers, v2024",
        publisher="Correlates of War Project",
        landing_page="https://correlatesofwar.org/data-sets/state-system-membership/",
        citation=CITATION,
        terms="COW data are free to use with citation; no formal open-data licence is stated.",
        years=(1816, 2024),
        files=(
            SourceFile(
                name=FILE,
                sha256="ca7c2b8e1a82e0d43a07b6f8db38d9b26f196d8d9343fa357f31cde614b96d95",
                format="csv",
                url="https://correlatesofwar.org/wp-content/uploads/MajorPowers2024.zip",
                member="MajorPowers2024/majors2024.csv",
                note="transcribed from an indexed copy (526 characters, LF line endings); byte "
                "identity with the zip member (line endings) is unverified, and the archive URL "
                "was assembled from a base URL and member name seen in public code",
                size=526,
            ),
        ),
        tables={"majors": parse_majors},
        families=("cow-majors",),
        quirks=(
            "Spells ending 2024-12-31 run to the end of coverage: ongoing is true.",
            "Same spells as majors2016 with end dates extended to 2024.",
        ),
    )
)
