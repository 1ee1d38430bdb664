"""Small helpers shared by the tests (importable anywhere: pytest puts tests/ on sys.path)."""

from __future__ import annotations

import pandas as pd

from detente.warehouse import Warehouse


def q(wh: Warehouse, sql: str) -> list[tuple]:
    """Run SQL in the warehouse connection and return all rows."""
    return wh.con.sql(sql).fetchall()


def one(frame: pd.DataFrame, **keys: int) -> pd.Series:
    """The single row of ``frame`` with these key values (fails unless exactly one matches)."""
    mask = pd.Series(True, index=frame.index)
    for k, v in keys.items():
        mask &= frame[k] == v
    found = frame[mask]
    assert len(found) == 1, keys
    return found.iloc[0]
