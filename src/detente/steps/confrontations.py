"""Militarized interstate confrontations (MIC, from the MIE 1.0 events) for dyad-years and state-years.

A dyad is in a confrontation from the start of its first event to the end of its last one (events
in either direction); it is ongoing in every year that spell touches and the spell's first year is
its onset. Events count in the year they start, so event counts, highest action and hostility and
fatality ranges are those of the events that began that year. Where a dyad-year holds several
confrontations, one is kept by named rules (:data:`RULES`, applied in the order given, the
confrontation number last), as for MIDs; ``mic_n`` counts them all. Rules: docs/confrontations.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..measures.reduce import check_rules, pick_one_sql
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ._base import step
from ._domain import years_inside, zero_inside

MIE = "mie-1.0"

#: Reduction rules: name -> ORDER BY expression over the candidate confrontations of one dyad-year.
RULES = {
    "onset": "onset DESC",  # a confrontation that starts for the dyad this year before an ongoing one
    "fatality": "conf_fatalmax DESC",  # highest maximum fatalities of the whole confrontation
    "hostlev": "conf_hostlev DESC",  # highest hostility reached in the whole confrontation
    "dyad_hostlev": "dyad_hostlev DESC",  # highest hostility between these two states in it
    "events": "dyad_events DESC",  # most events between these two states in it
    "duration": "date_diff('day', conf_start, conf_end) DESC",  # the longest confrontation
    "earliest": "conf_start ASC",  # the confrontation that started first
}
DEFAULT_RULES = ("onset", "fatality", "hostlev", "duration")


def directed_events_sql(events: str) -> str:
    """SQL: every MIE event twice, once as (c1, c2) and once reversed; ``by1`` = c1 acted.

    ``fmin1``/``fmax1`` are c1's military fatalities in the event, ``fmin2``/``fmax2`` c2's.
    """
    cols = 'micnum, eventnum, start, "end", action, hostlev'
    return f"""SELECT {cols}, ccode1 AS c1, ccode2 AS c2, true AS by1, fatalmin1 AS fmin1,
                      fatalmax1 AS fmax1, fatalmin2 AS fmin2, fatalmax2 AS fmax2 FROM {events}
               UNION ALL
               SELECT {cols}, ccode2, ccode1, false, fatalmin2, fatalmax2, fatalmin1, fatalmax1
               FROM {events}"""


def confrontation_dyad_years_sql(panel: Panel) -> str:
    """SQL: one row per (c1, c2, year, micnum) a directed dyad spent in a confrontation.

    Columns: onset (the dyad's first year in it), first1/first2 (the state acted on the dyad's
    first day in it), the dyad's events and peak hostility in it, and the confrontation's dates,
    peak hostility and total fatality maximum.
    """
    events = panel.wh.view_name(MIE, "events")
    conf = panel.wh.view_name(MIE, "confrontations")
    return f"""
        WITH ev AS ({directed_events_sql(events)}),
        spell AS (
            SELECT c1, c2, micnum, min(start) AS s, max("end") AS e, count(*) AS dyad_events,
                   max(hostlev) AS dyad_hostlev,
                   bool_or(by1) FILTER (WHERE start = first_day) AS first1,
                   bool_or(NOT by1) FILTER (WHERE start = first_day) AS first2
            FROM (SELECT *, min(start) OVER (PARTITION BY c1, c2, micnum) AS first_day FROM ev)
            GROUP BY c1, c2, micnum)
        SELECT sp.c1, sp.c2, y::SMALLINT AS year, sp.micnum, (y = year(sp.s))::INT AS onset,
               sp.first1::TINYINT AS first1, sp.first2::TINYINT AS first2,
               sp.s AS dyad_start, sp.e AS dyad_end, sp.dyad_events, sp.dyad_hostlev,
               c.start AS conf_start, c."end" AS conf_end, c.hostlev AS conf_hostlev,
               c.hiact AS conf_hiact, c.fatalmin AS conf_fatalmin, c.fatalmax AS conf_fatalmax
        FROM spell sp JOIN {conf} c USING (micnum), range(year(sp.s), year(sp.e) + 1) t(y)"""


def _dyad_event_years_sql(events: str) -> str:
    """SQL: per directed dyad and start year, event counts, peaks and fatalities per direction."""
    return f"""
        SELECT c1, c2, year(start)::SMALLINT AS year,
               count(*) FILTER (WHERE by1) AS n12, count(*) FILTER (WHERE NOT by1) AS n21,
               max(action) FILTER (WHERE by1) AS hiact12, max(action) FILTER (WHERE NOT by1) AS hiact21,
               max(hostlev) FILTER (WHERE by1) AS host12, max(hostlev) FILTER (WHERE NOT by1) AS host21,
               sum(fmin1) AS fmin1, sum(fmax1) AS fmax1, sum(fmin2) AS fmin2, sum(fmax2) AS fmax2
        FROM ({directed_events_sql(events)}) GROUP BY ALL"""


@step("confrontations", units=(STATE_YEAR, DYAD_YEAR), sources=(MIE,))
def add_confrontations(panel: Panel, rules: Sequence[str] = DEFAULT_RULES) -> str:
    """Add militarized interstate confrontations (Gibler & Miller's MIC, from the MIE 1.0 events).

    Dyad-years: ``micongoing`` (the two states were in a confrontation that year: between the
    start of their first and the end of their last event in it, either direction), ``miconset``
    (such a spell began that year), ``mic_n`` (confrontations), ``mic_events12``/``mic_events21``
    (events state 1 took against state 2 and back, by start year), ``mic_hiact12/21`` and
    ``mic_hostlev12/21`` (highest action and hostility in those events; null without events),
    ``mic_maxhostlev``, ``mic_fatalmin1/2``, ``mic_fatalmax1/2`` (each state's military
    fatalities in the dyad's events that year, ranges summed); and for the confrontation kept:
    ``micnum``, ``mic_first1``/``mic_first2`` (the state acted on the dyad's first day in it; both
    1 when both did), ``mic_start``/``mic_end`` (the confrontation's dates), ``mic_hostlev``,
    ``mic_hiact``, ``mic_fatalmin``/``mic_fatalmax`` (the whole confrontation).

    ``rules`` picks the confrontation when a dyad-year holds several, in order; default
    ``onset, fatality, hostlev, duration`` (as for MIDs); others: ``dyad_hostlev`` and ``events``
    (highest hostility, most events between the two states in it), ``earliest``. The lowest
    confrontation number breaks a tie.

    State-years: ``micongoing``/``miconset`` (0/1), ``mic_n``/``mic_onsets`` (confrontations
    the state was in / entered that year), ``mic_events_by``/``mic_events_against`` (events it
    took / suffered, by start year), ``mic_hostlev`` (highest hostility of its own actions),
    ``mic_fatalmin``/``mic_fatalmax`` (its military fatalities summed over that year's events).

    Inside 1816-2014 no confrontation is 0; outside, every column is null.

    >>> import detente
    >>> p = detente.dyad_years(years=(2014, 2014)).add_confrontations()
    >>> df = p.to_pandas()
    >>> row = df[(df.ccode1 == 365) & (df.ccode2 == 369)].iloc[0]
    >>> [int(row[c]) for c in ("micongoing", "mic_n", "mic_events12", "mic_events21", "micnum")]
    [1, 2, 15, 21, 4682]
    """
    chosen = check_rules(rules, RULES, "confrontations")
    inside = years_inside(MIE)
    events = panel.wh.view_name(MIE, "events")

    def zero(expr: str, name: str, kind: str = "SMALLINT") -> str:
        return zero_inside(inside, expr, name, kind)

    def kept(expr: str, name: str) -> str:
        return f"CASE WHEN {inside} THEN {expr} END AS {name}"

    if panel.unit == STATE_YEAR:
        per_state = f"""
            WITH sp AS (SELECT micnum, c1 AS ccode, min(start) AS s, max("end") AS e
                        FROM ({directed_events_sql(events)}) GROUP BY ALL)
            SELECT ccode, y::SMALLINT AS year, count(*) AS n,
                   count(*) FILTER (WHERE y = year(s)) AS onsets
            FROM sp, range(year(s), year(e) + 1) t(y) GROUP BY ALL"""
        acts = f"""
            SELECT c1 AS ccode, year(start)::SMALLINT AS year,
                   count(*) FILTER (WHERE by1) AS n_by, count(*) FILTER (WHERE NOT by1) AS n_against,
                   max(hostlev) FILTER (WHERE by1) AS host, sum(fmin1) AS fmin, sum(fmax1) AS fmax
            FROM ({directed_events_sql(events)}) GROUP BY ALL"""
        cols = [
            zero("(m.n > 0)::INT", "micongoing"),
            zero("(m.onsets > 0)::INT", "miconset"),
            zero("m.n", "mic_n"),
            zero("m.onsets", "mic_onsets"),
            zero("a.n_by", "mic_events_by", "INTEGER"),
            zero("a.n_against", "mic_events_against", "INTEGER"),
            kept("a.host::TINYINT", "mic_hostlev"),
            zero("a.fmin", "mic_fatalmin", "INTEGER"),
            zero("a.fmax", "mic_fatalmax", "INTEGER"),
        ]
        return f"""SELECT p.*, {", ".join(cols)} FROM ({panel.sql}) p
                   LEFT JOIN ({per_state}) m ON m.ccode = p._k AND m.year = p.year
                   LEFT JOIN ({acts}) a ON a.ccode = p._k AND a.year = p.year"""

    reduced = pick_one_sql("dy", ["c1", "c2", "year"], chosen, RULES, "micnum")
    one = [
        "m.micnum",
        "m.first1::TINYINT AS mic_first1",
        "m.first2::TINYINT AS mic_first2",
        "m.conf_start AS mic_start",
        "m.conf_end AS mic_end",
        "m.conf_hostlev::TINYINT AS mic_hostlev",
        "m.conf_hiact::TINYINT AS mic_hiact",
        "m.conf_fatalmin::INTEGER AS mic_fatalmin",
        "m.conf_fatalmax::INTEGER AS mic_fatalmax",
    ]
    cols = [
        zero("(m.n > 0)::INT", "micongoing"),
        zero("m.onset", "miconset"),
        zero("m.n", "mic_n"),
        zero("a.n12", "mic_events12", "INTEGER"),
        zero("a.n21", "mic_events21", "INTEGER"),
        kept("a.hiact12::TINYINT", "mic_hiact12"),
        kept("a.hiact21::TINYINT", "mic_hiact21"),
        kept("a.host12::TINYINT", "mic_hostlev12"),
        kept("a.host21::TINYINT", "mic_hostlev21"),
        kept("greatest(a.host12, a.host21)::TINYINT", "mic_maxhostlev"),
        zero("a.fmin1", "mic_fatalmin1", "INTEGER"),
        zero("a.fmax1", "mic_fatalmax1", "INTEGER"),
        zero("a.fmin2", "mic_fatalmin2", "INTEGER"),
        zero("a.fmax2", "mic_fatalmax2", "INTEGER"),
        *one,
    ]
    return f"""
        WITH dy AS ({confrontation_dyad_years_sql(panel)}),
        n AS (SELECT c1, c2, year, count(*) AS n FROM dy GROUP BY ALL),
        m AS (SELECT r.*, n.n FROM ({reduced}) r JOIN n USING (c1, c2, year)),
        a AS ({_dyad_event_years_sql(events)})
        SELECT p.*, {", ".join(cols)}
        FROM ({panel.sql}) p
        LEFT JOIN m ON m.c1 = p._k1 AND m.c2 = p._k2 AND m.year = p.year
        LEFT JOIN a ON a.c1 = p._k1 AND a.c2 = p._k2 AND a.year = p.year"""
