"""Benchmark: a query on an open source table while another thread parses tables for the first time.

Run: ``python benchmarks/bench_first_parse.py [--mirror ../shared/data]``. On a new (temporary)
cache it opens COW 2016's ``states``, starts a thread that opens three larger tables never parsed
before (SIPRI's trade register, ATOP's directed dyad-years, the US troop deployments), and times a
count of ``states`` asked for 0.3 s later. The warehouse parses outside its lock, so the count
should not wait for the parses. With ``--derived`` the thread instead computes the dyad-year
universe (a ``Warehouse.derived`` table, its source tables parsed first), which also runs outside
the lock. CPU seconds of this process and the load average are printed (two shared cores make
wall times noisy).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time

import detente
from detente.warehouse import Warehouse

BIG = [
    ("sipri-arms-transfers", "trade_register"),
    ("atop-5.1", "directed_dyad_years"),
    ("us-troops", "troopdata"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", default=os.environ.get("DETENTE_MIRROR", "../shared/data"))
    parser.add_argument("--derived", action="store_true", help="compute the dyad-year universe")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as cache:
        wh = Warehouse(mirror=args.mirror, cache=cache)
        wh.view_name("cow-states-2016", "states")
        if args.derived:
            detente.state_years(years=(2000, 2000), warehouse=wh)  # the system's tables, parsed
            work, what = lambda: detente.dyad_years(warehouse=wh), "the dyad-year universe"
        else:
            work, what = lambda: [wh.view_name(*b) for b in BIG], "the three first parses"
        cpu0, t0 = time.process_time(), time.perf_counter()
        worker = threading.Thread(target=work)
        worker.start()
        time.sleep(0.3)
        t1 = time.perf_counter()
        states = wh.view_name("cow-states-2016", "states")  # asks the warehouse (and its lock)
        n = wh.con.cursor().sql(f"SELECT count(*) FROM {states}").fetchall()[0][0]
        t2 = time.perf_counter()
        worker.join()
        t3 = time.perf_counter()
        print(f"count of states ({n} rows) during {what}: {t2 - t1:.2f} s wall")
        print(f"{what}: {t3 - t0:.2f} s wall, {time.process_time() - cpu0:.2f} CPU s")


if __name__ == "__main__":
    main()
