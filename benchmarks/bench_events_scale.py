"""Benchmark: events at archive scale, DuckDB against Spark (local mode), with a memory limit.

Run: ``python benchmarks/bench_events_scale.py [--rows 10000000] [--engines duckdb,spark]
[--memory-limit 1GB] [--work DIR] [--mirror ../shared/data]``.

The real GDELT 2.0 export of the mirror (2,271 rows, 61 columns) is repeated to at least
``--rows`` rows in files of 440 copies (999,240 rows, about 390 MB of CSV each), named as
consecutive 15-minute slots. Phases, each in a fresh process (peak memory per phase):

1. ``ingest``: CSV -> hashed, schema-checked, hive-partitioned zstd Parquet (DuckDB).
2. ``duckdb``: canonical events + directed dyad-month indicators, no deduplication.
3. ``duckdb-dedup``: the same with ``dedup="one-a-day"`` (a window over every row: the state grows
   with the data) under ``SET memory_limit`` (default 1GB): it must finish, spilling to disk.
4. ``spark`` and ``spark-dedup``: the same indicators in Spark SQL, local[2] (session start
   included; the canonical table is handed to Spark as Parquet written by DuckDB).

The slot files are deleted once ingested (unless ``--keep``): the later phases read the lake, and
at 10^8 rows the CSV (39 GB) and the deduplication's spill (18-20 GiB) would not both fit on a 50 GB
disk.

Checks (exact, from the data's construction): with no deduplication every count is the single
file's count times the number of copies and every mean equals the single file's; with one-a-day
deduplication the indicators equal the single file's; Spark's tables equal DuckDB's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GDELT2 = "20150218230000.export.CSV"
SAMPLE_ROWS = 2271
PER_FILE = 440  # copies per file: 999,240 rows, the size of a large daily export


def _peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return own


def _cpu_s() -> float:
    """CPU seconds of this process, all threads (a JVM child's are not included)."""
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def _jvm_peak_mib() -> float:
    """Peak RSS of this process's child JVMs (Spark's driver), read before they stop."""
    peak = 0.0
    me = str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[1] != me:
                continue
            for line in (stat.parent / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        except (OSError, IndexError):
            continue
    return peak


def prepare(mirror: Path, work: Path, rows: int) -> tuple[Path, int]:
    """Write ``ceil(rows / 2,271)`` copies of the export as slot files; return folder and copies."""
    copies = math.ceil(rows / SAMPLE_ROWS)
    src = work / f"csv-{copies}"
    if not src.exists():
        tmp = work / f".csv-{copies}.part"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        data = (mirror / "gdelt-2.0-sample" / GDELT2).read_bytes()
        start = dt.datetime(2015, 2, 18, 23, 0)
        left, i = copies, 0
        while left:
            n = min(PER_FILE, left)
            slot = start + dt.timedelta(minutes=15 * i)
            (tmp / f"{slot:%Y%m%d%H%M%S}.export.CSV").write_bytes(data * n)
            left, i = left - n, i + 1
        tmp.rename(src)
    one = work / "csv-1"
    if not one.exists():
        one.mkdir(parents=True)
        shutil.copy(mirror / "gdelt-2.0-sample" / GDELT2, one / GDELT2)
    return src, copies


def phase(name: str, work: Path, copies: int, memory_limit: str) -> dict:
    """Inside a fresh process: run one phase and return its figures."""
    import detente  # noqa: F401  (imports are not part of the timed work)
    from detente.events.ingest import ingest, read_manifest
    from detente.warehouse import Warehouse

    lake = work / f"lake-{copies}"
    out: dict = {"phase": name}
    start, cpu = time.perf_counter(), _cpu_s()
    if name == "ingest":
        for n in (1, copies):
            target = work / f"lake-{n}"
            if n == copies:
                shutil.rmtree(target, ignore_errors=True)
                start, cpu = time.perf_counter(), _cpu_s()
            if not (target / "manifest.json").exists():
                ingest(work / f"csv-{n}", target, source="gdelt2-bench")
        out["rows"] = read_manifest(lake)["sources"]["gdelt2-bench"]["rows"]
    else:
        dedup = "one-a-day" if name.endswith("dedup") else "none"
        wh = Warehouse(cache=work / "cache")
        if name.startswith("duckdb"):
            from detente.events.indicators import indicators

            if dedup != "none":
                spill = work / "spill"
                shutil.rmtree(spill, ignore_errors=True)
                wh.con.execute("SET memory_limit = ?", [memory_limit])
                wh.con.execute("SET temp_directory = ?", [str(spill)])
                wh.con.execute("SET enable_profiling = 'json'")
                wh.con.execute("SET profiling_output = ?", [str(work / "profile.json")])
            table = indicators(lake, unit="month", dedup=dedup, wh=wh)
            if dedup != "none":
                wh.con.execute("SET enable_profiling = 'no_output'")
                system = json.loads((work / "profile.json").read_text()).get("system", {})
                out["spilled_mib"] = system.get("total_bytes_spilled", 0) / 2**20
                out["memory_limit"] = memory_limit
        else:
            from detente.events.engines import indicators_spark, spark_session

            spark = spark_session(cores=2)
            table = indicators_spark(lake, unit="month", dedup=dedup, wh=wh, spark=spark)
            out["jvm_peak_mib"] = _jvm_peak_mib()
            spark.stop()
        out["seconds"] = time.perf_counter() - start
        out["cpu_s"] = _cpu_s() - cpu
        single = Warehouse(cache=work / "cache")
        from detente.events.indicators import indicators

        reference = indicators(work / "lake-1", unit="month", dedup=dedup, wh=single)
        out["check"] = _check(table, reference, copies if dedup == "none" else 1)
        out["rows"] = read_manifest(lake)["sources"]["gdelt2-bench"]["rows"]
        out["groups"] = table.num_rows
    out.setdefault("seconds", time.perf_counter() - start)
    out.setdefault("cpu_s", _cpu_s() - cpu)
    out["peak_mib"] = _peak_mib()
    out["load"] = Path("/proc/loadavg").read_text()[:14]
    return out


def _check(table, reference, factor: int) -> str:  # noqa: ANN001
    """'exact' if ``table`` is ``reference`` with counts times ``factor`` (means unchanged)."""
    import duckdb

    keys = ["ccode1", "ccode2", "period"]
    con = duckdb.connect()
    con.register("t", table)
    con.register("r", reference)
    counts = [c for c in reference.column_names if c.startswith("n_")]
    counts += ["events", "coop", "conflict", "goldstein_net"]
    means = ["goldstein_mean", "coop_balance", "military_share", "tone_mean"]
    bad = con.sql(
        f"""SELECT count(*) FROM r FULL JOIN t USING ({", ".join(keys)})
            WHERE {" OR ".join(f"t.{c} IS DISTINCT FROM r.{c} * {factor}" for c in counts[:-1])}
               OR abs(t.goldstein_net - r.goldstein_net * {factor}) > 1e-6 * {factor}
               OR {
            " OR ".join(
                f"abs(t.{m} - r.{m}) > 1e-9 OR (t.{m} IS NULL) <> (r.{m} IS NULL)" for m in means
            )
        }"""
    ).fetchall()[0][0]
    if bad or table.num_rows != reference.num_rows:
        return f"FAILED: {bad} of {reference.num_rows} dyad-months differ"
    return f"exact ({table.num_rows} dyad-months; counts x {factor})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--engines", default="duckdb,spark")
    parser.add_argument("--memory-limit", default="1GB")
    parser.add_argument("--work", default=None, help="scratch folder (default: system temp)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument(
        "--mirror", default=os.environ.get("DETENTE_MIRROR", str(HERE.parents[0].parent / "shared/data"))
    )
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--copies", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    import tempfile

    work = Path(args.work or Path(tempfile.gettempdir()) / "detente-bench-events-scale")
    if args.phase:
        print(json.dumps(phase(args.phase, work, args.copies, args.memory_limit)))
        return
    work.mkdir(parents=True, exist_ok=True)
    src, copies = prepare(Path(args.mirror), work, args.rows)
    phases = ["ingest"]
    for engine in args.engines.split(","):
        phases += [engine, f"{engine}-dedup"]
    print(f"events at scale: {copies:,} copies of the GDELT 2.0 export, {src}")
    for name in phases:
        done = subprocess.run(
            [sys.executable, __file__, "--phase", name, "--copies", str(copies), "--work", str(work),
             "--memory-limit", args.memory_limit],
            capture_output=True, text=True, env={**os.environ, "DETENTE_MIRROR": args.mirror},
        )  # fmt: skip
        if done.returncode != 0:
            sys.exit(f"{name} failed:\n{done.stderr[-3000:]}")
        r = json.loads(done.stdout.strip().splitlines()[-1])
        extra = ""
        if "spilled_mib" in r:
            extra += f", memory_limit {r['memory_limit']}, spilled {r['spilled_mib']:,.0f} MiB"
        if "jvm_peak_mib" in r:
            extra += f", JVM peak {r['jvm_peak_mib']:,.0f} MiB"
        check = f", check {r['check']}" if "check" in r else ""
        print(
            f"  {name:13s} {r['rows']:,} rows in {r['seconds']:.1f} s = "
            f"{r['rows'] / r['seconds']:,.0f} rows/s, CPU {r['cpu_s']:.0f} s, "
            f"peak {r['peak_mib']:,.0f} MiB{extra}{check}, load {r['load']}"
        )
        sys.stdout.flush()
        if name == "ingest" and not args.keep:  # the later phases read the lake: free the disk
            shutil.rmtree(src, ignore_errors=True)  # (10^8 rows: 39 GB of CSV; dedup spills 20 GiB)
    print(f"  machine       {os.cpu_count()} CPUs, load {Path('/proc/loadavg').read_text()[:14]}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
