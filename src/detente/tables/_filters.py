"""Row filters the verbs share: years of a date column, outcome labels, codes (pyarrow compute)."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError
from ..params import Years


def year_span(years: Years, domain: tuple[int, int], what: str) -> tuple[int, int]:
    """``years`` (a year, "1946-1989" or a pair) as (first, last) inside ``domain``, else InputError.

    >>> year_span("1990-2000", (1918, 2015), "ICB 15")
    (1990, 2000)
    >>> year_span(1800, (1918, 2015), "ICB 15")
    Traceback (most recent call last):
    ...
    detente.errors.InputError: years 1800-1800 fall outside ICB 15's 1918-2015
    """
    from ..params import YEARS

    if years is None:
        return domain
    if isinstance(years, str):
        lo, hi = YEARS.parse("years", [years])
    elif isinstance(years, int):
        lo = hi = years
    else:
        lo, hi = (int(y) for y in years)
    if lo > hi:
        raise InputError(f"years {lo}-{hi}: the first year comes after the last")
    if lo < domain[0] or hi > domain[1]:
        raise InputError(f"years {lo}-{hi} fall outside {what}'s {domain[0]}-{domain[1]}")
    return lo, hi


def in_years(table: pa.Table, column: str, span: tuple[int, int]) -> pa.Table:
    """Rows whose date ``column`` falls in the years ``span``."""
    year = pc.year(table[column])
    return table.filter(pc.and_(pc.greater_equal(year, span[0]), pc.less_equal(year, span[1])))


def with_outcome(
    table: pa.Table, outcome: str, columns: Sequence[str], extra: Sequence[str] = ()
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


def is_in(table: pa.Table, column: str, values: Sequence[int]) -> pa.Table:
    """Rows whose ``column`` is one of ``values`` (compared as int64: no value overflows the column)."""
    return table.filter(pc.is_in(table[column].cast(pa.int64()), pa.array(list(values), pa.int64())))
