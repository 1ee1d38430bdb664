"""Benchmark: raw GDELT 2.0 exports to the lake, DuckDB ingest against Spark ingest (local mode).

Run: ``python benchmarks/bench_spark_ingest.py [--files 96] [--per-file 1] [--cores 2]
[--mirror ../shared/data]``. The mirror's real GDELT 2.0 export (2,271 rows) is written
``--per-file`` times into each of ``--files`` zipped files named as consecutive 15-minute slots (96
= one day of real exports), then ingested into a fresh lake by each engine; both lakes must hold
the same rows. Printed per engine: wall seconds, CPU seconds of the whole process tree (the
driver, Spark's JVM and its Python workers, from /proc; Spark's start-up is not counted), rows/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

GDELT2 = "20150218230000.export.CSV"


def tree_cpu(root: int) -> float:
    """CPU seconds (user + system) of process ``root`` and every live descendant (Linux /proc)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = sum(int(f) for f in fields[11:15]) / tick  # utime stime cutime cstime
    keep, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == pid and p not in keep]
        keep.update(kids)
        frontier += kids
    return sum(times.get(p, 0.0) for p in keep)


def make_inputs(mirror: Path, folder: Path, files: int, per_file: int) -> int:
    """Zipped copies of the real export named as consecutive slots; the number of rows."""
    data = (mirror / "gdelt-2.0-sample" / GDELT2).read_bytes() * per_file
    start = dt.datetime(2015, 2, 18, 23, 0)
    for i in range(files):
        name = f"{start + dt.timedelta(minutes=15 * i):%Y%m%d%H%M%S}.export.CSV"
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name, data)
        (folder / f"{name}.zip").write_bytes(buf.getvalue())
    return files * per_file * 2271


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=96)
    ap.add_argument("--per-file", type=int, default=1)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--mirror", default=os.environ.get("DETENTE_MIRROR", "../shared/data"))
    args = ap.parse_args()

    from detente.events.engines import spark_session
    from detente.events.ingest import ingest
    from detente.events.spark_ingest import ingest_spark

    work = Path(tempfile.mkdtemp(prefix="detente-bench-spark-ingest-"))
    try:
        (work / "in").mkdir()
        rows = make_inputs(Path(args.mirror), work / "in", args.files, args.per_file)
        spark = spark_session(cores=args.cores, shuffle_partitions=args.cores)
        me = os.getpid()
        print(f"{args.files} files x {args.per_file * 2271:,} rows = {rows:,} rows; "
              f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
        for name, run in (
            ("duckdb", lambda: ingest(work / "in", work / "duckdb", source="bench")),
            ("spark", lambda: ingest_spark(work / "in", work / "spark", source="bench", spark=spark)),
        ):
            cpu, wall = tree_cpu(me), time.perf_counter()
            got = run()
            wall, cpu = time.perf_counter() - wall, tree_cpu(me) - cpu
            assert got["rows"] == rows and not got["corrupt"] and not got["missing"], got
            print(f"{name:>6}: {wall:7.2f} s wall, {cpu:7.2f} s CPU, {rows / wall:>10,.0f} rows/s")
        spark.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
