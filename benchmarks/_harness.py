"""Run a benchmark body in fresh processes and report wall time, rows/s and peak memory."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(build: Callable[[], int | tuple[int, float]]) -> None:
    """Inside a fresh process: time ``build`` and print JSON.

    ``build`` returns the rows produced, or (rows, seconds) when it times only part of its work
    (e.g. not the set-up copy a destructive step needs).
    """
    start = time.perf_counter()
    result = build()
    wall = time.perf_counter() - start
    rows, wall = result if isinstance(result, tuple) else (result, wall)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(json.dumps({"rows": rows, "wall_s": wall, "peak_mib": peak_mib}))


def main(name: str, script: str, describe: str) -> None:
    """Parse options, warm the cache once, run ``--repeat`` fresh processes, print a table."""
    parser = argparse.ArgumentParser(description=describe)
    parser.add_argument(
        "--mirror", default=os.environ.get("DETENTE_MIRROR", str(ROOT.parent / "shared" / "data"))
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    env = {**os.environ, "DETENTE_MIRROR": args.mirror}
    runs = []
    for i in range(args.repeat + 1):  # the first run warms the cache (fetch + parse) and is dropped
        done = subprocess.run(
            [sys.executable, script, "--child"], env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            sys.exit(done.stderr)
        if i:
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = min(r["wall_s"] for r in runs)
    median = statistics.median(r["wall_s"] for r in runs)
    rows = runs[0]["rows"]
    peak = max(r["peak_mib"] for r in runs)
    print(f"{name}: {describe}")
    print(f"  rows          {rows:,}")
    print(f"  wall time     best {best:.2f} s, median {median:.2f} s over {len(runs)} warm runs")
    print(f"  throughput    {rows / best:,.0f} rows/s")
    print(f"  peak memory   {peak:,.0f} MiB (max RSS of the process, imports included)")
    print(f"  machine       {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")


def bench_years(default: tuple[int, int]) -> tuple[int, int]:
    """The panel years: ``default``, or ``DETENTE_BENCH_YEARS`` (e.g. ``1816-2024``) when set."""
    text = os.environ.get("DETENTE_BENCH_YEARS")
    if not text:
        return default
    lo, _, hi = text.partition("-")
    return int(lo), int(hi or lo)


def run(name: str, script: str, describe: str, build: Callable[[], int]) -> None:
    """A benchmark script's entry point: the parent runs :func:`main`, each child times ``build``."""
    if "--child" in sys.argv:
        import detente  # noqa: F401  (imports are not part of the timed build)
        from detente.steps import _discover  # noqa: F401

        child(build)
    else:
        main(name, script, describe)
