"""Peace years: years since the last onset of a dispute, war or crisis, with duration terms.

In year t the count is t minus the year of the last onset strictly before t; with no earlier
onset, t minus the first year both states (or the state) were in the system, clamped to the
event data's first year. An onset year thus carries the peace years that led up to it; the year
after an onset counts 1. Years outside the event data's domain get null.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import InputError
from ..measures.duration import DEFAULT_KNOTS, spline_terms_sql
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ..registry import get_source
from ..systems import memberships_sql
from ._base import step
from .armed_conflicts import UCDP, parties_sql
from .confrontations import MIE, confrontation_dyad_years_sql, directed_events_sql
from .disputes import SOURCES as MID_SOURCES
from .disputes import dispute_dyad_years_sql
from .wars import WAR, war_spells_sql

ICB = "icb-15"
EVENTS = {
    "cowmid": MID_SOURCES["cow"], "gmlmid": MID_SOURCES["gml"], "cowinter": WAR, "icb": ICB,
    "ucdp": UCDP, "mic": MIE,
}  # fmt: skip


def _dyad_onsets(panel: Panel, event: str) -> str:
    """SQL: (c1, c2, year) of every directed dyadic onset of ``event``."""
    if event in ("cowmid", "gmlmid"):
        dyads = dispute_dyad_years_sql(panel, event[:3])
        return f"SELECT DISTINCT c1, c2, year FROM ({dyads}) WHERE onset = 1"
    if event == "mic":
        dyads = confrontation_dyad_years_sql(panel)
        return f"SELECT DISTINCT c1, c2, year FROM ({dyads}) WHERE onset = 1"
    if event == "cowinter":
        spells = war_spells_sql(panel)
        return f"""SELECT DISTINCT a.ccode AS c1, b.ccode AS c2, year(greatest(a.start, b.start)) AS year
                   FROM {spells} a JOIN {spells} b ON a.warnum = b.warnum AND a.ccode <> b.ccode
                    AND a.side <> b.side AND a.start <= b."end" AND b.start <= a."end" """
    if event == "ucdp":
        return f"""WITH pp AS (SELECT * FROM ({parties_sql(panel)}) WHERE is_primary)
                   SELECT DISTINCT a.ccode AS c1, b.ccode AS c2, a.year FROM pp a
                   JOIN pp b ON a.conflict_id = b.conflict_id AND a.year = b.year
                    AND a.side <> b.side AND a.ccode <> b.ccode WHERE a.onset = 1"""
    dyads = panel.wh.view_name(ICB, "dyads")
    first = f"SELECT crisno, ccode_a AS a, ccode_b AS b, min(year) AS year FROM {dyads} GROUP BY ALL"
    return f"""SELECT DISTINCT a AS c1, b AS c2, year FROM ({first})
               UNION SELECT DISTINCT b, a, year FROM ({first})"""


def _state_onsets(panel: Panel, event: str) -> str:
    """SQL: (ccode, year) of every year a state entered a new ``event``."""
    if event in ("cowmid", "gmlmid"):
        parts = panel.wh.view_name(EVENTS[event], "participants")
        return f"SELECT DISTINCT ccode, min(year(start)) AS year FROM {parts} GROUP BY dispnum, ccode"
    if event == "mic":
        events = directed_events_sql(panel.wh.view_name(MIE, "events"))
        return (
            f"SELECT DISTINCT year(min(start)) AS year, c1 AS ccode FROM ({events}) GROUP BY micnum, c1"
        )
    if event == "cowinter":
        spells = war_spells_sql(panel)
        return f"SELECT DISTINCT ccode, min(year(start)) AS year FROM {spells} GROUP BY warnum, ccode"
    if event == "ucdp":
        return f"SELECT DISTINCT ccode, year FROM ({parties_sql(panel)}) WHERE is_primary AND onset = 1"
    actors = panel.wh.view_name(ICB, "actors")
    return f"""SELECT DISTINCT ccode, year(start) AS year FROM {actors}
               WHERE ccode IS NOT NULL AND start IS NOT NULL"""


def _until_next(onsets: str, keys: str) -> str:
    """SQL: each onset with the year of the next one (``_next``; 32767 after the last).

    A panel row's last earlier onset is the one with ``year < row year <= _next``: a plain join
    on the few onset rows, where an ASOF join would sort the whole, wide panel.
    """
    return f"""SELECT *, coalesce(lead(year) OVER (PARTITION BY {keys} ORDER BY year), 32767) AS _next
               FROM ({onsets})"""


def _event_source(event: str) -> str:
    if event not in EVENTS:
        raise InputError(f"peace_years: unknown event {event!r}; choose from {sorted(EVENTS)}")
    return EVENTS[event]


@step("peace_years", units=(STATE_YEAR, DYAD_YEAR), sources=lambda a, unit: (_event_source(a["event"]),))
def add_peace_years(
    panel: Panel,
    event: str = "gmlmid",
    duration: str = "cubic",
    knots: Sequence[float] = DEFAULT_KNOTS,
) -> str:
    """Add ``<event>_peaceyrs``: years since the last onset, plus duration-dependence terms.

    ``event``: gmlmid (GML MID 2.2.1 dyadic onsets), cowmid (COW MID 5.0), cowinter (COW
    inter-state wars), icb (ICB crisis dyads; states: entry as crisis actor), ucdp (UCDP/PRIO
    armed-conflict episode onsets, primary parties, as ``ucdponset`` of :func:`add_armed_conflicts`),
    mic (MIC confrontation onsets from the MIE events, as ``miconset`` of :func:`add_confrontations`).
    Dyadic onsets are those of :func:`add_mids`/:func:`add_wars` (opposing sides, overlapping
    participation).
    ``duration="cubic"`` adds ``<event>_peaceyrs2`` and ``_peaceyrs3`` (t², t³; Carter &
    Signorino 2010); ``duration="splines"`` adds ``<event>_spline1..K-2``, a restricted cubic
    spline basis with ``knots`` (default 1, 4, 7, 10, 15; Beck, Katz & Tucker 1998's idea in
    Harrell's form). The counting rule is in the module documentation. Null outside the event
    data's domain (e.g. after 2010 for GML).

    >>> import detente
    >>> p = detente.dyad_years(years=(1950, 2010)).add_mids()
    >>> p = p.add_peace_years(event="gmlmid", duration="splines")
    >>> p.columns[-4:]
    ['gmlmid_peaceyrs', 'gmlmid_spline1', 'gmlmid_spline2', 'gmlmid_spline3']
    """
    _event_source(event)
    if duration not in ("cubic", "splines"):
        raise InputError(f"peace_years: duration must be 'cubic' or 'splines', not {duration!r}")
    lo, hi = get_source(EVENTS[event]).years
    members = memberships_sql(panel.wh, panel.system, microstates=panel.system.name == "gw")
    first = f"SELECT code, greatest(min(year(start)), {lo}) AS first_year FROM ({members}) GROUP BY code"
    c = panel.system.code
    name = f"{event}_peaceyrs"
    if panel.unit == DYAD_YEAR:
        onsets = _dyad_onsets(panel, event)
        start = "greatest(f1.first_year, f2.first_year)"
        body = f"""
            SELECT p.*, o.year AS _last, {start} AS _first FROM ({panel.sql}) p
            JOIN ({first}) f1 ON f1.code = p.{c}1 JOIN ({first}) f2 ON f2.code = p.{c}2
            LEFT JOIN ({_until_next(onsets, "c1, c2")}) o ON o.c1 = p._k1 AND o.c2 = p._k2
             AND p.year > o.year AND p.year <= o._next"""
    else:
        onsets = _state_onsets(panel, event)
        body = f"""
            SELECT p.*, o.year AS _last, f.first_year AS _first FROM ({panel.sql}) p
            JOIN ({first}) f ON f.code = p.{c}
            LEFT JOIN ({_until_next(onsets, "ccode")}) o ON o.ccode = p._k
             AND p.year > o.year AND p.year <= o._next"""
    t = f"CASE WHEN year BETWEEN {lo} AND {hi} THEN year - coalesce(_last, _first) END"
    if duration == "cubic":
        extra = [f"power({name}, 2)::INTEGER AS {name}2", f"power({name}, 3)::INTEGER AS {name}3"]
    else:
        extra = [f"{e} AS {event}_spline{i + 1}" for i, e in enumerate(spline_terms_sql(name, knots))]
    return f"""SELECT * EXCLUDE (_last, _first), {", ".join(extra)} FROM (
                   SELECT * , ({t})::SMALLINT AS {name} FROM ({body}))"""
