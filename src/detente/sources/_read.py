"""Small readers shared by the source parsers: every file becomes an Arrow table via DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from .._lazy import lazy
from ..errors import ParseError
from ..sql import literal

pd = lazy("pandas")


def sql(query: str, **files: Path) -> pa.Table:
    """Run ``query`` in a scratch DuckDB where ``{name}`` placeholders are quoted file paths."""
    quoted = {k: literal(v) for k, v in files.items()}
    con = duckdb.connect()
    try:
        return con.sql(query.format(**quoted)).to_arrow_table()
    finally:
        con.close()


def require_columns(table: pa.Table, columns: list[str], path: Path) -> pa.Table:
    """Fail with the file and the missing column names when a file lacks expected columns."""
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise ParseError(f"{path.name}: missing column(s) {missing}; found {table.column_names}")
    return table


def stata(path: Path, columns: list[str] | None = None) -> pa.Table:
    """A Stata ``.dta`` file as Arrow (pandas reads it; numeric codes stay numeric)."""
    try:
        frame = pd.read_stata(path, columns=columns, convert_categoricals=False)
    except Exception as exc:
        raise ParseError(f"{path.name}: not a readable Stata file ({exc})") from exc
    return pa.Table.from_pandas(frame, preserve_index=False)
