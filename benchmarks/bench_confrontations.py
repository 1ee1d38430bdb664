"""Benchmark: directed COW dyad-years 1816-2014 with MIC confrontations and MIC peace years.

Run: ``python benchmarks/bench_confrontations.py [--mirror ../shared/data] [--repeat 3]``.
Each run is a fresh process with a warm cache; the wall time covers building the panel to an
in-memory Arrow table, not the imports.
"""

from __future__ import annotations

from _harness import run


def build() -> int:
    import detente

    panel = detente.dyad_years("cow", directed=True, years=(1816, 2014))
    panel = panel.add_confrontations().add_peace_years(event="mic")
    return panel.to_arrow().num_rows


if __name__ == "__main__":
    run(
        "confrontations",
        __file__,
        "directed COW dyad-years 1816-2014 + confrontations (MIC) + peace years (mic)",
        build,
    )
