"""Benchmark: event ingest (CSV -> partitioned Parquet) and read-and-aggregate (dyad-month indicators).

Run: ``python benchmarks/bench_events.py [--mirror ../shared/data] [--repeat 3]``. The real GDELT
2.0 export of the mirror (2,271 rows, 61 columns) is replicated ``DETENTE_BENCH_COPIES`` times
(default 440: 999,240 rows, ~390 MB of CSV) into a temporary folder, ``DETENTE_BENCH_PER_FILE``
copies per file (default 40: 11 files of 90,840 rows, the size of a GDELT 1.0 daily export),
named as consecutive 15-minute slots so the manifest sees no gap; the rows repeat, which only
matters for how well they compress. With one copy per file (real 15-minute exports) per-file
overhead dominates: see docs/events.md. Phase 1 times ``ingest`` of that folder (all files,
hashes, schema checks, zstd Parquet); phase 2 times the canonical table plus the directed
dyad-month indicators with DuckDB over the ingested Parquet; phase 3 times ``compact`` (one file
per partition) on a fresh copy of the ingested folder, and phase 4 phase 2 over the compacted
folder. Each run is a fresh process; the first, dropped run warms up.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

from _harness import child, main

PHASE = "DETENTE_BENCH_EVENTS_PHASE"
WORK = Path(tempfile.gettempdir()) / "detente-bench-events"
COPIES = int(os.environ.get("DETENTE_BENCH_COPIES", "440"))
PER_FILE = int(os.environ.get("DETENTE_BENCH_PER_FILE", "40"))  # copies concatenated into one file
GDELT2 = "20150218230000.export.CSV"


def prepare(mirror: Path) -> None:
    """Replicate the GDELT 2.0 export into COPIES slot files and ingest them once (for phase 2)."""
    src = WORK / f"in-{COPIES}-{PER_FILE}"
    if not src.exists():
        tmp = WORK / f".in-{COPIES}-{PER_FILE}.part"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        data = (mirror / "gdelt-2.0-sample" / GDELT2).read_bytes()
        start = dt.datetime(2015, 2, 18, 23, 0)
        for i in range(COPIES // PER_FILE):
            slot = start + dt.timedelta(minutes=15 * i)
            (tmp / f"{slot:%Y%m%d%H%M%S}.export.CSV").write_bytes(data * PER_FILE)
        tmp.rename(src)
    lake = WORK / f"lake-{COPIES}-{PER_FILE}"
    if not (lake / "manifest.json").exists():
        from detente.events.ingest import ingest

        ingest(src, lake, source="gdelt2-bench")


def ingest_phase() -> int:
    from detente.events.ingest import ingest

    out = Path(tempfile.mkdtemp(dir=WORK, prefix="ingest-"))
    try:
        return ingest(WORK / f"in-{COPIES}-{PER_FILE}", out, source="gdelt2-bench")["rows"]
    finally:
        shutil.rmtree(out, ignore_errors=True)


def compact_phase() -> tuple[int, float]:
    """Compact a fresh copy of the ingested lake; only ``compact`` is timed, not the copy."""
    import time

    from detente.events.compact import compact
    from detente.events.ingest import read_manifest

    out = WORK / f"compact-{os.getpid()}"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(WORK / f"lake-{COPIES}-{PER_FILE}", out)
    start = time.perf_counter()
    compact(out)
    seconds = time.perf_counter() - start
    rows = read_manifest(out)["sources"]["gdelt2-bench"]["rows"]
    keep = WORK / f"lake-{COPIES}-{PER_FILE}-compacted"  # read by the next phase
    if keep.exists():
        shutil.rmtree(out)
    else:
        out.rename(keep)
    return rows, seconds


def aggregate_phase() -> int:
    import detente
    from detente.events.indicators import indicators
    from detente.events.ingest import read_manifest

    suffix = "-compacted" if os.environ.get(PHASE) == "aggregate-compacted" else ""
    lake = WORK / f"lake-{COPIES}-{PER_FILE}{suffix}"
    indicators(lake, unit="month", wh=detente.configure())
    return read_manifest(lake)["sources"]["gdelt2-bench"]["rows"]  # event rows read and aggregated


if __name__ == "__main__":
    if "--child" in sys.argv:
        import detente  # noqa: F401  (imports are not part of the timed build)
        from detente.events import canonical, indicators, ingest  # noqa: F401

        phases = {"ingest": ingest_phase, "compact": compact_phase}
        child(phases.get(os.environ.get(PHASE, ""), aggregate_phase))
    else:
        mirror = os.environ.get(
            "DETENTE_MIRROR", str(Path(__file__).resolve().parents[1].parent / "shared/data")
        )
        for i, arg in enumerate(sys.argv):
            if arg == "--mirror" and i + 1 < len(sys.argv):
                mirror = sys.argv[i + 1]
        os.environ.setdefault("DETENTE_MIRROR", mirror)
        prepare(Path(mirror))
        os.environ[PHASE] = "ingest"
        main(
            "events-ingest",
            __file__,
            f"ingest {COPIES} GDELT 2.0 export copies ({PER_FILE} per file) to zstd Parquet",
        )
        os.environ[PHASE] = "aggregate"
        main("events-aggregate", __file__, "canonical events + directed dyad-month indicators (DuckDB)")
        os.environ[PHASE] = "compact"
        main("events-compact", __file__, "merge each partition's parts into one file")
        os.environ[PHASE] = "aggregate-compacted"
        main("events-aggregate-compacted", __file__, "the same indicators over the compacted folder")
