"""Readers for R data, Excel workbooks and in-memory frames, beside the file readers in ``_read``.

Every parser ends in :func:`frames_sql`, so column types and null rules are written once, in SQL.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from .._lazy import lazy
from ..errors import ParseError

pd = lazy("pandas")


def rdata(path: Path, name: str) -> pd.DataFrame:
    """The R object ``name`` of an ``.rda``/``.RData`` file as a DataFrame (pyreadr reads it)."""
    import pyreadr

    try:
        objects = pyreadr.read_r(str(path))
    except Exception as exc:
        raise ParseError(f"{path.name}: not a readable R data file ({exc})") from exc
    if name not in objects:
        raise ParseError(f"{path.name}: no R object {name!r}; found {list(objects)}")
    return objects[name]


def xlsx_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    """Every row of one worksheet as a tuple of cell values (formats, colours and styles dropped)."""
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():  # "Workbook contains no default style": harmless
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ParseError(f"{path.name}: not a readable xlsx workbook ({exc})") from exc
    try:
        if sheet not in book.sheetnames:
            raise ParseError(f"{path.name}: no sheet {sheet!r}; found {book.sheetnames}")
        return list(book[sheet].iter_rows(values_only=True))
    finally:
        book.close()


def xls_frame(path: Path, sheet: str) -> pd.DataFrame:
    """One sheet of a legacy ``.xls`` workbook read with xlrd, first row as the header."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:
        raise ParseError(f"{path.name}: not a readable xls workbook ({exc})") from exc
    try:
        if sheet not in book.sheet_names():
            raise ParseError(f"{path.name}: no sheet {sheet!r}; found {book.sheet_names()}")
        grid = book.sheet_by_name(sheet)
        rows = [grid.row_values(i) for i in range(grid.nrows)]
    finally:
        book.release_resources()
    if not rows:
        raise ParseError(f"{path.name}: sheet {sheet!r} is empty")
    # xlrd gives "" for blank cells: they are missing values, not text
    body = [[None if v == "" else v for v in row] for row in rows[1:]]
    return pd.DataFrame(body, columns=[str(h).strip() for h in rows[0]], dtype=object)


def excel(path: Path, sheet: str, **kwargs: Any) -> pd.DataFrame:
    """One sheet of an ``.xlsx`` (openpyxl) or legacy ``.xls`` (xlrd) workbook as a DataFrame."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return pd.read_excel(path, sheet_name=sheet, **kwargs)
    except ValueError as exc:
        raise ParseError(f"{path.name}: cannot read sheet {sheet!r} ({exc})") from exc
    except Exception as exc:
        raise ParseError(f"{path.name}: not a readable Excel workbook ({exc})") from exc


def snake(name: str) -> str:
    """A column name in snake_case: lower case, runs of other characters become one underscore."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")


def frames_sql(query: str, **frames: pd.DataFrame | pa.Table) -> pa.Table:
    """Run ``query`` in a scratch DuckDB where each keyword is a table (DataFrame or Arrow; a
    DataFrame's NaN and None read as NULL)."""
    con = duckdb.connect()
    try:
        for name, frame in frames.items():
            con.register(name, frame)
        return con.sql(query).to_arrow_table()
    finally:
        con.close()


def require_frame_columns(frame: pd.DataFrame, columns: list[str], path: Path) -> pd.DataFrame:
    """Fail with the file and the missing column names when a frame lacks expected columns."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParseError(f"{path.name}: missing column(s) {missing}; found {list(frame.columns)}")
    return frame
