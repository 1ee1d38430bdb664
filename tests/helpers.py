"""Small helpers shared by the tests (importable anywhere: pytest puts tests/ on sys.path)."""

from __future__ import annotations

from detente.warehouse import Warehouse


def q(wh: Warehouse, sql: str) -> list[tuple]:
    """Run SQL in the warehouse connection and return all rows."""
    return wh.con.sql(sql).fetchall()
