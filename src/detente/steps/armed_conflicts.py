"""UCDP/PRIO armed conflicts (ACD 25.1) for state-years and dyad-years.

UCDP codes conflict-years (at least 25 battle-related deaths in the year) with the states on
side A (the government side) and side B as Gleditsch-Ward numbers; primary parties in
``gwno_a``/``gwno_b``, secondary warring parties (states that send troops to fight beside a
side) in ``gwno_a_2nd``/``gwno_b_2nd``. Codes become the panel's keys through
:mod:`detente.crosswalk` (G&W 260 is COW 255 from 1991, 678 is 679 from 1991, 340 is 345 ...).
An onset is the first year of a conflict episode (``start_date2``, when the current period of
activity reached 25 deaths). The columns follow peacesciencer's ``add_ucdp_acd()`` names.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..crosswalk import gw_to_cow_sql
from ..errors import InputError
from ..measures.reduce import pick_one_sql
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ._base import step
from ._domain import TINY, years_inside, zero_inside

UCDP = "ucdp-acd"
#: UCDP type_of_conflict codes by name
TYPES = {"extrasystemic": 1, "interstate": 2, "intrastate": 3, "internationalized": 4}
#: how one conflict is kept where a dyad-year holds several (then the lowest conflict id)
RULES = {"intensity": "intensity_level DESC", "onset": "onset DESC"}


def _types(types: Sequence[str] | None) -> list[int]:
    """UCDP type codes for the chosen type names (all four when None)."""
    chosen = list(TYPES) if types is None else [types] if isinstance(types, str) else list(types)
    bad = [t for t in chosen if t not in TYPES]
    if bad or not chosen:
        raise InputError(f"armed_conflicts: unknown conflict type(s) {bad}; choose from {list(TYPES)}")
    return [TYPES[t] for t in chosen]


def parties_sql(panel: Panel, types: Sequence[str] | None = None) -> str:
    """SQL: one row per (conflict, year, state): side A/B, primary or secondary, type, intensity, onset.

    ``ccode`` is the state's COW code (the panel key) that year.
    """
    src = panel.wh.view_name(UCDP, "conflicts")
    codes = ", ".join(str(t) for t in _types(types))
    roles = [
        ("A", True, "gwno_a"),
        ("A", False, "gwno_a_2nd"),
        ("B", True, "gwno_b"),
        ("B", False, "gwno_b_2nd"),
    ]
    parts = " UNION ALL ".join(
        f"""SELECT conflict_id, year, '{side}' AS side, {primary} AS is_primary,
                   unnest({col}) AS gw, type_of_conflict, intensity_level,
                   (year(start_date2) = year)::TINYINT AS onset
            FROM {src} WHERE type_of_conflict IN ({codes})"""
        for side, primary, col in roles
    )
    cow = gw_to_cow_sql(panel.wh.con, "k.gw", "k.year")
    return f"""
        WITH u AS ({parts}),
        k AS (SELECT DISTINCT gw, year FROM u),
        kc AS (SELECT k.gw, k.year, {cow} AS ccode FROM k)
        SELECT u.* EXCLUDE (gw), kc.ccode FROM u JOIN kc USING (gw, year)"""


@step("armed_conflicts", units=(STATE_YEAR, DYAD_YEAR), sources=(UCDP,))
def add_armed_conflicts(
    panel: Panel, types: Sequence[str] | None = None, secondary: bool = False
) -> str:
    """Add UCDP/PRIO armed conflicts (25+ battle deaths a year; 1946-2024; 0 inside, null outside).

    State-years: ``ucdpongoing`` (1 if the state is a party to an armed conflict that year),
    ``ucdponset`` (1 if an episode of such a conflict began that year), ``maxintensity`` (0 none,
    1 minor: 25-999 deaths, 2 war: 1,000+), ``ucdp_n`` (conflicts), by type ``ucdp_interstate_n``,
    ``ucdp_intrastate_n`` (intrastate and internationalized intrastate) and
    ``ucdp_extrasystemic_n``, and ``ucdp_secondary_n``: conflicts in which the state fought as a
    secondary warring party beside a side (always counted, whatever ``secondary`` says).

    Dyad-years: two states on opposing sides of one conflict-year: ``ucdpongoing``, ``ucdponset``,
    ``maxintensity``, ``ucdp_n`` and, for one conflict (highest intensity, then an onset, then the
    lowest id), ``ucdp_conflict_id`` and ``ucdp_type``. Interstate conflicts pair governments;
    other types pair states only through secondary parties (a state backing rebels against a
    government), so those need ``secondary=True``.

    ``types`` keeps some of extrasystemic, interstate, intrastate, internationalized (default all);
    ``secondary=True`` counts secondary warring parties as parties (by default only primary).

    >>> import detente
    >>> d = detente.dyad_years(years=(1991, 1991)).add_armed_conflicts(secondary=True).to_pandas()
    >>> int(d.query("ccode1 == 2 and ccode2 == 645").ucdp_conflict_id.iloc[0])  # the Gulf War
    371
    """
    inside = years_inside(UCDP)

    def zero(expr: str, name: str, kind: str = "SMALLINT") -> str:
        return zero_inside(inside, expr, name, kind)

    parties = parties_sql(panel, types)
    counted = "TRUE" if secondary else "is_primary"
    if panel.unit == STATE_YEAR:
        per_state = f"""
            SELECT ccode, year, count(DISTINCT conflict_id) FILTER ({counted}) AS n,
                   max(onset) FILTER ({counted}) AS onset,
                   max(intensity_level) FILTER ({counted}) AS intensity,
                   count(DISTINCT conflict_id) FILTER ({counted} AND type_of_conflict = 2) AS inter,
                   count(DISTINCT conflict_id) FILTER ({counted} AND type_of_conflict IN (3, 4))
                       AS intra,
                   count(DISTINCT conflict_id) FILTER ({counted} AND type_of_conflict = 1) AS extra,
                   count(DISTINCT conflict_id) FILTER (NOT is_primary) AS second
            FROM ({parties}) GROUP BY ccode, year"""
        cols = [
            zero("(c.n > 0)::INT", "ucdpongoing"), zero("c.onset", "ucdponset"),
            zero("c.intensity", "maxintensity"), zero("c.n", "ucdp_n"),
            zero("c.inter", "ucdp_interstate_n"), zero("c.intra", "ucdp_intrastate_n"),
            zero("c.extra", "ucdp_extrasystemic_n"), zero("c.second", "ucdp_secondary_n"),
        ]  # fmt: skip
        return f"""SELECT p.*, {", ".join(cols)} FROM ({panel.sql}) p
                   LEFT JOIN ({per_state}) c ON c.ccode = p._k AND c.year = p.year"""
    pairs = f"""
        WITH s AS (SELECT * FROM ({parties}) WHERE {counted}),
        cy AS (SELECT DISTINCT a.conflict_id, a.year, a.ccode AS c1, b.ccode AS c2,
                      a.type_of_conflict, a.intensity_level, a.onset
               FROM s a JOIN s b ON a.conflict_id = b.conflict_id AND a.year = b.year
                AND a.side <> b.side AND a.ccode <> b.ccode),
        n AS (SELECT c1, c2, year, count(*) AS n, max(onset) AS onset, max(intensity_level) AS mx
              FROM cy GROUP BY ALL),
        one AS ({pick_one_sql("cy", ["c1", "c2", "year"], list(RULES), RULES, "conflict_id")})
        SELECT n.*, one.conflict_id, one.type_of_conflict FROM n JOIN one USING (c1, c2, year)"""
    # opposing sides pair both ways, so the pairs hold both orders: directed or undirected alike
    return f"""
        SELECT p.*, {zero("(c.n > 0)::INT", "ucdpongoing", TINY)}, {zero("c.onset", "ucdponset", TINY)},
               {zero("c.mx", "maxintensity", TINY)}, {zero("c.n", "ucdp_n", TINY)},
               c.conflict_id::INTEGER AS ucdp_conflict_id, c.type_of_conflict::TINYINT AS ucdp_type
        FROM ({panel.sql}) p
        LEFT JOIN ({pairs}) c ON c.c1 = p._k1 AND c.c2 = p._k2 AND c.year = p.year"""
