"""Inter-state wars (COW Inter-State War Data 4.0) for dyad-years and state-years.

States on opposing sides (side 1 v side 2) whose participation spells overlap form a war dyad in
each year the overlap touches; an interrupted participation (start1-end1, start2-end2) counts as
two spells, so a pause between them is not war.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..measures.dyadic import opposing_dyad_years_sql
from ..measures.reduce import check_rules, pick_one_sql
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ._base import step
from ._domain import TINY, years_inside, zero_inside

WAR = "cow-war-4.0"
RULES = {
    "onset": "onset DESC",  # a war that starts for the dyad this year first
    "deaths": "war_deaths DESC NULLS LAST",  # the war with the most battle deaths overall
    "duration": "date_diff('day', war_start, war_end) DESC NULLS LAST",  # the longest war
    "earliest": "war_start ASC",
}
DEFAULT_RULES = ("onset", "deaths", "duration")


def war_spells_sql(panel: Panel) -> str:
    """SQL: one row per participation spell: warnum, ccode, side, start, end, initiator, ..."""
    src = panel.wh.view_name(WAR, "participants")
    cols = "warnum, ccode, side, initiator::TINYINT AS initiator, outcome, bat_death"
    return f"""(SELECT {cols}, start1 AS start, end1 AS "end" FROM {src} WHERE start1 IS NOT NULL
               UNION ALL
               SELECT {cols}, start2, end2 FROM {src} WHERE start2 IS NOT NULL)"""


@step("wars", units=(STATE_YEAR, DYAD_YEAR), sources=(WAR,))
def add_wars(panel: Panel, rules: Sequence[str] = DEFAULT_RULES) -> str:
    """Add COW inter-state wars.

    Dyad-years: ``cowinterongoing`` (1 if on opposing sides of a war with overlapping
    participation that year), ``cowinteronset`` (1 if such a war began for the dyad that year),
    ``cowinter_n`` (wars that year) and, for the war kept, ``warnum``, ``war_initiator1/2``
    (the state is coded as an initiator), ``war_outcome1/2`` (COW outcome code: 1 winner,
    2 loser, 3 compromise/tied, 4 transformed, 5 ongoing, 6 stalemate, 7 changed sides) and
    ``war_batdeath1/2`` (each state's battle deaths). ``rules`` (default onset, deaths,
    duration) picks the war when a dyad-year holds several; the lowest war number breaks ties.

    State-years: ``cowinterongoing`` (0/1), ``cowinter_n`` (wars the state fought that year).
    Domain 1816-2007: 0 inside when no war, null outside.
    """
    chosen = check_rules(rules, RULES, "wars")
    inside = years_inside(WAR)

    def zero(expr: str, name: str, kind: str = "SMALLINT") -> str:
        return zero_inside(inside, expr, name, kind)

    spells = war_spells_sql(panel)
    if panel.unit == STATE_YEAR:
        per_state = f"""SELECT ccode, y::SMALLINT AS year, count(DISTINCT warnum) AS n
                        FROM {spells} s, range(year(start), year("end") + 1) t(y) GROUP BY ALL"""
        cols = f"{zero('(w.n > 0)::INT', 'cowinterongoing')}, {zero('w.n', 'cowinter_n')}"
        return f"""SELECT p.*, {cols} FROM ({panel.sql}) p
                   LEFT JOIN ({per_state}) w ON w.ccode = p._k AND w.year = p.year"""
    carry = ("initiator", "outcome", "bat_death")
    dyads = opposing_dyad_years_sql(spells, "warnum", "side", carry)
    totals = f"""SELECT warnum, sum(bat_death) AS war_deaths, min(start) AS war_start,
                        max("end") AS war_end FROM {spells} s GROUP BY warnum"""
    reduced = pick_one_sql("wy", ["c1", "c2", "year"], chosen, RULES, "event")
    return f"""
        WITH wy AS (SELECT y.*, t.war_deaths, t.war_start, t.war_end
                    FROM ({dyads}) y JOIN ({totals}) t ON t.warnum = y.event),
        n AS (SELECT c1, c2, year, count(*) AS n FROM wy GROUP BY ALL),
        w AS (SELECT r.*, n.n FROM ({reduced}) r JOIN n USING (c1, c2, year))
        SELECT p.*, {zero("(w.n > 0)::INT", "cowinterongoing", TINY)},
               {zero("w.onset", "cowinteronset", TINY)}, {zero("w.n", "cowinter_n", TINY)},
               w.event::SMALLINT AS warnum,
               w.initiator1 AS war_initiator1, w.initiator2 AS war_initiator2,
               w.outcome1 AS war_outcome1, w.outcome2 AS war_outcome2,
               w.bat_death1 AS war_batdeath1, w.bat_death2 AS war_batdeath2
        FROM ({panel.sql}) p LEFT JOIN w ON w.c1 = p._k1 AND w.c2 = p._k2 AND w.year = p.year"""
