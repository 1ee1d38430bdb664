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


def assert_all(mask: pd.Series | pd.DataFrame, what: object = "") -> None:
    """Fail unless ``mask`` selects at least one value and every value (every cell) is True.

    pandas' ``.all()`` skips <NA> (a nullable comparison with a missing value) and is True on an
    empty selection, so ``assert (s >= 0).all()`` cannot fail on either; here both fail.
    """
    if isinstance(mask, pd.DataFrame):
        mask = pd.concat([mask[c].astype("boolean") for c in mask.columns], ignore_index=True)
    got = pd.Series(mask).astype("boolean")
    assert len(got), f"{what}: the selection is empty".lstrip(": ")
    bad = got.index[~got.fillna(False).to_numpy(dtype=bool)]
    assert bad.empty, (
        f"{what}: {len(bad)} of {len(got)} not true (NA counts), e.g. rows {list(bad[:5])}".lstrip(": ")
    )
