"""Benchmark: a cold dashboard, from ``detente serve`` to its first pages and profiles.

Run: ``python benchmarks/bench_web_cold.py [--mirror ../shared/data]``. Starts ``detente serve``
on a free 127.0.0.1 port in a child process (the parsed sources already cached, as after a first
run) and reports, with the server's CPU seconds beside each wall time (two cores shared with
other work make wall times noisy; the load average is printed):

1. the start: until the server prints its address;
2. right after it, one at a time, first requests of pages (dyad pages of pairs never asked
   for, a country page) and of state profiles, while the server may still prepare the API's
   dyad profiles in the background;
3. the first full dyad profile ``/api/dyads/{a}/{b}`` (it needs the all-dyad tables of
   similarity and expected utility), then another.

With ``--in-process`` it runs no server and times the service itself, in this process (CPU
seconds of this process): the state-year profiles, then cold dyad profiles of new pairs with the
dyad page's steps and with every dyad-year step (the first full one prepares the all-dyad
tables of similarity and expected utility).

With ``--during-build`` it times, in this process on a new (temporary) cache, a cold dyad page
asked for while the background build of the API's dyad profiles computes its all-dyad tables
(``Warehouse.stored``), as right after a first ``detente serve``: the page should not wait for it.

Traffic never leaves the loopback interface; the server is stopped by its pid at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import HOST, ROOT, cpu_seconds, free_port, start_server  # noqa: E402

PAGES = ["/dyad/750/770", "/dyad/2/365", "/dyad/365/369", "/country/365", "/api/states/710"]
PROFILES = ["/api/dyads/2/710", "/api/dyads/651/666"]


def in_process(mirror: str) -> None:
    """Time the service's cold profiles in this process (wall and CPU seconds)."""
    import detente
    from detente.web.dyads import PAGE_STEPS
    from detente.web.service import Service

    svc = Service(detente.configure(mirror=mirror))

    def timed(label: str, work, *args, **kwargs) -> None:
        t, cpu = time.perf_counter(), time.process_time()
        work(*args, **kwargs)
        print(f"| {label} | {time.perf_counter() - t:.2f} | {time.process_time() - cpu:.2f} |")

    print("| step | wall s | CPU s |")
    print("|---|---:|---:|")
    timed("state-year profiles (every state-year step)", svc.states, "cow")
    for a, b in ((2, 200), (750, 770), (2, 365)):
        timed(f"cold dyad {a}-{b}, the page's steps", svc.dyad, a, b, steps=PAGE_STEPS)
    for a, b in ((2, 200), (750, 770), (2, 365)):
        timed(f"cold dyad {a}-{b}, every step", svc.dyad, a, b)


def during_build(mirror: str) -> None:
    """Time a cold dyad page while the background build computes its tables, on a new cache."""
    import tempfile

    from detente.warehouse import Warehouse
    from detente.web.dyads import PAGE_STEPS
    from detente.web.service import Service

    with tempfile.TemporaryDirectory() as cache:
        svc = Service(Warehouse(mirror=mirror, cache=cache))
        svc.states("cow")  # as `detente serve` does before printing its address
        svc.dyad(2, 200, steps=PAGE_STEPS)  # and its warm-up page
        build = svc.prepare_in_background(20, 155)
        time.sleep(2)
        t = time.perf_counter()
        svc.dyad(290, 316, steps=PAGE_STEPS)  # Poland -> Czech Republic: a cold page
        page = time.perf_counter() - t
        running = build.is_alive()
        build.join()
        print(f"cold page during the build: {page:.2f} s wall (build still running: {running})")
        print(f"the build ended {time.perf_counter() - t - page:.1f} s after the page")


def main() -> int:
    """Start the server, time its start and its first requests, stop it."""
    import httpx

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mirror", default=os.environ.get("DETENTE_MIRROR", str(ROOT.parent / "shared" / "data"))
    )
    parser.add_argument("--in-process", action="store_true", help="time the service, no server")
    parser.add_argument(
        "--during-build", action="store_true", help="a cold page during the build, new cache"
    )
    opts = parser.parse_args()
    if opts.during_build:
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at start")
        during_build(opts.mirror)
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
        return 0
    if opts.in_process:
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at start")
        in_process(opts.mirror)
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
        return 0
    port = free_port()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at start")
    print("| step | wall s | server CPU s |")
    print("|---|---:|---:|")
    t0 = time.perf_counter()
    proc = start_server(opts.mirror, port)
    try:
        print(
            f"| start (until the address is printed) | {time.perf_counter() - t0:.1f} "
            f"| {cpu_seconds(proc.pid):.1f} |"
        )
        with httpx.Client(base_url=f"http://{HOST}:{port}", timeout=600) as client:
            for url in PAGES + PROFILES:
                t, cpu = time.perf_counter(), cpu_seconds(proc.pid)
                client.get(url).raise_for_status()
                print(
                    f"| first `{url}` | {time.perf_counter() - t:.2f} "
                    f"| {cpu_seconds(proc.pid) - cpu:.2f} |"
                )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
