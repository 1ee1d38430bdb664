"""CAMEO event codes and Goldstein scale: GDELT's lookup tables (2013 snapshot).

Quirks fixed:
- Codes are text with leading zeros (``010``); both files list the same 311 codes, joined into one
  table (``codes``: code, description, goldstein).
- These are GDELT's labels: on codes 101-108 they differ in meaning from the CAMEO 1.1b3 manual
  (``cameo-codebook``), e.g. 105 is "Demand mediation" here and "Demand that target yields"
  there. Goldstein values differ from the manual's table on 016, 022, 164 and 165.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._read import sql

LOOKUPS = "https://www.gdeltproject.org/data/lookups"
SNAPSHOT = (
    "a 2013 snapshot (mpiccirilli/UNDP-BCPR-Project); GDELT updated its lookups later, so the "
    "live file may differ"
)


def parse_codes(files: Mapping[str, Path]) -> pa.Table:
    """One row per code: code (text), GDELT's description and Goldstein score."""
    opts = "delim='\t', header=true, all_varchar=true, quote='', escape=''"
    return sql(
        f"""SELECT e.CAMEOEVENTCODE AS code, e.EVENTDESCRIPTION AS description,
                   CAST(g.GOLDSTEINSCALE AS DOUBLE) AS goldstein,
                   length(e.CAMEOEVENTCODE)::TINYINT AS level_digits
            FROM read_csv({{e}}, {opts}) e
            FULL JOIN read_csv({{g}}, {opts}) g USING (CAMEOEVENTCODE)
            ORDER BY code""",
        e=files["CAMEO.eventcodes.txt"],
        g=files["CAMEO.goldsteinscale.txt"],
    )


register(
    Source(
        id="cameo-goldstein",
        version="GDELT 1.0 lookup files (CAMEO 1.1b3), 2013 snapshot",
        title="CAMEO event codes and Goldstein scale (GDELT lookup tables)",
        publisher="The GDELT Project (CAMEO: Schrodt et al.; scale: Goldstein 1992)",
        landing_page="https://www.gdeltproject.org/data/lookups/",
        citation="""@article{goldstein_1992,
  author = {Goldstein, Joshua S.},
  title = {A Conflict-Cooperation Scale for {WEIS} Events Data},
  journal = {Journal of Conflict Resolution},
  volume = {36},
  number = {2},
  pages = {369--385},
  year = {1992}
}""",
        terms="GDELT data are free for unlimited use with attribution (gdeltproject.org).",
        files=(
            SourceFile(
                name="CAMEO.eventcodes.txt",
                sha256="d7da9a9e20d81805a7e8849317f24c953f75fbed2f96cff4edb8df90ffcb3065",
                format="tsv",
                url=f"{LOOKUPS}/CAMEO.eventcodes.txt",
                note=SNAPSHOT,
                size=11840,
            ),
            SourceFile(
                name="CAMEO.goldsteinscale.txt",
                sha256="22ae69794e081b8cc9bb87a15f59fabdaa6e9ba00b1d08990b46cd75291c0ca8",
                format="tsv",
                url=f"{LOOKUPS}/CAMEO.goldsteinscale.txt",
                note=SNAPSHOT,
                size=2863,
            ),
        ),
        tables={"codes": parse_codes},
        quirks=(
            "Codes are text with leading zeros.",
            "GDELT's labels differ in meaning from CAMEO 1.1b3 on 101-108; Goldstein values "
            "differ on 016, 022, 164, 165.",
        ),
    )
)
