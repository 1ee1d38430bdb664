"""ICEWS coded event data: a real two-day extract (events of 2018-06-01 and 2018-06-02).

Quirks fixed:
- Tab-separated with a 20-column header; the extract was written by R, so a bare ``NA`` is a
  missing value (countries, districts, coordinates). Columns are snake_case of the header.
- CAMEO Code is text (``040``); other releases write dates as m/d/Y, which is read too.
- Countries are names, not codes; sectors are comma lists ("Military,Government"), the way to find
  military actors.
- CAMEO labels follow the CAMEO 1.1b3 manual (see ``cameo-codebook``), which differs from GDELT's
  lookup on codes 101-108.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._events import read_table

FILE = "events.2018.sample.tab"


def parse_events(files: Mapping[str, Path]) -> pa.Table:
    """The 3,705 events of the extract, typed, with the CAMEO code as text."""
    return read_table(files[FILE], "icews", order="event_id")


register(
    Source(
        id="icews-sample",
        version="ICEWS Coded Event Data, 2018 file, events of 2018-06-01..02",
        title="ICEWS coded event data (two-day extract)",
        publisher="Boschee et al., Harvard Dataverse (doi:10.7910/DVN/28075)",
        landing_page="https://doi.org/10.7910/DVN/28075",
        citation="""@misc{boschee_et_al_2015,
  author = {Boschee, Elizabeth and Lautenschlager, Jennifer and O'Brien, Sean and
            Shellman, Steve and Starz, James and Ward, Michael},
  title = {{ICEWS} Coded Event Data},
  publisher = {Harvard Dataverse},
  doi = {10.7910/DVN/28075},
  year = {2015}
}""",
        terms="Dataverse terms of the ICEWS release: free use with citation.",
        years=(2018, 2018),
        files=(
            SourceFile(
                name=FILE,
                sha256="5d63363827bc4e43e3ea3808427b8b42ea9dc230b9dbaa249286eb579b6408c8",
                format="tsv",
                url="https://raw.githubusercontent.com/andybega/icews/"
                "3746c729551f5fcb5a49f643f82638011a5fcfec/inst/extdata/events.2018.sample.tab",
                publisher_identical=True,
                note="a derived two-day extract shipped with the icews R package (andybega/icews)",
                size=959210,
            ),
        ),
        tables={"events": parse_events},
        quirks=(
            "A bare NA is a missing value (R-written extract).",
            "CAMEO Code is text (leading zeros kept); dates may be ISO or m/d/Y.",
            "Countries are names; sectors are comma lists.",
        ),
    )
)
