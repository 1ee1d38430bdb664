"""Benchmark: a query on an open source table while another thread parses tables for the first time.

Run: ``python benchmarks/bench_first_parse.py [--mirror ../shared/data]``. On a new (temporary)
cache it opens COW 2016's ``states``, starts a thread that opens three larger tables never parsed
before (SIPRI's trade register, ATOP's directed dyad-years, the US troop deployments), and times a
count of ``states`` asked for 0.3 s later. The warehouse parses outside its lock, so the count
should not wait for the parses. CPU seconds of this process and the load average are printed
(two shared cores make wall times noisy).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time

from detente.warehouse import Warehouse

BIG = [
    ("sipri-arms-transfers", "trade_register"),
    ("atop-5.1", "directed_dyad_years"),
    ("us-troops", "troopdata"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", default=os.environ.get("DETENTE_MIRROR", "../shared/data"))
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as cache:
        wh = Warehouse(mirror=args.mirror, cache=cache)
        wh.view_name("cow-states-2016", "states")
        cpu0, t0 = time.process_time(), time.perf_counter()
        worker = threading.Thread(target=lambda: [wh.view_name(*b) for b in BIG])
        worker.start()
        time.sleep(0.3)
        t1 = time.perf_counter()
        n = wh.table("cow-states-2016", "states").count("*").fetchall()[0][0]
        t2 = time.perf_counter()
        worker.join()
        t3 = time.perf_counter()
        print(f"count of states ({n} rows) during the parses: {t2 - t1:.2f} s wall")
        print(f"the three first parses: {t3 - t0:.2f} s wall, {time.process_time() - cpu0:.2f} CPU s")


if __name__ == "__main__":
    main()
