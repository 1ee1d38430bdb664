"""COW Direct Contiguity 3.2: directed dyad-years with the closest type of contiguity.

conttype 1 = land or river border, 2-5 = separated by at most 12, 24, 150 or 400 miles of water.
Only contiguous dyad-years are listed; inside the 1816-2016 domain an absent dyad-year is a true 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._read import require_columns, stata


def parse_contiguity(files: Mapping[str, Path]) -> pa.Table:
    """ccode1, ccode2, year, conttype (1-5) from contdird.dta, one row per directed dyad-year."""
    path = files["contdird.dta"]
    raw = require_columns(stata(path), ["state1no", "state2no", "year", "conttype"], path)
    table = pa.table(
        {
            "ccode1": raw["state1no"].cast(pa.int16()),
            "ccode2": raw["state2no"].cast(pa.int16()),
            "year": raw["year"].cast(pa.int16()),
            "conttype": raw["conttype"].cast(pa.int8()),
        }
    )
    # 58 dyad-years appear twice, once per type, when the type changed during the year
    # (e.g. 210-220 in 1830: 1 and 5); keep the closest (lowest) type.
    grouped = table.group_by(["ccode1", "ccode2", "year"]).aggregate([("conttype", "min")])
    return grouped.rename_columns(["ccode1", "ccode2", "year", "conttype"]).sort_by(
        [("ccode1", "ascending"), ("ccode2", "ascending"), ("year", "ascending")]
    )


register(
    Source(
        id="cow-contiguity-3.2",
        version="3.2",
        title="COW Direct Contiguity",
        publisher="Correlates of War Project",
        landing_page="https://correlatesofwar.org/data-sets/direct-contiguity/",
        citation="""@article{stinnett_et_al_2002,
  author = {Stinnett, Douglas M. and Tir, Jaroslav and Schafer, Philip and Diehl, Paul F. and
            Gochman, Charles},
  title = {The Correlates of War Project Direct Contiguity Data, Version 3},
  journal = {Conflict Management and Peace Science},
  volume = {19},
  number = {2},
  pages = {59--67},
  year = {2002}
}""",
        terms="Free of charge for research use; cite as the COW Project requests. "
        "No formal open-data licence is stated.",
        years=(1816, 2016),
        files=(
            SourceFile(
                name="contdird.dta",
                sha256="a1f0cb033a017edf8442bed584929739ce57b2836c66b44ec0a7b85686a8ddb7",
                format="dta",
                url="https://correlatesofwar.org/wp-content/uploads/DirectContiguity320.zip",
                member="DirectContiguity320/contdird.dta",
                note="byte identity of the reference copy with the zip member is unverified",
                size=1734166,
            ),
        ),
        tables={"contiguity": parse_contiguity},
        quirks=(
            "Only contiguous dyad-years are listed: absence inside 1816-2016 means 0.",
            "58 dyad-years are listed twice with two types (the type changed that year); the "
            "closest (lowest) type is kept.",
        ),
    )
)
