"""Cyber incidents (DCID 2.0) as directed dyad-years, initiator (state 1) -> target (state 2).

Source: the incident sheet of the Dyadic Cyber Incident and Campaign Data 2.0 (February 2023
update; ``dcid-cyber`` table ``incidents``). Every DCID incident is state-initiated or explicitly
state-sanctioned (the codebook codes no non-state initiator), so each is state-sponsored by
construction; a third party's part in the initiation is flagged separately.

- The sheet names the initiator (COW code) and the dyad (``dyad_pair``: the two COW codes written
  one after the other, lower first); the target is the dyad's other state. Four incidents name
  an initiator outside their dyad (291 and 292, Iran in the Turkey-Iraq and Turkey-Syria pairs;
  309, North Korea in the China-South Korea pair; 331, Pakistan in the China-India pair): their
  direction is unknown and they are left out (425 of 429 incidents remain).
- An incident belongs to the year it starts (onset); ``dcid_active`` counts the incidents whose
  start-to-end span touches the year (an end before the start, incidents 236-237, counts as the
  start).
- Several incidents in one dyad-year are reduced to one by :data:`RULES` (applied in order, the
  lowest incident number last) for the kept incident's method and objective; counts describe all.
- Domain: the source's years (2000-2021) and, by default, DCID's dyads. DCID codes rival dyads
  (Klein, Diehl & Goertz 2006 enduring rivals, Thompson 2001 strategic rivals, plus a few dyads
  with heavy cyber interaction) but does not publish that list; ``universe="recorded"`` takes the
  37 dyads with at least one (directable) incident, in both directions, as DCID's universe: 0
  there when nothing happened, null for every other dyad. ``universe="all"`` gives 0 to every
  dyad inside the years.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import InputError
from ..measures.reduce import check_rules, pick_one_sql
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ..registry import get_source
from ..warehouse import Warehouse
from ._base import step
from ._domain import zero_inside

DCID = "dcid-cyber"

#: DCID method codes (codebook, "Methods of cyber incidents"); decimals refine infiltrations
METHODS = {1: "vandalism", 2: "dos", 3: "intrusion", 4: "infiltration"}
#: DCID cyber_objective codes (codebook, "Coercive objectives for initiators")
OBJECTIVES = {1: "disruption", 2: "espionage_short", 3: "espionage_long", 4: "degradation"}

#: Reduction rules: name -> ORDER BY expression over the candidate incidents of one dyad-year.
RULES = {
    "severity": "severity DESC NULLS LAST",  # the most severe incident (0-10 scale)
    "objective": "cyber_objective DESC NULLS LAST",  # degradation, then long/short espionage, disruption
    "method": "method DESC NULLS LAST",  # infiltration, intrusion, denial of service, vandalism
    "duration": "date_diff('day', start_date, greatest(start_date, end_date)) DESC",  # the longest
    "earliest": "start_date ASC",  # the incident that started first
}
DEFAULT_RULES = ("severity", "earliest")
UNIVERSES = ("recorded", "all")


def incidents_sql(wh: Warehouse) -> str:
    """SQL: one row per directed incident (incident_num, c1 initiator, c2 target, year, codes).

    The target is read from ``dyad_pair``: the digits left when the initiator's code is taken off
    its front (initiator = lower code) or its back (initiator = higher code). Incidents whose
    initiator is not in their dyad get no target and are dropped.
    """
    i = wh.view_name(DCID, "incidents")
    pair, ini = "dyad_pair::VARCHAR", "initiator_ccode::VARCHAR"
    rest = f"substr({pair}, length({ini}) + 1)"
    tail = f"TRY_CAST({rest} AS INTEGER)"
    head = f"TRY_CAST(left({pair}, length({pair}) - length({ini})) AS INTEGER)"
    target = f"""CASE WHEN starts_with({pair}, {ini}) AND NOT starts_with({rest}, '0')
                           AND {tail} > initiator_ccode THEN {tail}
                      WHEN ends_with({pair}, {ini}) AND {head} < initiator_ccode THEN {head} END"""
    return f"""
        SELECT * FROM (
            SELECT incident_num, initiator_ccode AS c1, ({target})::SMALLINT AS c2,
                   year(start_date)::SMALLINT AS year,
                   year(greatest(start_date, coalesce(end_date, start_date)))::SMALLINT AS end_year,
                   start_date, end_date, method, cyber_objective, severity, target_type,
                   third_party_initiator
            FROM {i})
        WHERE c2 IS NOT NULL"""


def _universe(universe: str) -> str:
    if universe not in UNIVERSES:
        raise InputError(f"cyber: unknown universe {universe!r}; choose from {list(UNIVERSES)}")
    return universe


@step("cyber", units=(STATE_YEAR, DYAD_YEAR), sources=(DCID,))
def add_cyber(panel: Panel, rules: Sequence[str] = DEFAULT_RULES, universe: str = "recorded") -> str:
    """Add DCID 2.0 cyber incidents: initiator (state 1) -> target (state 2) dyad-years.

    Dyad-years (incidents started that year unless said otherwise):

    - dcid_n: incidents state 1 initiated against state 2; dcid_active: incidents under way
      (start to end touching the year).
    - dcid_severity: highest severity (0 no cyber activity, 1 probing, 2 harassment/DDoS, 3 theft
      from one network, 4 widespread intrusion, 5 attempted destruction, 6 widespread destruction,
      7 minimal death, 8 economic disruption, 9 critical infrastructure destruction, 10 massive
      death); 0 in a covered dyad-year without incidents.
    - dcid_third_party: 1 if a third party (state, rebel group, company) took part in initiating
      one of them. Every DCID incident is state-sponsored by construction.
    - Method counts (DCID ``method``, integer part): dcid_vandalism (1, defacement), dcid_dos (2,
      denial of service), dcid_intrusion (3, trojans, backdoors, spear phishing), dcid_infiltration
      (4, logic bombs/wipers 4.1, viruses 4.2, worms 4.3, keystroke logging 4.4).
    - Objective counts (``cyber_objective``): dcid_disruption (1), dcid_espionage_short (2),
      dcid_espionage_long (3), dcid_degradation (4).
    - The incident kept by ``rules``: dcid_incident (DCID number), dcid_method (its exact code,
      e.g. 4.2), dcid_objective (1-4); null without incidents. Default rules ``severity,
      earliest``: the most severe, then the first to start, then the lowest number. Other rules:
      ``objective`` (highest objective code), ``method`` (highest method code), ``duration``.

    Undirected dyads count both directions. State-years: dcid_initiated and dcid_targeted
    (incidents started that year with the state as initiator / target).

    Null outside DCID's 2000-2021 and, with ``universe="recorded"`` (default), outside DCID's
    dyads (the 37 dyads with an incident; for states, the states in them); ``universe="all"``
    gives 0 everywhere inside the years. Dyad-year counts and codes are TINYINT (dcid_incident
    SMALLINT, dcid_method DOUBLE), state-year counts SMALLINT.

    >>> import detente
    >>> p = detente.dyad_years(years=(2014, 2014)).add_cyber().to_pandas()
    >>> p.query("ccode1 == 731 and ccode2 == 2")[["dcid_n", "dcid_severity"]].values.tolist()
    [[1, 4]]
    """
    chosen = check_rules(rules, RULES, "cyber")
    everywhere = _universe(universe) == "all"
    lo, hi = get_source(DCID).years
    events = incidents_sql(panel.wh)
    pairs = f"SELECT DISTINCT least(c1, c2) AS a, greatest(c1, c2) AS b FROM ({events})"
    if panel.unit == STATE_YEAR:
        known = "TRUE" if everywhere else "u.c IS NOT NULL"
        inside = f"p.year BETWEEN {lo} AND {hi} AND {known}"
        return f"""
            WITH ev AS ({events}), pairs AS ({pairs}),
            s AS (SELECT c, year, sum(i) AS initiated, sum(t) AS targeted FROM (
                      SELECT c1 AS c, year, 1 AS i, 0 AS t FROM ev
                      UNION ALL SELECT c2, year, 0, 1 FROM ev) GROUP BY c, year)
            SELECT p.*,
                   {zero_inside(inside, "s.initiated", "dcid_initiated")},
                   {zero_inside(inside, "s.targeted", "dcid_targeted")}
            FROM ({panel.sql}) p
            LEFT JOIN s ON s.c = p._k AND s.year = p.year
            LEFT JOIN (SELECT a AS c FROM pairs UNION SELECT b FROM pairs) u ON u.c = p._k"""

    if panel.directed:
        ev = events
        k1, k2 = "p._k1", "p._k2"
    else:  # both directions on one row, keyed by the lower and higher COW code
        ev = f"SELECT * REPLACE (least(c1, c2) AS c1, greatest(c1, c2) AS c2) FROM ({events})"
        k1, k2 = "least(p._k1, p._k2)", "greatest(p._k1, p._k2)"
    known = "TRUE" if everywhere else "u.a IS NOT NULL"
    inside = f"p.year BETWEEN {lo} AND {hi} AND {known}"
    counts = [
        "count(*) AS n",
        "max(severity) AS severity",
        "max(third_party_initiator) AS third_party",
        *(f"count(*) FILTER (WHERE floor(method) = {c}) AS {m}" for c, m in METHODS.items()),
        *(f"count(*) FILTER (WHERE cyber_objective = {c}) AS {o}" for c, o in OBJECTIVES.items()),
    ]

    def zero(expr: str, name: str) -> str:  # TINYINT: a pair-year has at most 18 active incidents
        return zero_inside(inside, expr, name, "TINYINT")

    cols = [
        zero("n.n", "dcid_n"),
        zero("a.n", "dcid_active"),
        zero("n.severity", "dcid_severity"),
        zero("n.third_party", "dcid_third_party"),
        *(zero(f"n.{m}", f"dcid_{m}") for m in METHODS.values()),
        *(zero(f"n.{o}", f"dcid_{o}") for o in OBJECTIVES.values()),
        "k.incident_num::SMALLINT AS dcid_incident",
        "k.method::DOUBLE AS dcid_method",
        "k.cyber_objective::TINYINT AS dcid_objective",
    ]
    kept = pick_one_sql("ev", ["c1", "c2", "year"], chosen, RULES, "incident_num")
    return f"""
        WITH ev AS ({ev}), pairs AS ({pairs}),
        n AS (SELECT c1, c2, year, {", ".join(counts)} FROM ev GROUP BY c1, c2, year),
        a AS (SELECT c1, c2, y AS year, count(*) AS n
              FROM ev, range(year, end_year + 1) t(y) GROUP BY c1, c2, y),
        k AS ({kept})
        SELECT p.*, {", ".join(cols)}
        FROM ({panel.sql}) p
        LEFT JOIN n ON n.c1 = {k1} AND n.c2 = {k2} AND n.year = p.year
        LEFT JOIN a ON a.c1 = {k1} AND a.c2 = {k2} AND a.year = p.year
        LEFT JOIN k ON k.c1 = {k1} AND k.c2 = {k2} AND k.year = p.year
        LEFT JOIN pairs u ON u.a = least(p._k1, p._k2) AND u.b = greatest(p._k1, p._k2)"""
