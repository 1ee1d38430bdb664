"""Benchmark: the panel of peacesciencer's README, built by detente (target: ten times faster).

Directed COW dyad-years 1816-2016 with capabilities, ATOP alliances and GML MIDs, and the same
with GML MID peace years (``--peace-years``). peacesciencer's equivalent::

    create_dyadyears(directed = TRUE, subset_years = c(1816:2016)) %>%
      add_nmc() %>% add_atop_alliance() %>% add_gml_mids() %>% add_spells()

Run: ``python benchmarks/bench_peacesciencer.py [--peace-years] [--mirror ../shared/data]
[--repeat 5]``. Fresh processes, warm cache (a first, dropped run fetches, parses and caches the
dyad-year universe); the wall time covers building the panel to an in-memory Arrow table, not the
imports. Each run checks the row count, the row order and a fingerprint of every value. The
fingerprint includes the column types: 7114b07a1951b830 (with peace years 10bb620b6b4ed1a4) since
NMC's milex, irst and pec became INTEGER, milper SMALLINT and the GML MID flags and count TINYINT; with
those 11 columns cast back to DOUBLE and SMALLINT the tables give the earlier e1098d012d433ba2
and 7a0049d9a0448331 (same values; docs/performance.md).
"""

from __future__ import annotations

import sys

from _harness import run

PEACE_YEARS = "--peace-years" in sys.argv


def build():  # noqa: ANN201  (an Arrow table; pyarrow is imported by detente)
    import detente

    panel = detente.dyad_years("cow", directed=True, years=(1816, 2016))
    panel = panel.add_capabilities().add_alliances().add_mids(source="gml")
    if PEACE_YEARS:
        panel = panel.add_peace_years(event="gmlmid")
    return panel.to_arrow()


if __name__ == "__main__":
    label = " + peace years" if PEACE_YEARS else ""
    run(
        "peacesciencer" + ("-peace-years" if PEACE_YEARS else ""),
        __file__,
        f"directed COW dyad-years 1816-2016 + capabilities + alliances + GML MIDs{label}",
        build,
        expect=(1_912_290, "10bb620b6b4ed1a4" if PEACE_YEARS else "7114b07a1951b830"),
    )
