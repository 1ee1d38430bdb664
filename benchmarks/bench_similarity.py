"""Benchmark: ATOP alliance-portfolio S (unweighted) and Cohen's kappa for every COW dyad-year.

Run: ``python benchmarks/bench_similarity.py [--mirror ../shared/data] [--repeat 3]``.
Each run is a fresh process (warm cache: files fetched and parsed by a first, dropped run); the
wall time covers building the directed COW dyad-year panel 1816-2016 (``DETENTE_BENCH_YEARS=
1816-2024`` for the COW 2024 panel; ATOP similarity reaches 2018) with
``add_similarity(measures=["s_unweighted", "kappa"])`` to an in-memory Arrow table: the ATOP
ties query, one NumPy pass per year over all pairs, the registration of the pair table and the
join, not the imports.
"""

from __future__ import annotations

from _harness import bench_years, run

YEARS = bench_years((1816, 2016))  # DETENTE_BENCH_YEARS=1816-2024 for the COW 2024 panel


def build() -> int:
    import detente

    panel = detente.dyad_years("cow", directed=True, years=YEARS)
    panel = panel.add_similarity(source="atop", measures=["s_unweighted", "kappa"])
    return panel.to_arrow().num_rows


if __name__ == "__main__":
    run(
        "similarity",
        __file__,
        f"directed COW dyad-years {YEARS[0]}-{YEARS[1]} + ATOP portfolio S (unweighted) and kappa",
        build,
    )
