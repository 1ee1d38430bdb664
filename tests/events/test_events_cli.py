"""``detente events`` as a user runs it: ingest, summary, alerts; bad input is one line and exit 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest


def run(*args: str, cache) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DETENTE_CACHE": str(cache), "COLUMNS": "200"}
    env.pop("DETENTE_MIRROR", None)
    return subprocess.run(
        [sys.executable, "-m", "detente", "events", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_ingest_summary_alerts(tmp_path, mirror, cache) -> None:
    lake = tmp_path / "lake"
    done = run("ingest", "gdelt-2.0-sample", "--out", str(lake), "--mirror", str(mirror), cache=cache)
    assert done.returncode == 0, done.stderr
    assert "2,271 rows; 1 present, 0 missing, 0 corrupt" in done.stdout
    out = tmp_path / "ind.parquet"
    done = run(
        "summary", str(lake), "--dedup", "root", "--out", str(out), "--mirror", str(mirror), cache=cache
    )
    assert done.returncode == 0, done.stderr
    assert "(dedup root, weight none, duckdb)" in done.stdout
    assert json.loads(pq.read_schema(out).metadata[b"detente"])["dedup"] == "root"
    done = run("alerts", str(lake), "--validate", "--mirror", str(mirror), cache=cache)
    assert done.returncode == 0, done.stderr
    assert "ICB 15 crisis dyads" in done.stdout and "410412431" in done.stdout
    done = run("compact", str(lake), cache=cache)  # one input file: nothing to merge
    assert done.returncode == 0 and "3 partitions: 3 parts -> 3 (0 merged" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "gdelt-9.9", "--out", "x"], "unknown source 'gdelt-9.9'"),
        (["ingest", "gdelt-2.0-sample", "--out", "x", "--format", "csv"], "unknown format 'csv'"),
        (["summary", "no-such-lake"], "not an ingest folder"),
        (["alerts", "no-such-lake"], "not an ingest folder"),
        (["compact", "no-such-lake"], "not an ingest folder"),
        (["summary", "x", "--weight", "likes"], "unknown weight 'likes'"),
        (["summary", "x", "--out", "x.xlsx"], "the suffix must be .parquet or .csv"),
    ],
)
def test_bad_input_gives_one_line(args, message, tmp_path, cache) -> None:
    done = run(*args, cache=cache)
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
