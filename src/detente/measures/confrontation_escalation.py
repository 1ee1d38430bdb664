"""Escalation inside militarized confrontations (MIC), from their dated MIE events.

One row per confrontation (``by="confrontation"``) or per confrontation and undirected dyad
(``by="dyad"``, ``ccode1 < ccode2``). Events are ordered by start date, then event number. The
hostility ladder: the first event's action and hostility, the peak hostility and the date and days
from the start to the first event at the peak, the last event's hostility, the path of hostility
levels in event order with consecutive repeats folded and the start date of each step
(``path_dates``), whether hostility rose after the first event (``escalated``) and whether the
last event stood below the peak (``ended_below_peak``). Unlike the MIDI-based
:func:`~detente.measures.dispute_escalation.dispute_escalation` (incidents 1992-2014 only), every
confrontation 1816-2014 has dated events, so every field is filled.

MIE hostility levels: 2 threat, 3 display, 4 use of force, 5 war.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from ..errors import InputError
from ..registry import get_source
from ..systems import System, Years, parse_years

if TYPE_CHECKING:
    from ..warehouse import Warehouse

MIE = "mie-1.0"
HOSTILITY = {2: "threat to use force", 3: "display of force", 4: "use of force", 5: "war"}
UNITS = {"confrontation": ("micnum",), "dyad": ("micnum", "ccode1", "ccode2")}
_ANY_YEARS = System("any", "ccode", (), (0, 9999), "any")


def confrontation_escalation_sql(events: str, by: str = "confrontation") -> str:
    """SQL: the hostility ladder of each confrontation (or confrontation dyad) in ``events``."""
    if by not in UNITS:
        raise InputError(f"confrontation_escalation: by must be one of {sorted(UNITS)}, not {by!r}")
    keys = ", ".join(UNITS[by])
    label = " ".join(f"WHEN {k} THEN '{v}'" for k, v in HOSTILITY.items())
    return f"""
        WITH ev AS (
            SELECT micnum, least(ccode1, ccode2) AS ccode1, greatest(ccode1, ccode2) AS ccode2,
                   eventnum, start, "end", action, hostlev, ccode1 AS actor,
                   fatalmin1 + fatalmin2 AS fmin, fatalmax1 + fatalmax2 AS fmax
            FROM {events}),
        k AS (SELECT *, row_number() OVER (PARTITION BY {keys} ORDER BY start, eventnum) AS k FROM ev),
        folded AS (  -- the ladder with consecutive repeats folded, and when each step began
            SELECT {keys}, list(hostlev ORDER BY k) AS hostility_path,
                   list(start ORDER BY k) AS path_dates
            FROM (SELECT *, lag(hostlev) OVER (PARTITION BY {keys} ORDER BY k) AS prev FROM k)
            WHERE prev IS NULL OR prev <> hostlev GROUP BY ALL),
        per AS (
            SELECT {keys}, min(start) AS start, max("end") AS "end", count(*)::INTEGER AS n_events,
                   count(DISTINCT actor)::SMALLINT AS n_actors,
                   arg_min(actor, k) AS first_actor, arg_min(action, k) AS first_action,
                   arg_min(hostlev, k) AS first_hostlev, max(hostlev) AS peak_hostlev,
                   max(action) AS peak_action, arg_max(hostlev, k) AS last_hostlev,
                   max(start) AS last_date, sum(fmin)::BIGINT AS fatalmin,
                   sum(fmax)::BIGINT AS fatalmax
            FROM k GROUP BY ALL),
        peak AS (
            SELECT {keys}, min(k.start) AS peak_date
            FROM k JOIN per p USING ({keys}) WHERE k.hostlev = p.peak_hostlev GROUP BY ALL)
        SELECT {keys}, p.start, p."end", p.n_events, p.n_actors, p.first_actor,
               p.first_action, p.first_hostlev, p.peak_action, p.peak_hostlev,
               CASE p.peak_hostlev {label} END AS peak_hostility, p.last_hostlev, p.last_date,
               f.hostility_path, f.path_dates, k.peak_date,
               date_diff('day', p.start, k.peak_date)::INTEGER AS days_to_peak,
               date_diff('day', p.start, p."end")::INTEGER AS days,
               p.peak_hostlev > p.first_hostlev AS escalated,
               p.last_hostlev < p.peak_hostlev AS ended_below_peak,
               p.peak_hostlev >= 3 AS reached_display, p.peak_hostlev >= 4 AS reached_force,
               p.peak_hostlev = 5 AS reached_war, p.fatalmin, p.fatalmax
        FROM per p JOIN folded f USING ({keys}) JOIN peak k USING ({keys})
        ORDER BY {keys}"""


def confrontation_escalation(
    by: str = "confrontation", years: Years = None, warehouse: Warehouse | None = None
) -> pa.Table:
    """MIC escalation ladders from MIE 1.0: one row per confrontation (1,881) or per dyad in one.

    ``years`` keeps confrontations (or dyads) whose first event starts in that range (1816-2014).

    >>> import detente
    >>> t = detente.confrontation_escalation(years=(2014, 2014)).to_pandas()
    >>> row = t[t.micnum == 4682].iloc[0]
    >>> [int(row[c]) for c in ("first_hostlev", "peak_hostlev", "days_to_peak", "ended_below_peak")]
    [3, 4, 87, 1]
    """
    from ..warehouse import default_warehouse

    lo, hi = get_source(MIE).years
    first, last = (lo, hi) if years is None else parse_years(years, _ANY_YEARS)
    if first < lo or last > hi:
        raise InputError(f"confrontation_escalation: years {first}-{last} fall outside MIE's {lo}-{hi}")
    wh = warehouse or default_warehouse()
    sql = confrontation_escalation_sql(wh.view_name(MIE, "events"), by)
    query = f"SELECT * FROM ({sql}) WHERE year(start) BETWEEN $1 AND $2"
    return wh.con.sql(query, params=[first, last]).to_arrow_table()
