"""Compare two event lakes: the one the DuckDB ingest writes and the one the Spark ingest writes."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from detente.events.ingest import scan

FORMATS = ("gdelt1", "gdelt2", "icews")


def tree(lake: Path) -> list[str]:
    """The lake's files (parts and manifest; not the lock file)."""
    return sorted(p.relative_to(lake).as_posix() for p in lake.rglob("*") if p.is_file()
                  and p.name != ".ingest.lock")  # fmt: skip


def records(manifest: dict) -> dict:
    """A manifest without the times at which each file was checked."""
    manifest = json.loads(json.dumps(manifest))
    for entry in manifest.get("sources", {manifest.get("source"): manifest}).values():
        for rec in entry["files"].values():
            rec.pop("checked")
    return manifest


def same_lake(duck: Path, spark_lake: Path) -> None:
    """Same part names, columns, types and rows per format, and the same manifest."""
    assert tree(spark_lake) == tree(duck)
    for fmt in FORMATS:
        if not (duck / fmt).exists():
            continue
        a, b = scan(duck, fmt), scan(spark_lake, fmt)
        assert (
            duckdb.sql(f"DESCRIBE SELECT * FROM {b}").fetchall()
            == duckdb.sql(f"DESCRIBE SELECT * FROM {a}").fetchall()
        ), fmt
        assert (
            duckdb.sql(f"SELECT count(*) FROM {b}").fetchall()
            == duckdb.sql(f"SELECT count(*) FROM {a}").fetchall()
        )
        for x, y in ((a, b), (b, a)):
            assert duckdb.sql(f"SELECT * FROM {x} EXCEPT ALL SELECT * FROM {y}").fetchall() == [], fmt
    read = lambda lake: json.loads((lake / "manifest.json").read_text())  # noqa: E731
    assert records(read(spark_lake)) == records(read(duck))
