"""International crises (ICB 15): crisis dyad-years from ICB's own dyadic file, actor counts for states.

Dyad-years come from ICB's dyadic file (Hewitt's crisis dyads, table ``dyads`` of ``icb-15``),
never from pairing actors ourselves: two states are in a crisis in year y if the file lists them
as a dyad of that crisis in y. The file lists each pair once (``statea < stateb``); directed
panels get both directions, undirected panels the one with ``code1 < code2``. Joins use the
panel's COW keys (``_k1``/``_k2``), so G&W panels get the same crises.

- A dyad's *onset* year is a year in which one of its spells is listed with ``ongoing = 0`` (the
  spell's first listed year). ICB lists 40 spells from the year after their start date (the year
  in which the second state becomes a crisis actor, e.g. USA-Iran in the hostage crisis 309 from
  1980, not November 1979) and stops 7 spells before their termination year; the listed years
  are kept as published.
- Where one crisis lists the pair in several spells in one year (6 cases, e.g. crisis 21, 1921,
  Hungary-Czechoslovakia in March and October), state 1's actor record is the one of its
  latest-starting spell that year in which it is a crisis actor.
- Actor-level columns are state 1's values (ICB2). State 1 may be in a crisis dyad without being
  a crisis actor that year (ICB's actor number 9999): then ``icb_actor1`` is 0 and its actor-level
  columns are null.
- Where a dyad-year holds several crises, one is kept by :data:`RULES`, applied in the order
  given, the lowest crisis number last. The rules rank crisis-level (ICB1) values, so both
  directions of a dyad keep the same crisis. ``icb_crisis``, ``icb_onset`` and ``icb_n`` never
  depend on the rules: they describe all the dyad-year's crises.

21 of ICB's crisis dyad-years up to 2016 involve a state outside the COW system that year (Canada
and Costa Rica-Nicaragua 1918-19, the occupied Netherlands 1941-42, Indonesia 1945-48, Croatia and
Slovenia 1991), so no COW dyad-year holds them; 34 more lie after 2016.

State-years: a state is in a crisis in every year from its own trigger (ICB2 start) to its
termination; West Irian I (161), whose termination year is unknown, counts in its trigger year.

Inside ICB's domain (the source's declared years) no crisis is 0; outside, every value is null.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..measures.reduce import check_rules, pick_one_sql
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ._base import step
from ._domain import years_inside, zero_inside

ICB = "icb-15"

#: Reduction rules: name -> ORDER BY expression over the candidate crises of one dyad-year.
RULES = {
    "onset": "onset DESC",  # a crisis that starts for the dyad this year before an ongoing one
    "violence": "viol DESC NULLS LAST",  # highest crisis violence (ICB1 VIOL, 1 none - 4 war)
    # gravest threat (ICB1 GRAVCR 0 economic - 6 existence); 7 ("other") ranks below 0
    "gravity": "(CASE WHEN gravcr = 7 THEN -1 ELSE gravcr END) DESC NULLS LAST",
    "duration": "date_diff('day', start, \"end\") DESC NULLS LAST",  # the longest crisis
    "earliest": "start ASC",  # the crisis triggered first
}
DEFAULT_RULES = ("onset", "violence", "gravity", "duration")

#: Actor-level (ICB2) columns: panel column -> ICB2 variable, state 1's value. Like the dyad-year
#: flags, the count icb_n and the crisis-level codes, TINYINT in panels: every ICB code lies in
#: 0-15 (checked on every row of ICB 15 in tests/steps/test_crises.py).
ACTOR_COLUMNS = {
    "icb_trigger": "triggr",
    "icb_gravity": "gravty",
    "icb_violence": "viol",
    "icb_crismg": "crismg",
    "icb_outcome": "outcom",
    "icb_outfor": "outfor",
    "icb_us": "usinv",
    "icb_su": "suinv",
    "icb_un": "globorg",
    "icb_un_act": "globact",
    "icb_ro": "regorg",
    "icb_ro_act": "regact",
}
#: Crisis-level (ICB1) columns: panel column -> SQL over the crisis row.
CRISIS_COLUMNS = {
    "icb_un_effect": "c.globefct",
    "icb_mediated": "CASE WHEN c.mediate = 4 THEN 1 WHEN c.mediate IN (1, 2, 3) THEN 0 END",
}


def crisis_dyad_years_sql(dyads: str, crises: str) -> str:
    """SQL: one row per (crisno, c1, c2, year), both directions, with the ranking columns.

    ``dyads`` is ICB's dyadic table, ``crises`` ICB1; c1/c2 are COW codes, cracno1/cracno2 the
    two states' actor numbers (null when not a crisis actor that year), onset 0/1.
    """
    side = "crisno, year, start, crdynum, ongoing"
    return f"""
        WITH spells AS (
            SELECT {side}, ccode_a AS c1, ccode_b AS c2, cracno_a AS cracno1, cracno_b AS cracno2
            FROM {dyads}
            UNION ALL
            SELECT {side}, ccode_b, ccode_a, cracno_b, cracno_a FROM {dyads}),
        cy AS (
            SELECT crisno, c1, c2, year, max((NOT ongoing)::TINYINT) AS onset,
                   arg_max(cracno1, (start, crdynum)) FILTER (WHERE cracno1 IS NOT NULL) AS cracno1,
                   arg_max(cracno2, (start, crdynum)) FILTER (WHERE cracno2 IS NOT NULL) AS cracno2
            FROM spells GROUP BY crisno, c1, c2, year)
        SELECT cy.*, c.viol, c.gravcr, c.start, c."end"
        FROM cy JOIN {crises} c USING (crisno)"""


def pick_crisis_sql(rows: str, rules: Sequence[str]) -> str:
    """SQL keeping one crisis per (c1, c2, year) of ``rows`` by ``rules``, the lowest crisno last."""
    return pick_one_sql(rows, ["c1", "c2", "year"], check_rules(rules, RULES, "crises"), RULES, "crisno")


def actor_years_sql(actors: str) -> str:
    """SQL: per (ccode, year) the crises the state is an actor in and those it entered that year."""
    return f"""
        SELECT ccode, y::SMALLINT AS year, count(DISTINCT crisno) AS n,
               count(DISTINCT crisno) FILTER (WHERE y = year(start)) AS onsets
        FROM {actors}, range(year(start), year(coalesce("end", start)) + 1) t(y)
        WHERE ccode IS NOT NULL
        GROUP BY ccode, y"""


@step("crises", units=(STATE_YEAR, DYAD_YEAR), sources=(ICB,))
def add_crises(panel: Panel, rules: Sequence[str] = DEFAULT_RULES) -> str:
    """Add ICB 15 crises: crisis dyad-years with one crisis's codes; actor counts for state-years.

    Dyad-years (ICB variables in parentheses; actor-level values are state 1's):

    - icb_crisis: 1 if the two states are an ICB crisis dyad that year (dyadic file).
    - icb_onset: 1 if one of the dyad's crises starts for the dyad that year (``ongoing`` = 0).
    - icb_n: number of crises the dyad is in that year (all of them, whatever the rules).
    - icb_crisno: the crisis kept (CRISNO); icb_actor1 / icb_actor2: 1 if state 1 / state 2 is a
      crisis actor in it that year (ACTNUMA/ACTNUMB not 9999).
    - icb_trigger (TRIGGR 1 verbal ... 9 violent act), icb_gravity (GRAVTY 0 economic ... 6
      existence, 7 other), icb_violence (VIOL 1 none, 2 minor clashes, 3 serious clashes, 4
      full-scale war), icb_crismg (CRISMG principal crisis-management technique, 1 negotiation
      ... 8 violence), icb_outcome (OUTCOM 1 victory, 2 compromise, 3 stalemate, 4 defeat, 5
      other), icb_outfor (OUTFOR form of outcome: 1-2 agreement, 3 tacit, 4-6 unilateral, 7
      compliance, 8-9 imposed, 10-14 other, 15 faded).
    - Third parties: icb_us / icb_su (USINV / SUINV: 1 not involved ... 8 direct military
      intervention, 9 crisis actor), icb_un (GLOBORG organ: 1 none existed, 2 no activity, 3
      general, 4 Secretary-General, 5 Assembly, 6 Council), icb_un_act (GLOBACT content, 1-15),
      icb_ro (REGORG organisation: 0 none existed, 1 no involvement, 2-14 which), icb_ro_act
      (REGACT content, 0-14); crisis-level icb_un_effect (ICB1 GLOBEFCT: 0 none existed, 1 no
      involvement, 2 escalated, 3 no contribution, 4 marginal, 5 important, 6 most important)
      and icb_mediated (1 if ICB1 MEDIATE is 4, mediation, MEDWHO naming the mediator; 0 for 1-3).

    ``rules`` picks the crisis when a dyad-year holds several, in order; default ``onset,
    violence, gravity, duration``: onsets first, then the highest crisis violence, then the
    gravest threat, then the longest crisis; the lowest crisis number breaks a tie. Other rule:
    ``earliest`` (earliest trigger). Rules rank crisis-level (ICB1) values.

    State-years: icb_crises (crises the state is an actor in that year) and icb_onsets (crises
    it entered as an actor that year).

    Inside ICB's domain (1918-2020) no crisis is 0 and the crisis columns are null; outside it
    every column is null. Dyad-year columns are TINYINT (icb_crisno SMALLINT), state-year counts
    SMALLINT. See docs/crises.md.

    >>> import detente
    >>> p = detente.dyad_years(years=(1962, 1962))  # doctest: +SKIP
    >>> p = p.add_crises(rules=["violence", "onset"])  # doctest: +SKIP
    """
    chosen = check_rules(rules, RULES, "crises")  # refuse unknown rules on every unit
    inside = years_inside(ICB)

    def zero(expr: str, name: str, kind: str = "SMALLINT") -> str:
        return zero_inside(inside, expr, name, kind)

    if panel.unit == STATE_YEAR:
        actors = panel.wh.view_name(ICB, "actors")
        return f"""SELECT p.*, {zero("s.n", "icb_crises")}, {zero("s.onsets", "icb_onsets")}
                   FROM ({panel.sql}) p
                   LEFT JOIN ({actor_years_sql(actors)}) s ON s.ccode = p._k AND s.year = p.year"""

    dyads = panel.wh.view_name(ICB, "dyads")
    crises = panel.wh.view_name(ICB, "crises")
    actors = panel.wh.view_name(ICB, "actors")
    kept = [
        "m.crisno::SMALLINT AS icb_crisno",
        *(
            f"CASE WHEN m.crisno > 0 THEN (m.cracno{i} IS NOT NULL) END::TINYINT AS icb_actor{i}"
            for i in (1, 2)
        ),
        *(f"a.{var}::TINYINT AS {name}" for name, var in ACTOR_COLUMNS.items()),
        *(f"({expr})::TINYINT AS {name}" for name, expr in CRISIS_COLUMNS.items()),
    ]
    return f"""
        WITH cy AS ({crisis_dyad_years_sql(dyads, crises)}),
        n AS (SELECT c1, c2, year, count(*) AS n, max(onset) AS onsets FROM cy GROUP BY ALL),
        m AS (SELECT r.*, n.n, n.onsets
              FROM ({pick_crisis_sql("cy", chosen)}) r JOIN n USING (c1, c2, year))
        SELECT p.*, {zero("(m.n > 0)::INT", "icb_crisis", "TINYINT")},
               {zero("m.onsets", "icb_onset", "TINYINT")}, {zero("m.n", "icb_n", "TINYINT")},
               {", ".join(kept)}
        FROM ({panel.sql}) p
        LEFT JOIN m ON m.c1 = p._k1 AND m.c2 = p._k2 AND m.year = p.year
        LEFT JOIN {crises} c ON c.crisno = m.crisno
        LEFT JOIN {actors} a ON a.cracno = m.cracno1"""
