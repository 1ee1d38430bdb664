"""A source's temporal domain in step SQL: inside it a missing value is a true 0, outside it null.

Every step that counts something applies this rule; it is written once here.
"""

from __future__ import annotations

from ..registry import get_source


def years_inside(source_id: str, year: str = "p.year") -> str:
    """SQL condition: ``year`` lies inside the source's declared years.

    >>> years_inside("cow-war-4.0")
    'p.year BETWEEN 1816 AND 2007'
    """
    lo, hi = get_source(source_id).years
    return f"{year} BETWEEN {lo} AND {hi}"


#: The type of dyad-year event flags (0/1), levels and counts of events in one dyad-year: their
#: largest value in any source is 6 (GML MIDs in one dyad-year; tests/steps/test_event_types.py).
TINY = "TINYINT"


def zero_inside(inside: str, expr: str, name: str, kind: str = "SMALLINT") -> str:
    """SQL column ``name``: ``expr`` where ``inside`` holds (missing read as 0), null elsewhere.

    >>> zero_inside("p.year BETWEEN 1816 AND 2007", "w.n", "cowinter_n")
    'CASE WHEN p.year BETWEEN 1816 AND 2007 THEN coalesce(w.n, 0) END::SMALLINT AS cowinter_n'
    """
    return f"CASE WHEN {inside} THEN coalesce({expr}, 0) END::{kind} AS {name}"
