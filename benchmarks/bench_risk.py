"""Benchmark: Bueno de Mesquita's 1985 risk attitudes (EUGene's steepest search) year by year.

Run: ``python benchmarks/bench_risk.py [--years 1816-2016] [--every 1] [--regional]``.
For each year: the number of states, the CPU and wall seconds of
:func:`detente.steps.expected_utility.risk_table` for that year (the data are read once first,
so the figures are the search itself) and the 1-minute load average, one line per year, then
the totals. ``--every 25`` times every 25th year only (a quick sample; the cost grows about as
n^3 with n states). ``--regional`` times EUGene's regional risk (five regions per state).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", default="1816-2016")
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--regional", action="store_true")
    args = parser.parse_args()
    lo, hi = (int(y) for y in args.years.split("-"))
    from detente.steps.expected_utility import risk_table
    from detente.warehouse import default_warehouse

    wh = default_warehouse()
    risk_table(wh, (lo, lo), regional=args.regional)  # reads and caches the sources
    total_cpu = total_wall = 0.0
    for year in range(lo, hi + 1, args.every):
        c0, w0 = cpu(), time.perf_counter()
        t = risk_table(wh, (year, year), regional=args.regional)
        c, w = cpu() - c0, time.perf_counter() - w0
        total_cpu, total_wall = total_cpu + c, total_wall + w
        known = int(t.column("risk").drop_null().to_numpy(zero_copy_only=False).size)
        states = len(set(t.column("ccode").to_pylist()))
        print(json.dumps({"year": year, "states": states, "with_risk": known,
                          "cpu_s": round(c, 2), "wall_s": round(w, 2),
                          "load": round(os.getloadavg()[0], 1)}), flush=True)  # fmt: skip
    print(json.dumps({"years": f"{lo}-{hi}", "every": args.every, "regional": args.regional,
                      "cpu_s": round(total_cpu, 1),
                      "wall_s": round(total_wall, 1)}), flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
