"""Helpers for the per-source tests: run SQL on a parsed table and look for leftover sentinels."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from detente.warehouse import Warehouse

NUMERIC_SENTINELS = (-9, -66, -77, -88, -99)
TEXT_SENTINELS = ("", ". .", "...", "xxx", "NA", "NaN")
NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE")


def rows(wh: Warehouse, source: str, table: str, sql: str) -> list[tuple]:
    """All rows of ``sql`` where ``{t}`` stands for the view of ``table`` (fully fetched)."""
    return wh.con.execute(sql.format(t=wh.view_name(source, table))).fetchall()


def one(wh: Warehouse, source: str, table: str, sql: str) -> tuple:
    """The single row of ``sql`` (fails if there is not exactly one)."""
    got = rows(wh, source, table, sql)
    assert len(got) == 1, f"expected one row, got {len(got)}: {got[:5]}"
    return got[0]


def one_row_query(source: str, table: str) -> Callable:
    """A test module's ``q`` fixture (``q = one_row_query(SRC, T)``): ``q(sql)`` is the single row
    of ``sql``, where ``{t}`` stands for ``table`` of ``source``."""

    @pytest.fixture
    def q(wh: Warehouse) -> Callable[[str], tuple]:
        return lambda sql: one(wh, source, table, sql)

    return q


def leftover_sentinels(
    wh: Warehouse, source: str, table: str, skip: tuple[str, ...] = ()
) -> dict[str, int]:
    """Per column, how many cells still hold a sentinel code or NaN (numeric) or a marker (text)."""
    view = wh.view_name(source, table)
    conds = {}
    for name, kind, *_ in wh.con.execute(f"DESCRIBE {view}").fetchall():
        if name in skip:
            continue
        col = f'"{name}"'
        if kind in ("FLOAT", "DOUBLE"):  # a NaN that slipped through is a sentinel too
            conds[name] = f"{col} IN {NUMERIC_SENTINELS} OR isnan({col})"
        elif kind in NUMERIC_TYPES:
            conds[name] = f"{col} IN {NUMERIC_SENTINELS}"
        elif kind == "VARCHAR":
            conds[name] = f"trim({col}) IN {TEXT_SENTINELS}"
    if not conds:
        return {}
    counts = ", ".join(f"count(*) FILTER (WHERE {cond})" for cond in conds.values())
    (got,) = wh.con.execute(f"SELECT {counts} FROM {view}").fetchall()
    return {name: n for name, n in zip(conds, got, strict=True) if n}
