"""Benchmark: the directed COW dyad-year panel 1816-2016 with every registered dyad-year step.

Run: ``python benchmarks/bench_facets.py [--mirror ../shared/data] [--repeat 3]``.
Every step that supports dyad-years is added with its default parameters (similarity from ATOP
portfolios: S unweighted, S weighted, kappa, pi, tau-b); fresh processes, warm cache; the wall
time covers building the panel to an in-memory Arrow table, not the imports; each run checks
the rows, their order and a fingerprint of every value. The fingerprint includes the column
types: aa8272c8f0ce7de5 since MIC fatalities and U.S. military construction became INTEGER and
V-Dem's v2x_regime and e_pt_coup TINYINT; with those 11 columns cast back to BIGINT and DOUBLE
the table gives the earlier 8133d1f7c7ac4fa7 (same values; docs/performance.md).
"""

from __future__ import annotations

import sys

from _harness import bench_years, run

YEARS = bench_years((1816, 2016))  # DETENTE_BENCH_YEARS=1816-2024 for the COW 2024 panel


def build():  # noqa: ANN201  (an Arrow table)
    import detente
    from detente.steps import STEPS

    panel = detente.dyad_years("cow", directed=True, years=YEARS)
    for name, spec in STEPS.items():
        if "dyad-year" in spec.units:
            panel = panel.add(name)
    print(f"steps: {', '.join(s['step'] for s in panel.steps[1:])}", file=sys.stderr)
    return panel.to_arrow()


if __name__ == "__main__":
    run(
        "facets",
        __file__,
        f"directed COW dyad-years {YEARS[0]}-{YEARS[1]} + every dyad-year step",
        build,
        expect=(1_912_290, "aa8272c8f0ce7de5") if YEARS == (1816, 2016) else None,
    )
