"""Compaction: fewer files, the same rows and indicators; changed files and interruptions are safe."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from detente.errors import InputError
from detente.events.compact import JOURNAL, compact
from detente.events.indicators import indicators
from detente.events.ingest import ingest, read_manifest, scan

GDELT2 = "20150218230000.export.CSV"
SLOTS = ["20150218230000", "20150218231500", "20150218233000", "20150218234500"]


@pytest.fixture
def exports(tmp_path, mirror) -> Path:
    """Four consecutive 15-minute GDELT 2.0 slots, each a copy of the mirror's real export."""
    folder = tmp_path / "exports"
    folder.mkdir()
    for slot in SLOTS:
        shutil.copyfile(mirror / "gdelt-2.0-sample" / GDELT2, folder / f"{slot}.export.CSV")
    return folder


def parquet_files(lake: Path) -> list[Path]:
    return sorted(lake.rglob("*.parquet"))


def rows_by_file(lake: Path) -> list[tuple]:
    dataset = scan(lake, "gdelt2")
    return duckdb.sql(
        f"SELECT ingest_file, year, month, count(*) FROM {dataset} GROUP BY ALL ORDER BY ALL"
    ).fetchall()


def test_compaction_keeps_rows_and_indicators(exports, tmp_path, wh) -> None:
    lake = tmp_path / "lake"
    ingest(exports, lake)
    before_files, before_rows = parquet_files(lake), rows_by_file(lake)
    before = indicators(lake, unit="day", wh=wh)
    assert len(before_files) == 4 * 3  # four files x the export's three months
    done = compact(lake)
    assert (done["partitions"], done["compacted"], done["parts_before"], done["parts_after"]) == (
        3, 3, 12, 3,
    )  # fmt: skip
    assert done["rows"] == 4 * 2271
    assert len(parquet_files(lake)) == 3 and rows_by_file(lake) == before_rows
    after = indicators(lake, unit="day", wh=wh)
    keys = ["ccode1", "ccode2", "period"]
    a = before.to_pandas().sort_values(keys).reset_index(drop=True)
    b = after.to_pandas().sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9)  # float sums may reorder
    # the manifest names the compacted files; every named part exists
    files = read_manifest(lake)["sources"]["exports"]["files"]
    named = {p for f in files.values() for p in f["parts"]}
    assert named == {p.relative_to(lake).as_posix() for p in parquet_files(lake)}
    assert compact(lake)["compacted"] == 0  # nothing left to merge


def test_a_changed_file_is_replaced_inside_the_compacted_file(exports, tmp_path) -> None:
    lake = tmp_path / "lake"
    ingest(exports, lake)
    compact(lake)
    changed = exports / f"{SLOTS[1]}.export.CSV"
    lines = changed.read_text().splitlines(keepends=True)
    changed.write_text("".join(lines[:100]))  # the publisher re-issued a shorter export
    manifest = ingest(exports, lake)
    assert manifest["files"][changed.name]["status"] == "present"
    got = dict(
        duckdb.sql(f"SELECT ingest_file, count(*) FROM {scan(lake, 'gdelt2')} GROUP BY ALL").fetchall()
    )
    assert got[changed.name] == 100
    assert [got[f"{s}.export.CSV"] for s in SLOTS if s != SLOTS[1]] == [2271] * 3
    assert manifest["rows"] == sum(got.values())


def test_interrupted_compaction_is_refused_then_finished(exports, tmp_path) -> None:
    """New file renamed in, old parts not yet gone: readers refuse the folder; compact finishes."""
    lake = tmp_path / "lake"
    ingest(exports, lake)
    want = rows_by_file(lake)
    folder = next(p.parent for p in parquet_files(lake) if "month=2" in str(p) and "2015" in str(p))
    parts = sorted(folder.glob("*.parquet"))
    merged = folder / "compact-test.parquet"
    files = "[" + ", ".join(f"'{p}'" for p in parts) + "]"
    duckdb.sql(f"COPY (SELECT * FROM read_parquet({files}, hive_partitioning = false)) TO '{merged}'")
    step = {
        "source": "exports",
        "new": merged.relative_to(lake).as_posix(),
        "old": [p.relative_to(lake).as_posix() for p in parts],
    }
    (lake / JOURNAL).write_text(json.dumps(step))
    with pytest.raises(InputError, match="a compaction was interrupted"):
        scan(lake, "gdelt2")
    compact(lake)
    assert not (lake / JOURNAL).exists() and rows_by_file(lake) == want
    assert len(parquet_files(lake)) == 3


def test_interrupted_before_the_rename_keeps_the_old_parts(exports, tmp_path) -> None:
    lake = tmp_path / "lake"
    ingest(exports, lake)
    want = rows_by_file(lake)
    step = {"source": "exports", "new": "gdelt2/source=exports/year=2015/month=2/gone.parquet",
            "old": [p.relative_to(lake).as_posix() for p in parquet_files(lake)]}  # fmt: skip
    (lake / JOURNAL).write_text(json.dumps(step))
    ingest(exports, lake)  # ingest recovers first: the journal goes, the parts stay
    assert not (lake / JOURNAL).exists() and rows_by_file(lake) == want


def test_not_an_ingest_folder(tmp_path) -> None:
    with pytest.raises(InputError, match="not an ingest folder"):
        compact(tmp_path)
