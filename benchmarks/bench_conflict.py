"""Benchmark: directed COW dyad-years 1816-2014 with MIDs, ICB crises and peace years.

Run: ``python benchmarks/bench_conflict.py [--mirror ../shared/data] [--repeat 3]``.
Each run is a fresh process with a warm cache; the wall time covers building the panel to an
in-memory Arrow table, not the imports.
"""

from __future__ import annotations

from _harness import bench_years, run

YEARS = bench_years((1816, 2014))  # DETENTE_BENCH_YEARS=1816-2024 for the COW 2024 panel


def build() -> int:
    import detente

    panel = detente.dyad_years("cow", directed=True, years=YEARS)
    panel = panel.add_mids(source="cow").add_crises().add_peace_years(event="cowmid")
    return panel.to_arrow().num_rows


if __name__ == "__main__":
    run(
        "conflict",
        __file__,
        f"directed COW dyad-years {YEARS[0]}-{YEARS[1]} + mids (COW) + crises + peace years",
        build,
    )
