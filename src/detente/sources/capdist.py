"""Distances between capital cities (Gleditsch), for Bueno de Mesquita's loss-of-strength gradient.

Kristian Skrede Gleditsch's ``capdist.csv`` gives the great-circle distance between the capitals
of every pair of states in the Gleditsch-Ward list: ``numa``/``numb`` (G&W codes), ``ida``/``idb``
(letter codes) and ``kmdist`` (kilometres). One capital per state: capital moves (Rio to
Brasilia, Bonn to Berlin, St Petersburg to Moscow...) are not dated, so every year uses the same
distance. detente has no reference copy (the data mirror holds no distances): each user fetches
the file from the author's site and accepts its hash after checking it
(``detente fetch capdist --accept-hash capdist.csv=SHA256``).

Table ``distances``: numa, numb (G&W codes, both orders), km, miles (km / 1.609344, EUGene's unit).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import NO_REFERENCE_SHA256, Source, SourceFile, register
from ._read import require_columns, sql

FILE = "capdist.csv"
READ = "read_csv({f}, header=true, all_varchar=true)"
KM_PER_MILE = 1.609344


def parse_distances(files: Mapping[str, Path]) -> pa.Table:
    """One row per ordered pair of G&W codes with a distance: numa, numb, km, miles."""
    path = files[FILE]
    require_columns(sql(f"SELECT * FROM {READ} LIMIT 1", f=path), ["numa", "numb", "kmdist"], path)
    return sql(
        f"""WITH d AS (SELECT numa::SMALLINT AS numa, numb::SMALLINT AS numb,
                              kmdist::DOUBLE AS km FROM {READ})
            SELECT numa, numb, km, km / {KM_PER_MILE} AS miles FROM d
            UNION SELECT numb, numa, km, km / {KM_PER_MILE} FROM d
            ORDER BY numa, numb""",
        f=path,
    )


register(
    Source(
        id="capdist",
        version="unversioned",
        title="Distance between capital cities (Gleditsch-Ward states)",
        publisher="Kristian Skrede Gleditsch",
        landing_page="http://ksgleditsch.com/data-5.html",
        citation="""@article{gleditsch_ward_2001,
  author = {Gleditsch, Kristian S. and Ward, Michael D.},
  title = {Measuring Space: A Minimum-Distance Database and Applications to International Studies},
  journal = {Journal of Peace Research},
  volume = {38},
  number = {6},
  pages = {739--758},
  year = {2001}
}""",
        terms="The author's site offers the file for research without a stated licence; cite "
        "Gleditsch and Ward (2001). detente never ships or mirrors it: each user fetches it from "
        "the author's site (not verified here: read the author's page before use).",
        years=None,
        files=(
            SourceFile(
                name=FILE,
                sha256=NO_REFERENCE_SHA256,
                format="csv",
                url="http://ksgleditsch.com/data/capdist.csv",
                publisher_identical=None,
                note="no reference copy and no known hash: fetch it from the author's site, check "
                "it, and accept its hash (detente fetch capdist --accept-hash capdist.csv=SHA256)",
            ),
        ),
        tables={"distances": parse_distances},
        quirks=(
            "Both orders of every pair are kept; miles = kmdist / 1.609344.",
            "One capital per state code: capital moves are not dated.",
        ),
        redistributable=False,
    )
)
