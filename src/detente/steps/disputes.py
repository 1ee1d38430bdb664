"""Militarized interstate disputes (COW MID 5.0 or GML MID 2.2.1) for dyad-years and state-years.

Dyad-years: states on opposing sides of a dispute whose participation spells overlap form a
dispute dyad in every year the overlap touches (:mod:`detente.measures.dyadic`); the first such
year is the dyadic onset. Where a dyad-year holds several disputes, one is kept by explicit rules
(:data:`RULES`, applied in the order given, dispute number last), and ``<p>mid_n`` counts them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import InputError
from ..measures.dyadic import opposing_dyad_years_sql
from ..measures.reduce import check_rules, pick_one_sql
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ._base import step
from ._domain import years_inside, zero_inside

SOURCES = {"cow": "cow-mid-5.0", "gml": "gml-mid-2.2"}

#: Reduction rules: name -> ORDER BY expression over the candidate disputes of one dyad-year.
RULES = {
    "onset": "onset DESC",  # a dispute that starts for the dyad this year before an ongoing one
    "fatality": "fatality DESC NULLS LAST",  # highest dispute-level fatality level
    "hostlev": "hostlev DESC NULLS LAST",  # highest dispute-level hostility level
    "hiact": "hiact DESC NULLS LAST",  # highest dispute-level action
    "duration": "date_diff('day', start, \"end\") DESC NULLS LAST",  # the longest dispute
    "earliest": "start ASC",  # the dispute that started first
}
DEFAULT_RULES = ("onset", "fatality", "hostlev", "duration")

#: Participant-level columns carried for each side (COW has more than GML).
CARRY = {
    "cow": ("sidea", "orig", "revstate", "hiact", "hostlev", "fatality"),
    "gml": ("sidea", "orig", "hiact"),
}
DISPUTE_COLUMNS = ("hiact", "hostlev", "fatality", "outcome", "settle", "recip")


def _source(source: str) -> str:
    if source not in SOURCES:
        raise InputError(f"mids: unknown source {source!r}; choose from {sorted(SOURCES)}")
    return SOURCES[source]


def dispute_dyad_years_sql(panel: Panel, source: str) -> str:
    """SQL: every directed dispute dyad-year with participant and dispute-level columns."""
    sid = _source(source)
    parts = panel.wh.view_name(sid, "participants")
    disputes = panel.wh.view_name(sid, "disputes")
    carry = [f"{c}::TINYINT AS {c}" for c in CARRY[source]]
    participants = f'(SELECT dispnum, ccode, sidea, start, "end", {", ".join(carry)} FROM {parts})'
    dyads = opposing_dyad_years_sql(participants, "dispnum", "sidea", CARRY[source])
    cols = ", ".join(f"d.{c}" for c in DISPUTE_COLUMNS)
    return f"""SELECT y.* RENAME (event AS dispnum), {cols}, d.start, d."end"
               FROM ({dyads}) y JOIN {disputes} d ON d.dispnum = y.event"""


@step("mids", units=(STATE_YEAR, DYAD_YEAR), sources=lambda a, unit: (_source(a["source"]),))
def add_mids(panel: Panel, source: str = "gml", rules: Sequence[str] = DEFAULT_RULES) -> str:
    """Add militarized interstate disputes from GML MID 2.2.1 (``source="gml"``) or COW MID 5.0.

    Dyad-years (prefix p = ``gml`` or ``cow``): ``<p>midongoing`` (1 if the two states were on
    opposing sides of a dispute with overlapping participation that year), ``<p>midonset`` (1 if
    such a dispute began for the dyad that year), ``<p>mid_n`` (disputes that year),
    ``<p>mid_maxhostlev`` (highest dispute hostility among them: 4 use of force, 5 war); and for the
    one dispute kept: dispnum, sidea1/sidea2 (side A), orig1/orig2 (originator, 0 = joiner),
    hiact1/hiact2 (highest action of each state), for COW also revstate1/2, hostlev1/2,
    fatality1/2; dispute-level hiact, hostlev, fatality, outcome, settle, recip.

    ``rules`` picks the dispute when a dyad-year holds several, in order; default
    ``onset, fatality, hostlev, duration``: onsets first, then highest fatality level, then
    highest hostility, then the longest dispute; the lowest dispute number breaks a tie. Other
    rules: ``hiact`` (highest action), ``earliest`` (earliest start).

    State-years: ``<p>midongoing``/``<p>midonset`` (0/1) and ``<p>mid_n``/``<p>mid_onsets``
    (disputes the state was in / entered that year; entering = its first participation year).

    Inside the source's domain (COW 1816-2014, GML 1816-2010) no dispute is 0, outside null;
    dispute columns are null in dyad-years with no dispute.

    >>> import detente
    >>> p = detente.dyad_years(years=(1990, 2010)).add_mids(source="gml")
    >>> int(p.to_pandas().gmlmidonset.sum())
    1472
    """
    sid = _source(source)
    chosen = check_rules(rules, RULES, "mids")
    inside = years_inside(sid)
    p = source

    def zero(expr: str, name: str) -> str:
        return zero_inside(inside, expr, name)

    if panel.unit == STATE_YEAR:
        parts = panel.wh.view_name(sid, "participants")
        per_state = f"""
            SELECT ccode, y::SMALLINT AS year, count(DISTINCT dispnum) AS n,
                   count(DISTINCT dispnum) FILTER (WHERE y = first_year) AS onsets
            FROM (SELECT dispnum, ccode, start, "end",
                         min(year(start)) OVER (PARTITION BY dispnum, ccode) AS first_year
                  FROM {parts}), range(year(start), year("end") + 1) t(y)
            GROUP BY ccode, y"""
        cols = [
            zero("(m.n > 0)::INT", f"{p}midongoing"),
            zero("(m.onsets > 0)::INT", f"{p}midonset"),
            zero("m.n", f"{p}mid_n"),
            zero("m.onsets", f"{p}mid_onsets"),
        ]
        return f"""SELECT p.*, {", ".join(cols)} FROM ({panel.sql}) p
                   LEFT JOIN ({per_state}) m ON m.ccode = p._k AND m.year = p.year"""

    carried = [f"{c}{i}" for c in CARRY[source] for i in (1, 2)]
    kept = ", ".join(f"m.{c}" for c in ["dispnum", *carried, *DISPUTE_COLUMNS])
    reduced = pick_one_sql("dy", ["c1", "c2", "year"], chosen, RULES, "dispnum")
    return f"""
        WITH dy AS ({dispute_dyad_years_sql(panel, source)}),
        n AS (SELECT c1, c2, year, count(*) AS n, max(hostlev) AS maxhost FROM dy GROUP BY ALL),
        m AS (SELECT r.*, n.n, n.maxhost FROM ({reduced}) r JOIN n USING (c1, c2, year))
        SELECT p.*, {zero("(m.n > 0)::INT", f"{p}midongoing")}, {zero("m.onset", f"{p}midonset")},
               {zero("m.n", f"{p}mid_n")}, m.maxhost::TINYINT AS {p}mid_maxhostlev, {kept}
        FROM ({panel.sql}) p
        LEFT JOIN m ON m.c1 = p._k1 AND m.c2 = p._k2 AND m.year = p.year"""
