"""Benchmark: ``detente panel ... --out`` as a whole process against the library's build.

Run: ``python benchmarks/bench_cli.py [--mirror ../shared/data] [--repeat 5]``.
Builds peacesciencer's panel (directed COW dyad-years 1816-2016 + capabilities + alliances + GML
MIDs) three ways in turn, each a fresh process with a warm cache: the library build to an Arrow
table (timed inside the process, imports excluded, as ``bench_peacesciencer.py``), and the CLI
writing ``.parquet`` and ``.csv`` (timed from outside: interpreter start, imports, build, write,
summary). Reports medians, the CLI/library ratio (target at most 1.3 for Parquet) and checks
every written file's rows, order and value fingerprint.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import ROOT, fingerprint

HERE = Path(__file__).resolve().parent
ROWS, PRINT = 1_912_290, "e1098d012d433ba2"
STEPS = ["--add", "capabilities", "--add", "alliances", "--add", "mids:source=gml"]


def _cli(out: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Run the CLI once; return its wall seconds, CPU seconds and peak MiB."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "detente", "panel", "dyad-years", "--years", "1816-2016", *STEPS,
         "--out", str(out)],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(done.stderr)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = max(before, usage.ru_maxrss) / 1024
    return wall, usage.ru_utime + usage.ru_stime - cpu, peak


def _check(path: Path) -> None:
    import duckdb

    table = duckdb.sql(f"SELECT * FROM '{path}'").to_arrow_table()
    if path.suffix == ".csv":  # CSV loses types: compare the values as the Parquet types
        reference = duckdb.sql(f"SELECT * FROM '{path.with_suffix('.parquet')}' LIMIT 0")
        table = table.cast(reference.to_arrow_table().schema.remove_metadata())
    got = (table.num_rows, fingerprint(table.replace_schema_metadata(None)))
    if got != (ROWS, PRINT):
        sys.exit(f"{path.name}: {got[0]:,} rows, fingerprint {got[1]}; expected {ROWS:,}, {PRINT}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mirror", default=os.environ.get("DETENTE_MIRROR", str(ROOT.parent / "shared" / "data"))
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "DETENTE_MIRROR": args.mirror}
    library = [sys.executable, str(HERE / "bench_peacesciencer.py"), "--child"]
    runs: dict[str, list[float]] = {"library": [], "parquet": [], "csv": []}
    cpus: dict[str, list[float]] = {"library": [], "parquet": [], "csv": []}
    peaks: dict[str, float] = {"parquet": 0.0, "csv": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat + 1):  # the first round warms the cache and is dropped
            done = subprocess.run(library, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(done.stderr)
            lib = json.loads(done.stdout.strip().splitlines()[-1])
            walls, used = {}, {}
            for kind in ("parquet", "csv"):
                walls[kind], used[kind], peak = _cli(Path(tmp) / f"panel.{kind}", env)
                peaks[kind] = max(peaks[kind], peak)
            if i:
                runs["library"].append(lib["wall_s"])
                cpus["library"].append(lib["cpu_s"])
                for kind in ("parquet", "csv"):
                    runs[kind].append(walls[kind])
                    cpus[kind].append(used[kind])
        for kind in ("parquet", "csv"):
            _check(Path(tmp) / f"panel.{kind}")
    med = {k: statistics.median(v) for k, v in runs.items()}
    cpu = {k: statistics.median(v) for k, v in cpus.items()}
    print("cli: detente panel dyad-years 1816-2016 + capabilities + alliances + GML MIDs --out")
    print(f"  library build (in process)  median {med['library']:.2f} s, CPU {cpu['library']:.2f} s")
    for kind in ("parquet", "csv"):
        pairs = [c / b for c, b in zip(runs[kind], runs["library"], strict=True)]
        print(
            f"  CLI --out panel.{kind:8s} median {med[kind]:.2f} s (whole process), "
            f"{ROWS / med[kind]:,.0f} rows/s, peak {peaks[kind]:,.0f} MiB, "
            f"ratio to library median {statistics.median(pairs):.2f}; CPU {cpu[kind]:.2f} s "
            f"(ratio {cpu[kind] / cpu['library']:.2f})"
        )
    print(f"  check         {ROWS:,} rows, fingerprint {PRINT} in both files")
    print(f"  machine       {os.cpu_count()} CPUs, load {Path('/proc/loadavg').read_text()[:14]}")


if __name__ == "__main__":
    main()
