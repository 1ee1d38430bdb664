"""U.S. overseas bases (David Vine's list) and military construction spending, via troopdata.

Two tables from the troopdata package's ``data-raw`` CSVs:

- ``bases``: one row per facility (Cold War to 2018) with coordinates and three flags: ``base``
  (a major base), ``lilypad`` (under 200 personnel or an "other site" in Pentagon reports) and
  ``funded_site`` (a host-state facility funded by the U.S.);
- ``construction``: military construction line items 2008-2019, one row per location-project-year,
  ``spend_construction`` in thousands of current US$ (total obligational authority).

Quirks fixed:
- ``basedata.csv`` is UTF-8 except one Latin-1 byte (``Fuerte Aguayo NB, Conc\\xf3n``, Chile);
  each line is decoded as UTF-8 and, failing that, as Latin-1, so the name reads ``Concón``.
- ``basedata.csv`` lists Naval Support Activity Naples twice (identical rows): one is dropped.
- ``builddata.csv`` rows are projects without a project id: 106 rows repeat another row exactly
  (same location, year and amount). They are kept, as distinct projects with equal amounts, and
  ``line`` (the data row number in the file) tells them apart; sum them, do not deduplicate.
- ``builddata.csv`` stores ``ccode`` as a float with ``NA`` for non-state locations (``Worldwide
  Unspecified``, ``Guam``, truncated labels such as ``Ho``, ``Bi``, ``Zc``, ``Cm``): SMALLINT,
  null there. Puerto Rico's bases carry ccode 2 (the United States), as in the file.
- Some locations carry their country's centroid, not the facility's coordinates (e.g.
  ``Ramstein Ab`` at 51.5, 10.5); coordinates are kept as given. One BRAC line item is negative
  (-178,758, a rescission) and is kept; zero amounts are reported zeros.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, register
from ._formats import frames_sql
from ._troopdata import CITATION, COMMIT, read_troopdata_csv, troopdata_file

BASES = "basedata.csv"
BUILD = "builddata.csv"


def parse_bases(files: Mapping[str, Path]) -> pa.Table:
    """One row per facility: country, ccode, name, coordinates and the three type flags."""
    cols = ["countryname", "ccode", "iso3c", "basename", "lat", "lon", "base", "lilypad", "fundedsite"]
    raw = read_troopdata_csv(files[BASES], cols)
    return frames_sql(
        """SELECT DISTINCT countryname, ccode::SMALLINT AS ccode, iso3c, basename,
                  lat::DOUBLE AS lat, lon::DOUBLE AS lon, base = 1 AS base, lilypad = 1 AS lilypad,
                  fundedsite = 1 AS funded_site
           FROM raw ORDER BY countryname, basename""",
        raw=raw,
    )


def parse_construction(files: Mapping[str, Path]) -> pa.Table:
    """One row per construction line item: place, year, coordinates, thousands of current US$."""
    cols = ["countryname", "ccode", "iso3c", "year", "location", "lat", "lon", "spend_construction"]
    raw = read_troopdata_csv(files[BUILD], cols)
    raw.insert(0, "line", range(1, len(raw) + 1))
    return frames_sql(
        """SELECT line::INTEGER AS line, countryname, ccode::SMALLINT AS ccode, iso3c,
                  year::SMALLINT AS year, location, lat::DOUBLE AS lat, lon::DOUBLE AS lon,
                  spend_construction::BIGINT AS spend_construction
           FROM raw ORDER BY line""",
        raw=raw,
    )


register(
    Source(
        id="us-bases",
        version=f"troopdata data-raw at commit {COMMIT[:7]} (basedata 2021, builddata 2021)",
        title="U.S. overseas bases and military construction spending (troopdata)",
        publisher="Michael A. Allen, Michael E. Flynn, Carla Martinez Machain (bases: David Vine)",
        landing_page="https://github.com/meflynn/troopdata",
        citation=CITATION
        + """
@book{vine_2015,
  author = {Vine, David},
  title = {Base Nation: How {U.S.} Military Bases Abroad Harm {America} and the World},
  publisher = {Metropolitan Books},
  address = {New York},
  year = {2015}
}""",
        terms="troopdata is GPL-3 (package DESCRIPTION); cite Allen, Flynn & Martinez Machain "
        "(2022) and Vine (2015) for the base list.",
        years=(2008, 2019),
        files=(
            troopdata_file(
                BASES, "5a552e81b39bdbb7af42b6206dd47340a6a9f114bf84c24c0e167cf74844ccda", 25608
            ),
            troopdata_file(
                BUILD, "bf644fa3a0446531058db997bd91fa9563cb62c98efe243525c035b03ef382dc", 385722
            ),
        ),
        tables={"bases": parse_bases, "construction": parse_construction},
        quirks=(
            "One Latin-1 byte in a UTF-8 basedata.csv (Concón) is decoded per line.",
            "The duplicated Naples row in basedata.csv is dropped.",
            "builddata.csv's 106 exact repeats are distinct projects with equal amounts: kept, "
            "told apart by line.",
            "Float ccode with NA for non-state locations becomes SMALLINT / null.",
            "spend_construction is in thousands of current US$; one negative BRAC item is kept.",
        ),
        redistributable=True,
    )
)
