"""Turn event participants (states on sides, with dated spells) into directed dyad-years.

Two states form an event dyad when they were on opposing sides and their participation spells
overlapped in time; the dyad-years are the years that overlap touches. This is the rule for
disputes (MID) and wars (COW); crises come dyadic from ICB itself.
"""

from __future__ import annotations

from collections.abc import Sequence


def opposing_dyad_years_sql(
    participants: str, event: str, side: str, carry: Sequence[str] = (), onset_by: str = "dyad"
) -> str:
    """SQL: one row per (event, c1, c2, year) for states on opposing sides with overlapping spells.

    ``participants`` needs ``event``, ccode, ``side``, start and end (one row per spell); each
    column in ``carry`` comes out twice, as <col>1 (state 1's, max over its spells) and <col>2.
    ``onset`` is 1 in the first year of the dyad's overlap in the event (a dyadic onset).
    """
    pairs = ", ".join(f"a.{c} AS {c}1, b.{c} AS {c}2" for c in carry)
    keep = ", ".join(f"max({c}1) AS {c}1, max({c}2) AS {c}2" for c in carry)
    return f"""
        WITH pairs AS (
            SELECT a.{event} AS event, a.ccode AS c1, b.ccode AS c2,
                   greatest(a.start, b.start) AS s, least(a."end", b."end") AS e
                   {", " + pairs if pairs else ""}
            FROM {participants} a JOIN {participants} b
              ON a.{event} = b.{event} AND a.ccode <> b.ccode AND a.{side} <> b.{side}
             AND a.start <= b."end" AND b.start <= a."end"),
        years AS (
            SELECT event, c1, c2, y::SMALLINT AS year, min(s) AS overlap_start
                   {", " + keep if keep else ""}
            FROM pairs, range(year(s), year(e) + 1) t(y)
            GROUP BY event, c1, c2, y)
        SELECT *, (year = min(year) OVER (PARTITION BY event, c1, c2))::TINYINT AS onset
        FROM years"""
