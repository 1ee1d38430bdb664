"""A killed ingest leaves a folder that agrees with its manifest once rerun, and is refused until then.

The inputs are copies of the mirror's real GDELT 2.0 export (2,271 rows over three months) under
four consecutive 15-minute slot names; the ingest is killed with SIGKILL after its second file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from detente.errors import InputError
from detente.events.ingest import ingest, read_manifest, scan

GDELT2 = "20150218230000.export.CSV"
SLOTS = ["20150218230000", "20150218231500", "20150218233000", "20150218234500"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def exports(tmp_path: Path, mirror: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    for slot in SLOTS:
        shutil.copyfile(mirror / "gdelt-2.0-sample" / GDELT2, folder / f"{slot}.export.CSV")
    return folder


def _killed_ingest(exports: Path, lake: Path, after: int) -> None:
    """Run ``ingest`` in a child process that SIGKILLs itself after ``after`` files are written."""
    code = textwrap.dedent(f"""
        import os, signal
        import detente.events.ingest as ing
        seen = []
        def progress(name, status, rows):
            seen.append(name)
            if len(seen) == {after}:
                os.kill(os.getpid(), signal.SIGKILL)
        ing.ingest({str(exports)!r}, {str(lake)!r}, progress=progress)
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]


def _rows_read(lake: Path) -> int:
    return duckdb.sql(f"SELECT count(*) FROM {scan(lake, 'gdelt2')}").fetchall()[0][0]


def test_killed_ingest_is_refused_then_rerun_agrees(exports: Path, tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    _killed_ingest(exports, lake, after=2)
    # the folder holds parts the manifest may not list: reading it must refuse, naming the fix
    listed = read_manifest(lake)["sources"].get("exports", {}).get("rows", 0)
    on_disk = duckdb.sql(
        f"SELECT count(*) FROM read_parquet({str(lake / 'gdelt2' / '**' / '*.parquet')!r})"
    ).fetchall()[0][0]
    assert on_disk == 2 * 2271
    if listed != on_disk:
        with pytest.raises(InputError, match=r"manifest.*ingest"):
            scan(lake, "gdelt2")
    again = ingest(exports, lake)
    assert again["rows"] == 4 * 2271 and again["present"] == sorted(f"{s}.export.CSV" for s in SLOTS)
    assert _rows_read(lake) == 4 * 2271
    assert not list(lake.glob(".staging-*"))


def test_a_part_the_manifest_does_not_list_is_refused(exports: Path, tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    ingest(exports, lake)
    part = sorted((lake / "gdelt2").rglob("*.parquet"))[0]
    shutil.copyfile(part, part.with_name("stray_0.parquet"))
    with pytest.raises(InputError, match=r"not in the manifest.*stray_0\.parquet"):
        scan(lake, "gdelt2")
    part.with_name("stray_0.parquet").unlink()
    part.unlink()
    with pytest.raises(InputError, match=r"missing"):
        scan(lake, "gdelt2")


def test_stale_staging_folders_are_removed_by_the_next_ingest(exports: Path, tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    ingest(exports, lake)
    killed = lake / ".staging-abc123"  # a killed ingest's: its lock file is held by nobody
    (killed / "out").mkdir(parents=True)
    (killed / "out" / "x.parquet").write_bytes(b"half")
    (killed / ".lock").touch()
    legacy = lake / ".staging-old456"  # an older detente's, without a lock file, an hour old
    legacy.mkdir()
    os.utime(legacy, (1e9, 1e9))
    ingest(exports, lake)
    assert not killed.exists() and not legacy.exists()
