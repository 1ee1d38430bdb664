"""Benchmark: fit and score MID-onset forecasts on every politically relevant dyad-year 1816-2016.

Run: ``python benchmarks/bench_forecast.py [--mirror ../shared/data] [--repeat 3]``.
Each run is a fresh process with a warm cache; the wall time covers building the undirected
politically relevant COW dyad-year panel 1816-2016 with every feature step, lagging, fitting the
two models and the four baselines on six rolling origins (tests 1951-2010) and the final model
for 2011, and scoring them all with 200 cluster-bootstrap replicates per comparison. Rows are
the panel's dyad-years.
"""

from __future__ import annotations

from _harness import run


def build() -> int:
    import detente
    from detente.models.forecast import forecast

    forecast("gmlmid", "dyad-years", directed=False, relevant=True, years=(1816, 2016), n_boot=200)
    return detente.dyad_years("cow", directed=False, years=(1816, 2016), relevant=True).count()


if __name__ == "__main__":
    run(
        "forecast",
        __file__,
        "GML MID onsets, undirected politically relevant COW dyad-years 1816-2016: "
        "2 models + 4 baselines, 6 rolling origins, 200 bootstrap replicates",
        build,
    )
