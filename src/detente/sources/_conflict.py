"""SQL helpers shared by the conflict sources (MID, GML, ICB, COW war, UCDP): dates and codes.

Partial dates follow one rule everywhere: an unknown day of a *start* is the 1st of its month and
an unknown month the 1st of January; an unknown day of an *end* is the last day of its month and
an unknown month the 31st of December. A start is therefore never later, and an end never
earlier, than the true date, so a spell built this way covers the whole event.
"""

from __future__ import annotations

from collections.abc import Iterable

#: How an approximate-day code is placed in its month (ICB writes 66/77/88 for early/mid/late).
Approx = dict[int, str]


def nulls(col: str, *sentinels: int) -> str:
    """SQL for ``col`` with the given sentinel codes turned into NULL (missing is never 0)."""
    codes = ", ".join(str(s) for s in sentinels)
    return f"CASE WHEN {col} IN ({codes}) THEN NULL ELSE {col} END"


def keep_range(col: str, low: int, high: int) -> str:
    """SQL for ``col`` where every value outside ``low..high`` (a code for missing) is NULL."""
    return f"CASE WHEN {col} BETWEEN {low} AND {high} THEN {col} ELSE NULL END"


def _day(year: str, month: str, day: str, end: bool, approx: Approx | None) -> str:
    """The SQL day-of-month for a partial date (see the module docstring for the rule)."""
    last = f"day(last_day(make_date({year}, {month}, 1)))"
    unknown = last if end else "1"
    places = {"first": "1", "mid": "15", "last": last}
    cases = "".join(
        f" WHEN {day} = {code} THEN {places[where]}" for code, where in (approx or {}).items()
    )
    return f"CASE WHEN {day} IS NULL OR {day} < 1 THEN {unknown}{cases} ELSE {day} END"


def date_sql(year: str, month: str, day: str, *, end: bool = False, approx: Approx | None = None) -> str:
    """SQL for a DATE from year/month/day columns whose missing parts are NULL or negative.

    ``end`` picks the end-of-period rule; ``approx`` maps approximate-day codes to ``first``,
    ``mid`` or ``last`` of the month. A NULL year gives a NULL date.
    """
    y, day = f"({year})::BIGINT", f"({day})::BIGINT"
    m = f"(CASE WHEN {month} BETWEEN 1 AND 12 THEN {month} ELSE {12 if end else 1} END)::BIGINT"
    d = _day(y, m, day, end, approx)
    return f"CASE WHEN {y} IS NULL THEN NULL ELSE make_date({y}, {m}, {d}) END"


def int_list(col: str, kind: str = "SMALLINT") -> str:
    """SQL turning a comma-separated text list (``'200,  2'``) into a typed list; blank -> []."""
    return (
        f"CASE WHEN trim(coalesce({col}, '')) = '' THEN []::{kind}[] "
        f"ELSE regexp_split_to_array(trim({col}), '\\s*,\\s*')::{kind}[] END"
    )


def select_list(items: Iterable[str]) -> str:
    """Join SQL select items with commas and line breaks."""
    return ",\n       ".join(items)
