"""COW National Material Capabilities 6.0 (abridged): the six components and published CINC.

Quirks fixed: missing components are coded -9 in the file; they become null (never 0, never
-9). Units are the codebook's: milex thousands of current USD (pre-1914 converted from GBP),
milper/tpop/upop thousands, irst thousands of tons, pec thousands of coal-ton equivalents.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._read import require_columns, sql

COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop")


def read_nmc(path: Path) -> pa.Table:
    """An NMC abridged CSV (6.0 or 7.0) as ccode, year, the six components (-9 -> null), cinc."""
    raw = sql("SELECT * FROM read_csv({f}, header=true) LIMIT 1", f=path)
    require_columns(raw, ["ccode", "year", *COMPONENTS, "cinc"], path)
    cols = ", ".join(f"CASE WHEN {c} = -9 THEN NULL ELSE {c} END::DOUBLE AS {c}" for c in COMPONENTS)
    return sql(
        f"""SELECT ccode::SMALLINT AS ccode, year::SMALLINT AS year, {cols}, cinc::DOUBLE AS cinc
            FROM read_csv({{f}}, header=true) ORDER BY ccode, year""",
        f=path,
    )


def parse_nmc(files: Mapping[str, Path]) -> pa.Table:
    """One row per state-year: ccode, year, the six components (-9 -> null) and cinc."""
    return read_nmc(files["NMC-60-abridged.csv"])


NMC_CITATION = """@incollection{singer_bremer_stuckey_1972,
  author = {Singer, J. David and Bremer, Stuart and Stuckey, John},
  title = {Capability Distribution, Uncertainty, and Major Power War, 1820-1965},
  booktitle = {Peace, War, and Numbers},
  editor = {Russett, Bruce},
  publisher = {Sage},
  address = {Beverly Hills},
  pages = {19--48},
  year = {1972},
  note = {National Material Capabilities data v6.0 (Greig and Enterline 2021)}
}"""
NMC_TERMS = (
    "Free of charge for research use; cite as the COW Project requests. "
    "No formal open-data licence is stated."
)


register(
    Source(
        id="cow-nmc-6.0",
        version="6.0",
        title="COW National Material Capabilities (abridged)",
        publisher="Correlates of War Project",
        landing_page="https://correlatesofwar.org/data-sets/national-material-capabilities/",
        citation=NMC_CITATION,
        terms=NMC_TERMS,
        years=(1816, 2016),
        files=(
            SourceFile(
                name="NMC-60-abridged.csv",
                sha256="cd8465ea476da51d3e91261e216e96cfaf1fbf309dbe6bfc25a99bfb9fa7cfde",
                format="csv",
                url="https://correlatesofwar.org/wp-content/uploads/NMC_Documentation-6.0.zip",
                member="NMC-60-abridged.zip!NMC-60-abridged.csv",
                publisher_identical=False,
                note="the reference copy has CRLF line endings (920,464 bytes); the publisher's "
                "CSV is 905,231 bytes (md5 deb9233af1bc4ebc5c1852e93272990e per OWID)",
                size=920464,
            ),
        ),
        tables={"nmc": parse_nmc},
        families=("nmc",),
        quirks=("-9 (missing) in milex, milper, irst, pec, tpop, upop becomes null.",),
    )
)
