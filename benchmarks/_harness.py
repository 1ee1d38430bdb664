"""Run a benchmark body in fresh processes and report wall time, rows/s and peak memory.

A body returns the rows it produced, (rows, seconds) when it times only part of its work, or the
Arrow table it built: then the harness also checks the table's row count, key order and value
fingerprint (computed after the clock stops) against the figures the benchmark expects, so a
faster build that changes a value fails instead of reporting a time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def fingerprint(table: Any) -> str:
    """A fingerprint of a table's values: per column the non-null count and a rounded sum.

    Numbers are summed as float64 and rounded to 9 significant digits (order-independent to far
    below that); text columns contribute the sum of a stable hash of each value; the column names
    and types are part of it. Equal fingerprints mean equal values to that precision.
    Integer columns are summed exactly and the sum converted once (the same float64 as summing
    the converted values whenever no partial sum can reach 2**53), so no column is copied and
    the check adds nothing to the benchmark's peak memory.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        kind = column.type
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            total = float(pc.sum(pc.binary_length(column)).as_py() or 0)
        elif pa.types.is_temporal(kind):
            as_int = pa.int32() if pa.types.is_date32(kind) else pa.int64()  # days / ticks
            total = float(pc.sum(column.cast(as_int)).as_py() or 0)
        elif (pa.types.is_integer(kind) or pa.types.is_boolean(kind)) and _exact(column):
            total = float(pc.sum(column).as_py() or 0)
        else:
            total = float(pc.sum(column.cast(pa.float64())).as_py() or 0)
        parts.append(f"{name}:{kind}:{column.length() - column.null_count}:{total:.9g}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _exact(column: Any) -> bool:
    """Whether every partial sum of an integer column stays below 2**53 in magnitude."""
    import pyarrow.compute as pc

    bounds = pc.min_max(column).as_py()
    if bounds["min"] is None:
        return True
    largest = max(abs(int(bounds["min"])), abs(int(bounds["max"])))
    return largest * (column.length() - column.null_count) < 2**53


def _ordered(table: Any, keys: tuple[str, ...]) -> bool:
    """Whether the rows are sorted on ``keys`` (each pair of neighbours in order, no sort)."""
    import numpy as np

    present = [k for k in keys if k in table.column_names]
    if not present or table.num_rows < 2:
        return True
    ok = np.ones(table.num_rows - 1, dtype=bool)
    for key in reversed(present):  # the last key decides only among equal earlier keys
        v = table[key].to_numpy()
        ok = (v[1:] > v[:-1]) | ((v[1:] == v[:-1]) & ok)
    return bool(ok.all())


def child(build: Callable[[], Any], keys: tuple[str, ...] = ("ccode1", "ccode2", "year")) -> None:
    """Inside a fresh process: time ``build`` and print JSON.

    ``build`` returns the rows produced, (rows, seconds) when it times only part of its work
    (e.g. not the set-up copy a destructive step needs), or an Arrow table (checked afterwards).
    """
    cpu = _cpu()
    start = time.perf_counter()
    result = build()
    wall = time.perf_counter() - start
    cpu = _cpu() - cpu
    out: dict[str, Any] = {}
    if hasattr(result, "num_rows"):
        rows = result.num_rows
        out["fingerprint"] = fingerprint(result)
        out["ordered"] = _ordered(result, keys)
    else:
        rows, wall = result if isinstance(result, tuple) else (result, wall)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(json.dumps({"rows": rows, "wall_s": wall, "cpu_s": cpu, "peak_mib": peak_mib, **out}))


def panel_child(build: Callable[[], Any]) -> None:
    """:func:`child` for a panel build: detente and every step module are imported first, so the
    imports are not part of the timed build."""
    import detente  # noqa: F401
    from detente.steps import _discover  # noqa: F401

    child(build)


def main(name: str, script: str, describe: str, expect: tuple[int, str] | None = None) -> None:
    """Parse options, warm the cache once, run ``--repeat`` fresh processes, print a table."""
    parser = argparse.ArgumentParser(description=describe)
    parser.add_argument(
        "--mirror", default=os.environ.get("DETENTE_MIRROR", str(ROOT.parent / "shared" / "data"))
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args, extra = parser.parse_known_args()  # extra options go to the benchmark's body
    env = {**os.environ, "DETENTE_MIRROR": args.mirror}
    runs = []
    for i in range(args.repeat + 1):  # the first run warms the cache (fetch + parse) and is dropped
        done = subprocess.run(
            [sys.executable, script, "--child", *extra], env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            sys.exit(done.stderr)
        if i:
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = min(r["wall_s"] for r in runs)
    median = statistics.median(r["wall_s"] for r in runs)
    cpu = statistics.median(r["cpu_s"] for r in runs)
    rows = runs[0]["rows"]
    peak = max(r["peak_mib"] for r in runs)
    print(f"{name}: {describe}")
    print(f"  rows          {rows:,}")
    print(f"  wall time     best {best:.2f} s, median {median:.2f} s over {len(runs)} warm runs")
    print(f"  cpu time      median {cpu:.2f} s (user + system, all threads)")
    print(f"  throughput    {rows / median:,.0f} rows/s (median)")
    print(f"  peak memory   {peak:,.0f} MiB (max RSS of the process, imports included)")
    print(f"  machine       {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load {_load()}")
    if "fingerprint" in runs[0]:
        prints = {r["fingerprint"] for r in runs}
        ordered = all(r["ordered"] for r in runs)
        print(f"  check         fingerprint {', '.join(sorted(prints))}, ordered {ordered}")
        if expect is not None and (rows, prints, ordered) != (expect[0], {expect[1]}, True):
            sys.exit(f"{name}: expected {expect[0]:,} rows with fingerprint {expect[1]}, in order")


def bench_years(default: tuple[int, int]) -> tuple[int, int]:
    """The panel years: ``default``, or ``DETENTE_BENCH_YEARS`` (e.g. ``1816-2024``) when set."""
    text = os.environ.get("DETENTE_BENCH_YEARS")
    if not text:
        return default
    lo, _, hi = text.partition("-")
    return int(lo), int(hi or lo)


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def run(
    name: str,
    script: str,
    describe: str,
    build: Callable[[], Any],
    expect: tuple[int, str] | None = None,
) -> None:
    """A benchmark script's entry point: the parent runs :func:`main`, each child times ``build``.

    ``expect`` is (rows, fingerprint) of the table ``build`` returns; a mismatch fails the run.
    """
    if "--child" in sys.argv:
        panel_child(build)
    else:
        main(name, script, describe, expect)
