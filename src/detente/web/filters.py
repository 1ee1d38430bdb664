"""Request filters shared by the features: year ranges, state-code lists, outcome labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from detente.errors import InputError
from detente.systems import System, parse_years


def year_filter(years: str | None, lo: int, hi: int, what: str) -> tuple[int, int]:
    """Parse a year filter ("1999" or "1947-2016") with the library's parser, inside ``lo``-``hi``."""
    return parse_years(years, System("filter", "ccode", (), (lo, hi), what))


def code_list(text: str | Sequence[str] | None) -> list[int]:
    """State codes from "750,770" or repeated parameters; InputError for anything not a number."""
    if text is None:
        return []
    parts = [text] if isinstance(text, str) else list(text)
    out = []
    for part in parts:
        for item in str(part).replace(" ", ",").split(","):
            if not item:
                continue
            if not item.lstrip("-").isdigit():
                raise InputError(f"state code {item!r} is not a whole number (e.g. 2 for the USA)")
            out.append(int(item))
    return out


def filter_years(table: pa.Table, years: str | None, span: Any, what: str) -> pa.Table:
    """Rows whose ``start`` year lies in ``years`` (checked against the source's ``span``)."""
    if not years:
        return table
    lo, hi = year_filter(years, span[0], span[1], what)
    start = pc.year(table["start"])
    return table.filter(pc.and_(pc.greater_equal(start, lo), pc.less_equal(start, hi)))


def filter_outcome(
    table: pa.Table, outcome: str, columns: list[str], extra: Sequence[str] = ()
) -> pa.Table:
    """Rows whose outcome (any of ``columns``, case-insensitive) equals ``outcome``."""
    choices = sorted(
        {v for c in columns for v in table[c].unique().to_pylist() if v is not None} | set(extra)
    )
    wanted = outcome.strip().lower()
    if wanted not in {c.lower() for c in choices}:
        raise InputError(f"unknown outcome {outcome!r}; choose from {choices}")
    mask = None
    for c in columns:
        hit = pc.fill_null(pc.equal(pc.utf8_lower(table[c]), wanted), False)
        mask = hit if mask is None else pc.or_(mask, hit)
    return table.filter(mask)
