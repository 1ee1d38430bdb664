"""Militarized interstate disputes (COW MID 5.0 or GML MID 2.2.1) for dyad-years and state-years.

Dyad-years (``dyads="overlap"``, the default): states on opposing sides of a dispute whose
participation spells overlap form a dispute dyad in every year the overlap touches
(:mod:`detente.measures.dyadic`); the first such year is the dyadic onset. One exception, for
side-switchers: two states that BOTH changed sides in a dispute in the same year are not opponents
in it that year, since their opposing spells overlap only in the days between the two switches
(Bulgaria, Romania and Finland in dispute 258, 1944: 6 directed dyad-years in GML, 4 in COW).

``dyads="gml"`` (GML only) takes the dispute dyad-years from GML's own directed file instead: it
pairs participants by year and counts a re-entry as a new onset.

Where a dyad-year holds several disputes, one is kept by explicit rules (:data:`RULES`, applied
in the order given, dispute number last), and ``<p>mid_n`` counts them all. ``rules`` may also
name a rule set (:data:`RULE_SETS`): ``"peacesciencer"`` with ``dyads="gml"`` follows
peacesciencer's ``add_gml_mids()`` and gives its published counts exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import InputError
from ..measures.dyadic import opposing_dyad_years_sql
from ..measures.reduce import check_rules, pick_one_sql
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ._base import step
from ._domain import TINY, years_inside, zero_inside

SOURCES = {"cow": "cow-mid-5.0", "gml": "gml-mid-2.2"}

#: Reduction rules: name -> ORDER BY expression over the candidate disputes of one dyad-year.
RULES = {
    "onset": "onset DESC",  # a dispute that starts for the dyad this year before an ongoing one
    "fatality": "fatality DESC NULLS LAST",  # highest dispute-level fatality level
    "hostlev": "hostlev DESC NULLS LAST",  # highest dispute-level hostility level
    "hiact": "hiact DESC NULLS LAST",  # highest dispute-level action
    "duration": "date_diff('day', start, \"end\") DESC NULLS LAST",  # the longest dispute
    "earliest": "start ASC",  # the dispute that started first
    "fatality_unknown_half": "coalesce(fatality, 0.5) DESC",  # unknown fatality (-9) between 0 and 1
    "mindur": "mindur DESC NULLS LAST",  # longest minimum duration (days)
    "maxdur": "maxdur DESC NULLS LAST",  # longest maximum duration (days)
    "recip": "recip DESC NULLS LAST",  # reciprocated before unreciprocated
    "stmon": "stmon ASC NULLS LAST",  # earliest dispute start month (of any year)
    "file_order": "row ASC",  # first row in the publisher's file (dyads="gml" only)
}
DEFAULT_RULES = ("onset", "fatality", "hostlev", "duration")
#: Named rule sets: name -> (dyads it needs, rules).
RULE_SETS = {
    # peacesciencer's add_gml_mids() (data-raw/gml/gml_mid_ddydisps.R): unique onsets, highest
    # fatality (-9 as 0.5), highest hostility, longest mindur, then maxdur, reciprocated,
    # lowest start month, then the first row of GML's directed dispute file.
    "peacesciencer": (
        "gml",
        ("onset", "fatality_unknown_half", "hostlev", "mindur", "maxdur", "recip", "stmon",
         "file_order"),
    ),
}  # fmt: skip
DYADS = ("overlap", "gml")

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


def _rules(rules: Sequence[str] | str, dyads: str, source: str) -> tuple[list[str], str]:
    """Expand a rule-set name, check the rules against the dyads; return (rules, dyads)."""
    if dyads not in DYADS:
        raise InputError(f"mids: dyads must be one of {list(DYADS)}, not {dyads!r}")
    if dyads == "gml" and source != "gml":
        raise InputError("mids: dyads='gml' is GML's own directed dispute file; use source='gml'")
    named = [rules] if isinstance(rules, str) else list(rules)
    if len(named) == 1 and named[0] in RULE_SETS:
        needs, expanded = RULE_SETS[named[0]]
        if dyads != needs:
            raise InputError(f"mids: rules={named[0]!r} reproduces its publisher with dyads={needs!r}")
        return list(expanded), dyads
    chosen = check_rules(rules, RULES, "mids")
    if "file_order" in chosen and dyads != "gml":
        raise InputError("mids: rule 'file_order' needs dyads='gml' (the publisher's row order)")
    return chosen, dyads


def switched_both_sql(parts: str) -> str:
    """SQL: (dispnum, ccode, year) where a state had spells on both sides of a dispute."""
    return f"""SELECT dispnum, ccode, y::SMALLINT AS year
               FROM {parts}, range(year(start), year("end") + 1) t(y)
               GROUP BY ALL HAVING count(DISTINCT sidea) = 2"""


def dispute_dyad_years_sql(panel: Panel, source: str, dyads: str = "overlap") -> str:
    """SQL: every directed dispute dyad-year with participant and dispute-level columns."""
    sid = _source(source)
    disputes = panel.wh.view_name(sid, "disputes")
    cols = ", ".join(f"d.{c}" for c in (*DISPUTE_COLUMNS, "mindur", "maxdur", "stmon"))
    if dyads == "gml":
        ddy = panel.wh.view_name(sid, "dispute_dyad_years")
        carried = ", ".join(f"g.{c}{i}" for c in CARRY[source] for i in (1, 2))
        own = ", ".join(f"g.{c}" for c in (*DISPUTE_COLUMNS, "mindur", "maxdur", "stmon"))
        return f"""SELECT g.dispnum, g.ccode1 AS c1, g.ccode2 AS c2, g.year, g.midonset AS onset,
                          {carried}, {own}, g.row, d.start, d."end"
                   FROM {ddy} g JOIN {disputes} d ON d.dispnum = g.dispnum"""
    parts = panel.wh.view_name(sid, "participants")
    carry = [f"{c}::TINYINT AS {c}" for c in CARRY[source]]
    participants = f'(SELECT dispnum, ccode, sidea, start, "end", {", ".join(carry)} FROM {parts})'
    pairs = opposing_dyad_years_sql(participants, "dispnum", "sidea", CARRY[source])
    return f"""WITH sw AS ({switched_both_sql(parts)})
               SELECT y.* RENAME (event AS dispnum), {cols}, d.start, d."end"
               FROM ({pairs}) y JOIN {disputes} d ON d.dispnum = y.event
               LEFT JOIN sw s1 ON s1.dispnum = y.event AND s1.ccode = y.c1 AND s1.year = y.year
               LEFT JOIN sw s2 ON s2.dispnum = y.event AND s2.ccode = y.c2 AND s2.year = y.year
               WHERE s1.ccode IS NULL OR s2.ccode IS NULL"""  # not both switched that year


@step("mids", units=(STATE_YEAR, DYAD_YEAR), sources=lambda a, unit: (_source(a["source"]),))
def add_mids(
    panel: Panel,
    source: str = "gml",
    rules: Sequence[str] | str = DEFAULT_RULES,
    dyads: str = "overlap",
) -> str:
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
    rules: ``hiact`` (highest action), ``earliest`` (earliest start), ``fatality_unknown_half``,
    ``mindur``, ``maxdur``, ``recip``, ``stmon``, ``file_order``. ``rules="peacesciencer"`` (with
    ``dyads="gml"``) reproduces peacesciencer's ``add_gml_mids()``.

    ``dyads``: ``"overlap"`` (default: opposing spells that share a day) or ``"gml"`` (GML's own
    directed dispute dyad-years, paired by year; GML only). See the module docs.

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
    chosen, dyads = _rules(rules, dyads, source)
    inside = years_inside(sid)
    p = source

    def zero(expr: str, name: str, kind: str = "SMALLINT") -> str:
        return zero_inside(inside, expr, name, kind)

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
        WITH dy AS ({dispute_dyad_years_sql(panel, source, dyads)}),
        n AS (SELECT c1, c2, year, count(*) AS n, max(hostlev) AS maxhost FROM dy GROUP BY ALL),
        m AS (SELECT r.*, n.n, n.maxhost FROM ({reduced}) r JOIN n USING (c1, c2, year))
        SELECT p.*, {zero("(m.n > 0)::INT", f"{p}midongoing", TINY)},
               {zero("m.onset", f"{p}midonset", TINY)}, {zero("m.n", f"{p}mid_n", TINY)},
               m.maxhost::TINYINT AS {p}mid_maxhostlev, {kept}
        FROM ({panel.sql}) p
        LEFT JOIN m ON m.c1 = p._k1 AND m.c2 = p._k2 AND m.year = p.year"""
