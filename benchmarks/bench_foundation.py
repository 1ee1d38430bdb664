"""Benchmark: the directed COW dyad-year panel 1816-2016 with capabilities, alliances, contiguity.

Run: ``python benchmarks/bench_foundation.py [--mirror ../shared/data] [--repeat 3]``.
Each run is a fresh process (warm cache: files fetched and parsed by a first, dropped run); the
wall time covers building the panel to an in-memory Arrow table, not the imports.
"""

from __future__ import annotations

from _harness import bench_years, run

YEARS = bench_years((1816, 2016))  # DETENTE_BENCH_YEARS=1816-2024 for the COW 2024 panel


def build() -> int:
    import detente

    panel = detente.dyad_years("cow", directed=True, years=YEARS)
    panel = panel.add_capabilities().add_alliances().add_contiguity()
    return panel.to_arrow().num_rows


if __name__ == "__main__":
    run(
        "foundation",
        __file__,
        f"directed COW dyad-years {YEARS[0]}-{YEARS[1]} + capabilities + alliances + contiguity",
        build,
    )
