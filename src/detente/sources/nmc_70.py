"""COW National Material Capabilities 7.0 (abridged), 1816-2022: the default capabilities source.

Parsed exactly as NMC 6.0 (-9 becomes null). What 7.0 revised against 6.0 for 1816-2016: only
primary energy consumption (pec), in 2,585 state-years (a handful in 1974-1989, most from 1990
on), so published CINC moves too; milex, milper, irst, tpop and upop are unchanged. 7.0 adds
2017-2022 and writes ccode 345 as SRB from 2007. See docs/sources.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from .nmc import NMC_CITATION, NMC_TERMS, read_nmc

FILE = "NMC-70-abridged.csv"


def parse_nmc(files: Mapping[str, Path]) -> pa.Table:
    """One row per state-year: ccode, year, the six components (-9 -> null) and cinc."""
    return read_nmc(files[FILE])


register(
    Source(
        id="cow-nmc-7.0",
        version="7.0",
        title="COW National Material Capabilities (abridged)",
        publisher="Correlates of War Project",
        landing_page="https://correlatesofwar.org/data-sets/national-material-capabilities/",
        citation=NMC_CITATION.replace("singer_bremer_stuckey_1972", "cow_nmc_7_0").replace(
            "data v6.0 (Greig and Enterline 2021)", "data v7.0 (2025)"
        ),
        terms=NMC_TERMS,
        years=(1816, 2022),
        files=(
            SourceFile(
                name=FILE,
                sha256="807a7092ea50b5957c7280d591dac5db16e572f6158fda0fa6c306bc27d8bf7a",
                format="csv",
                url="https://correlatesofwar.org/wp-content/uploads/NMCv7.zip",
                member="NMCv7/NMC-v7-abridged.zip!NMC-70-abridged.csv",
                publisher_identical=True,
                note="sha256 equals a publicly recorded hash of the CSV inside the publisher's "
                "NMCv7.zip (zip in zip)",
                size=974857,
            ),
        ),
        tables={"nmc": parse_nmc},
        families=("nmc",),
        quirks=(
            "-9 (missing) in milex, milper, irst, pec, tpop, upop becomes null.",
            "Against 6.0 only pec changed (2,585 state-years, 1974-2016); cinc follows.",
            "stateabb of ccode 345 is SRB from 2007 (YUG in 6.0); the parser keeps codes only.",
        ),
    )
)
