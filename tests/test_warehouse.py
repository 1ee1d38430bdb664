"""The warehouse under threads: a slow ``stored`` or ``derived`` computation or first parse of a
source table leaves the warehouse to others, and two threads storing, deriving (or opening) the
same table compute (or parse) it once and see one whole file.

Counts come from the real files in the mirror: NMC 6.0 (15,951 state-years), NMC 7.0 (17,121),
COW 2016 states2016.csv (243 rows) and system2016.csv (15,951).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from detente.registry import get_source
from detente.warehouse import Warehouse


def _ask_twice(ask: Callable[[], str], calls: list, gate: threading.Event) -> list[str]:
    """``ask`` on two threads at once, while the first one's computation (which appends to
    ``calls``, then waits for ``gate``) holds long enough for the second to come in; returns
    both answers. The second must wait for the first, not compute too."""
    started = threading.Barrier(2)
    results: list[str] = []

    def run() -> None:
        started.wait(60)
        results.append(ask())

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
    return results


def _probe(work: Callable[[], None]) -> None:
    """Run ``work`` on another thread and check it finished while some other thread computes."""
    probe = threading.Thread(target=work)
    probe.start()
    probe.join(60)
    assert not probe.is_alive(), "a query waited for another table's computation"


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
    gate = threading.Event()

    def compute() -> pa.Table:
        calls.append(threading.get_ident())
        assert gate.wait(60)
        return pa.table({"x": list(range(1000))})

    results = _ask_twice(lambda: wh.stored("_same", compute), calls, gate)
    assert results == ["_same", "_same"] and len(calls) == 1
    files = sorted(p.name for p in (tmp_path / "derived").iterdir())
    assert len(files) == 1 and files[0].startswith("_same-"), files  # no half-written leftovers
    assert wh.con.cursor().sql("SELECT count(*), sum(x) FROM _same").fetchall() == [(1000, 499500)]


def test_parser_key_covers_the_helpers_it_imports() -> None:
    from detente import codehash
    from detente.registry import get_source

    deps = codehash.depends_on(get_source("cow-nmc-7.0").tables["nmc"])
    # NMC 7.0's module, the NMC reader it imports, the CSV helpers that reader uses, and theirs
    helpers = {"detente.sources.nmc_70", "detente.sources.nmc", "detente.sources._read", "detente.sql"}
    assert helpers <= set(deps)
    # not what it never imports (steps, the warehouse, the web face)
    assert not {m for m in deps if m.startswith(("detente.steps", "detente.web"))}
    assert "detente.warehouse" not in deps and "detente.panel" not in deps
    # imports inside functions count; those under `if TYPE_CHECKING:` are annotations only
    import ast

    source = """import os
if TYPE_CHECKING:
    from ..warehouse import Warehouse
else:
    import json
def f():
    from ._read import sql
"""
    found = [
        n.module or n.names[0].name if isinstance(n, ast.ImportFrom) else n.names[0].name
        for n in codehash._statements(ast.parse(source).body)
        if isinstance(n, ast.Import | ast.ImportFrom)
    ]
    assert found == ["os", "json", "_read"]
    # a data file a parser's module reads is part of it (ATOP's asymmetric obligations)
    assert "data/atop_asymmetric.csv" in codehash.depends_on(get_source("atop-5.1").tables["members"])


def test_changed_helper_invalidates_the_parsed_table(mirror: Path, tmp_path: Path, monkeypatch) -> None:
    from detente import codehash

    def parsed() -> list[Path]:
        return sorted((tmp_path / "parsed" / "cow-nmc-6.0").glob("nmc-*.parquet"))

    def count() -> int:
        wh = Warehouse(mirror=mirror, cache=tmp_path)
        return wh.con.sql(f"SELECT count(*) FROM {wh.view_name('cow-nmc-6.0', 'nmc')}").fetchall()[0][0]

    assert count() == 15951 and len(parsed()) == 1
    assert count() == 15951 and len(parsed()) == 1  # same code: the cached table is read
    read = codehash.read

    def changed(name: str):  # noqa: ANN202
        def fake(path: Path) -> bytes:
            return read(path) + (b"\n# changed\n" if path.name == name else b"")

        return fake

    monkeypatch.setattr(codehash, "read", changed("similarity.py"))  # a module NMC never imports
    assert count() == 15951 and len(parsed()) == 1
    monkeypatch.setattr(codehash, "read", changed("_read.py"))  # the CSV helper NMC's reader uses
    assert count() == 15951 and len(parsed()) == 2  # parsed again under a new key


def test_slow_first_parse_does_not_block_other_threads(
    mirror: Path, tmp_path: Path, monkeypatch
) -> None:
    """A source table parsed for the first time leaves the warehouse to other threads' tables."""
    source = get_source("cow-nmc-6.0")
    entered, release = threading.Event(), threading.Event()
    parse = source.tables["nmc"]

    def slow(files):  # noqa: ANN001, ANN202
        entered.set()
        assert release.wait(60), "the other thread never finished while this one parsed"
        return parse(files)

    Warehouse(mirror=mirror, cache=tmp_path).view_name("cow-states-2016", "states")  # on disk only
    wh = Warehouse(mirror=mirror, cache=tmp_path)
    ready = wh.view_name("cow-nmc-7.0", "nmc")  # a view of this warehouse
    monkeypatch.setitem(source.tables, "nmc", slow)
    worker = threading.Thread(target=wh.view_name, args=("cow-nmc-6.0", "nmc"))
    worker.start()
    got: list[tuple] = []

    def others() -> None:
        cur = wh.con.cursor()
        got.append(cur.sql(f"SELECT count(*) FROM {ready}").fetchall()[0])
        got.append(wh.table("cow-states-2016", "states").count("*").fetchall()[0])
        got.append(wh.table("cow-states-2016", "system").count("*").fetchall()[0])  # parsed now

    try:
        assert entered.wait(60)
        _probe(others)
        assert worker.is_alive()  # the slow parse was still running all along
        assert not wh.has_table("src_cow_nmc_6_0_nmc")  # and no view before its file exists
        assert not list((tmp_path / "parsed" / "cow-nmc-6.0").glob("*.parquet"))
    finally:
        release.set()
        worker.join(60)
    assert got == [(17121,), (243,), (15951,)], got
    assert wh.table("cow-nmc-6.0", "nmc").count("*").fetchall() == [(15951,)]


def test_concurrent_first_opens_of_one_table_parse_once(
    mirror: Path, tmp_path: Path, monkeypatch
) -> None:
    source = get_source("cow-nmc-6.0")
    parse = source.tables["nmc"]
    calls: list[int] = []
    gate = threading.Event()

    def counted(files):  # noqa: ANN001, ANN202
        calls.append(threading.get_ident())
        assert gate.wait(60)
        return parse(files)

    monkeypatch.setitem(source.tables, "nmc", counted)
    wh = Warehouse(mirror=mirror, cache=tmp_path)
    results = _ask_twice(lambda: wh.view_name("cow-nmc-6.0", "nmc"), calls, gate)
    assert results == ["src_cow_nmc_6_0_nmc"] * 2 and len(calls) == 1
    files = sorted(p.name for p in (tmp_path / "parsed" / "cow-nmc-6.0").iterdir())
    assert len(files) == 2 and files[1] == files[0] + ".sha256", files  # no half-written leftovers
    assert wh.con.cursor().sql(f"SELECT count(*) FROM {results[0]}").fetchall() == [(15951,)]


def test_slow_derived_computation_does_not_block_other_threads(mirror: Path, tmp_path: Path) -> None:
    """A derived table's SQL runs without the warehouse lock: other threads' queries go on."""
    wh = Warehouse(mirror=mirror, cache=tmp_path)
    entered, release = threading.Event(), threading.Event()

    def hold(years: pa.Array) -> pa.Array:  # DuckDB calls it on the SQL's rows, from its threads
        entered.set()
        assert release.wait(60), "the other thread never finished while this one computed"
        return years

    wh.con.create_function("_hold", hold, ["BIGINT"], "BIGINT", type="arrow")
    nmc = wh.view_name("cow-nmc-6.0", "nmc")
    results: list[str] = []
    sql = f"SELECT count(*) AS n FROM {nmc} WHERE _hold(year) IS NOT NULL"
    worker = threading.Thread(target=lambda: results.append(wh.derived("_slow", sql)))
    worker.start()
    got: list[tuple] = []

    def others() -> None:
        cur = wh.con.cursor()
        got.append(cur.sql(f"SELECT count(*) FROM {nmc}").fetchall()[0])
        states = wh.view_name("cow-states-2016", "states")  # parsed now
        other = wh.derived("_other", f"SELECT count(*) AS n FROM {states}")
        got.append(cur.sql(f"SELECT n FROM {other}").fetchall()[0])

    try:
        assert entered.wait(60)
        _probe(others)
        assert worker.is_alive()  # the slow SQL was still running all along
        views = wh.con.cursor().sql("SELECT view_name FROM duckdb_views()").fetchall()
        assert not [v for (v,) in views if v.startswith("derived__slow")]  # no view before its file
        assert not list((tmp_path / "derived").glob("_slow-*"))
    finally:
        release.set()
        worker.join(60)
    assert got == [(15951,), (243,)], got
    assert wh.con.cursor().sql(f"SELECT n FROM {results[0]}").fetchall() == [(15951,)]


def test_concurrent_derived_of_one_sql_compute_it_once(mirror: Path, tmp_path: Path) -> None:
    wh = Warehouse(mirror=mirror, cache=tmp_path)
    wh.con.execute("SET threads = 1")  # one batch of rows at a time: one call per running query
    rows: list[int] = []
    gate = threading.Event()

    def counted(years: pa.Array) -> pa.Array:
        rows.append(len(years))
        assert gate.wait(60)
        return years

    wh.con.create_function("_counted", counted, ["BIGINT"], "BIGINT", type="arrow")
    nmc = wh.view_name("cow-nmc-6.0", "nmc")
    sql = f"SELECT year FROM {nmc} WHERE _counted(year) IS NOT NULL"
    results = _ask_twice(lambda: wh.derived("_same", sql), rows, gate)
    assert results[0] == results[1] and results[0].startswith("derived__same_")
    assert sum(rows) == 15951  # the SQL ran once over NMC 6.0's rows
    files = sorted(p.name for p in (tmp_path / "derived").iterdir())
    assert len(files) == 1 and files[0].startswith("_same-"), files  # no half-written leftovers
    assert wh.con.cursor().sql(f"SELECT count(*) FROM {results[0]}").fetchall() == [(15951,)]
