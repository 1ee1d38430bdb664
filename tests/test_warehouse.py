"""The warehouse under threads: a slow ``stored`` computation leaves the warehouse to others, and
two threads storing the same table compute it once and see one whole file.

Counts come from the real NMC 6.0 file in the mirror (15,951 state-years).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pyarrow as pa

from detente.warehouse import Warehouse


def test_slow_stored_computation_does_not_block_other_threads(mirror: Path, tmp_path: Path) -> None:
    wh = Warehouse(mirror=mirror, cache=tmp_path)
    entered, release = threading.Event(), threading.Event()

    def slow() -> pa.Table:
        entered.set()
        assert release.wait(60), "the other thread never finished while this one computed"
        return pa.table({"x": [1, 2, 3]})

    worker = threading.Thread(target=wh.stored, args=("_slow", slow))
    worker.start()
    try:
        assert entered.wait(60)
        # meanwhile, on another thread: a parsed table, a derived table and another stored one
        view = wh.view_name("cow-nmc-6.0", "nmc")
        derived = wh.derived("_nmc_count", f"SELECT count(*) AS n FROM {view}")
        other = wh.stored("_other", lambda: f"SELECT n + 1 AS n FROM {derived}")
        cur = wh.con.cursor()
        assert cur.sql(f"SELECT n FROM {derived}").fetchall() == [(15951,)]
        assert cur.sql(f"SELECT n FROM {other}").fetchall() == [(15952,)]
        assert worker.is_alive()  # the slow computation was still running all along
        assert not wh.has_table("_slow")  # and no view over a file not yet written
    finally:
        release.set()
        worker.join(60)
    assert wh.con.cursor().sql("SELECT sum(x) FROM _slow").fetchall() == [(6,)]


def test_concurrent_stored_of_one_name_compute_one_table(mirror: Path, tmp_path: Path) -> None:
    wh = Warehouse(mirror=mirror, cache=tmp_path)
    calls: list[int] = []
    started = threading.Barrier(2)
    gate = threading.Event()

    def compute() -> pa.Table:
        calls.append(threading.get_ident())
        assert gate.wait(60)
        return pa.table({"x": list(range(1000))})

    results: list[str] = []

    def run() -> None:
        started.wait(60)
        results.append(wh.stored("_same", compute))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        while not calls:  # the first thread is computing; give the second time to come in
            threading.Event().wait(0.01)
        threading.Event().wait(0.2)
        assert len(calls) == 1
    finally:
        gate.set()
        for t in threads:
            t.join(60)
    assert results == ["_same", "_same"] and len(calls) == 1
    files = sorted(p.name for p in (tmp_path / "derived").iterdir())
    assert len(files) == 1 and files[0].startswith("_same-"), files  # no half-written leftovers
    assert wh.con.cursor().sql("SELECT count(*), sum(x) FROM _same").fetchall() == [(1000, 499500)]
