"""Reduce several events in one unit (e.g. disputes in a dyad-year) to one, by explicit rules.

A rule is a named SQL ordering ("onset first", "highest fatality", ...). Rules apply in the order
given; the event id breaks any remaining tie, so the choice never depends on row order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import InputError


def check_rules(rules: Sequence[str], known: Mapping[str, str], step: str) -> list[str]:
    """Validate rule names against a step's known rules; return them as a list."""
    chosen = [rules] if isinstance(rules, str) else list(rules)
    bad = [r for r in chosen if r not in known]
    if bad:
        raise InputError(f"{step}: unknown reduction rule(s) {bad}; choose from {list(known)}")
    return chosen


def pick_one_sql(
    rows: str, keys: Sequence[str], rules: Sequence[str], known: Mapping[str, str], tiebreak: str
) -> str:
    """SQL keeping one row per ``keys`` from ``rows``, ordered by ``rules`` then ``tiebreak``.

    ``known`` maps each rule name to an ORDER BY expression (with its direction).

    >>> sql = pick_one_sql("t", ["k"], ["big"], {"big": "v DESC NULLS LAST"}, "id")
    >>> import duckdb
    >>> rows = "WITH t AS (SELECT * FROM (VALUES (1, 1, 5), (1, 2, 9), (1, 3, NULL)) x(k, id, v))"
    >>> duckdb.sql(f"{rows} {sql}").fetchall()
    [(1, 2, 9)]
    """
    order = ", ".join([*(known[r] for r in rules), f"{tiebreak} ASC"])
    return f"""SELECT * EXCLUDE (_rank) FROM (
                   SELECT *, row_number() OVER (PARTITION BY {", ".join(keys)} ORDER BY {order}) AS _rank
                   FROM {rows}) WHERE _rank = 1"""
