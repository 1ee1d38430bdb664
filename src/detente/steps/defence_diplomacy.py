"""A defence-diplomacy index for directed dyad-years: state 1's defence ties with state 2.

A weighted mean of seven ties the project already measures, each scaled to [0, 1] by a fixed,
stated rule (:data:`COMPONENTS`), over the components observed for the dyad-year. A component
that is missing (outside its source's years, or a U.S.-only measure for a non-U.S. sender) is
left out and lowers ``dd_coverage`` (the share of the total weight observed); it never counts
as 0. Every choice is argued in docs/defence_diplomacy.md; the sensitivity check is
:func:`detente.measures.defence_diplomacy.leave_one_out`.

The components are computed by the registered steps on the keys of every directed dyad-year of
the panel's system and years, once per cache (so the panel may already hold those steps'
columns, and a panel of one pair costs a join), then joined on the panel.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..errors import InputError
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ._base import STEPS, step


def _log_cap(column: str, cap: float) -> str:
    """SQL: log(1 + x) / log(1 + cap), capped at 1 (0 stays 0, cap and above give 1; null stays null).

    DuckDB's least/greatest skip nulls, so the null case is written out.

    >>> _log_cap("n", 10)
    'CASE WHEN n IS NOT NULL THEN least(1.0, ln(1 + greatest(n, 0)) / 2.3978952727983707) END'
    """
    scaled = f"least(1.0, ln(1 + greatest({column}, 0)) / {math.log1p(cap)!r})"
    return f"CASE WHEN {column} IS NOT NULL THEN {scaled} END"


_ANY = "greatest(atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul)"

#: name -> (step, step parameters, SQL scaling the step's columns to [0, 1], what it measures)
COMPONENTS: dict[str, tuple[str, dict[str, Any], str, str]] = {
    "alliance": (
        "alliances",
        {},
        """CASE WHEN greatest(atop_defense, atop_offense) = 1 THEN 1.0
                WHEN greatest(atop_neutral, atop_nonagg) = 1 THEN 0.5
                WHEN atop_consul = 1 THEN 0.25 WHEN atop_defense IS NOT NULL THEN 0.0 END""",
        "ATOP obligation: 1 defence/offence, 0.5 neutrality/non-aggression, 0.25 consultation",
    ),
    "provisions": (
        "alliances",
        {},  # filled per provision below
        "",
        "ATOP provisions: share of integrated command, basing and military contact in force",
    ),
    "exercises": (
        "exercises",
        {"source": "mme"},
        _log_cap("mme_exercises", 10),
        "MME joint exercises both took part in: log(1+n)/log(11), capped at 1",
    ),
    "arms": (
        "arms_transfers",
        {},
        _log_cap("arms_tiv", 1000),
        "SIPRI TIV delivered by state 1 to state 2 (millions): log(1+tiv)/log(1001), capped at 1",
    ),
    "us_presence": (
        "troops_abroad",
        {},
        f"""greatest({_log_cap("us_troops", 10000)},
                     CASE WHEN us_milcon_sites > 0 THEN 0.5 WHEN us_milcon_sites = 0 THEN 0.0 END)""",
        "U.S. troops in state 2 (log(1+n)/log(10001), capped) or 0.5 with U.S. military "
        "construction there; U.S. senders only",
    ),
    "visits": (
        "visits",
        {},
        _log_cap("us_visits", 5),
        "U.S. service secretaries' and commanders' visits: log(1+n)/log(6), capped; U.S. only",
    ),
    "un_votes": (
        "similarity",
        {"source": "unvotes", "measures": ["s_unweighted"]},
        "(unvote_s + 1) / 2",
        "UN General Assembly voting similarity S (unweighted), rescaled from [-1, 1]",
    ),
}
PROVISIONS = ("integrated_command", "basing", "military_contact")
#: components observed for U.S. senders only; the others exist for every dyad (dd_core uses them)
US_ONLY = ("us_presence", "visits")
#: dd_core at or above this is a strong tie (state-year dd_ties)
STRONG = 0.5
#: default weights: equal (see docs/defence_diplomacy.md)
WEIGHTS = {name: 1.0 for name in COMPONENTS}


def _weights(leave_out: Sequence[str] | str | None) -> dict[str, float]:
    """The component weights with ``leave_out`` set to 0 (for sensitivity checks)."""
    left = [leave_out] if isinstance(leave_out, str) else list(leave_out or [])
    bad = [c for c in left if c not in COMPONENTS]
    if bad:
        raise InputError(
            f"defence_diplomacy: unknown component(s) {bad}; choose from {list(COMPONENTS)}"
        )
    if len(set(left)) == len(COMPONENTS):
        raise InputError("defence_diplomacy: cannot leave every component out")
    return {c: (0.0 if c in left else w) for c, w in WEIGHTS.items()}


def _sources(params: dict[str, Any], unit: str) -> tuple[str, ...]:
    out: list[str] = []
    for name, (step_name, step_params, _, _) in COMPONENTS.items():
        if name not in (params.get("leave_out") or []):
            out.extend(STEPS[step_name].sources_for(step_params, unit))
    return tuple(dict.fromkeys(out))


def components_sql(panel: Panel, leave_out: Sequence[str] = ()) -> str:
    """SQL: the panel's keys with one scaled column ``dd_<component>`` per component kept."""
    keys = [*panel.codes, "year", "_k1", "_k2"]
    kp = replace(panel, sql=f"SELECT {', '.join(keys)} FROM ({panel.sql})")
    kept = list(keys)
    for name, (step_name, params, expr, _) in COMPONENTS.items():
        if name in leave_out:
            continue
        if name == "provisions":
            parts = []
            for prov in PROVISIONS:
                sql = STEPS["alliances"].function(kp, provisions=[prov])
                kp = replace(kp, sql=f"SELECT {', '.join(kept)}, {_ANY} AS _p_{prov} FROM ({sql})")
                kept.append(f"_p_{prov}")
                parts.append(f"_p_{prov}")
            expr = f"({' + '.join(parts)}) / {len(parts)}.0"
            cols = [c for c in kept if not c.startswith("_p_")]
            kp = replace(
                kp, sql=f"SELECT {', '.join(cols)}, ({expr})::DOUBLE AS dd_{name} FROM ({kp.sql})"
            )
            kept = [*cols, f"dd_{name}"]
            continue
        sql = STEPS[step_name].function(kp, **params)
        kp = replace(kp, sql=f"SELECT {', '.join(kept)}, ({expr})::DOUBLE AS dd_{name} FROM ({sql})")
        kept.append(f"dd_{name}")
    return kp.sql


def components_table(panel: Panel, leave_out: Sequence[str] = ()) -> str:
    """Compute (once per cache: ``Warehouse.stored``) the components of every directed dyad-year
    of the panel's system and years, keyed by COW codes (_k1, _k2, year); return the view's name.

    A panel of one pair (the dashboard's dyad page) then costs a join, and the state-year
    summaries and every dyad page of one process share one computation.
    """
    from ..universe import dyad_years

    left = sorted(set(leave_out))
    key = f"{panel.system.name}|{panel.years[0]}-{panel.years[1]}|{','.join(left)}"
    name = "_detente_dd_" + hashlib.sha256(key.encode()).hexdigest()[:12]

    def compute() -> str:
        universe = dyad_years(panel.system.name, directed=True, years=panel.years, warehouse=panel.wh)
        cols = ", ".join(f"any_value(dd_{c}) AS dd_{c}" for c in COMPONENTS if c not in left)
        return f"SELECT _k1, _k2, year, {cols} FROM ({components_sql(universe, left)}) GROUP BY ALL"

    return panel.wh.stored(name, compute)  # a view: streaming cursors see it too


@step("defence_diplomacy", units=(STATE_YEAR, DYAD_YEAR), sources=_sources)
def add_defence_diplomacy(
    panel: Panel, leave_out: Sequence[str] | None = None, min_coverage: float = 0.0
) -> str:
    """Add the defence-diplomacy index of state 1 toward state 2 (directed dyad-years).

    - dd_<component>: each tie scaled to [0, 1]: dd_alliance, dd_provisions, dd_exercises,
      dd_arms, dd_us_presence, dd_visits, dd_un_votes (null where the component is not observed;
      rules in docs/defence_diplomacy.md);
    - dd_index: the equally weighted mean of the observed components (0 to 1);
    - dd_core: the same mean over the five components every sender can have (all but the U.S.-only
      dd_us_presence and dd_visits), comparable across all dyads;
    - dd_coverage: the share of the seven components observed (a missing component lowers it
      and is never counted as 0); dd_index is null when dd_coverage < ``min_coverage``.

    ``leave_out`` drops components (their weight becomes 0 and their column is not added): the
    sensitivity check in the docs compares the index with and without each.

    State-years summarise the state as state 1 (for maps and timelines): dd_ties, the number of
    states toward which its dd_core is at least :data:`STRONG` (0.5), and dd_max, its highest
    dd_core toward any state (null when no partner has one).

    The components are computed once per cache for every dyad-year of the panel's system and
    years (:func:`components_table`; a few seconds for COW 1816-2016) and joined on the panel.

    >>> import detente
    >>> d = detente.dyad_years(years=(2005, 2005)).add_defence_diplomacy().to_pandas()
    >>> r = d.query("ccode1 == 2 and ccode2 == 740").iloc[0]  # United States -> Japan
    >>> round(float(r.dd_coverage), 3), bool(r.dd_index > 0.6)
    (1.0, True)
    """
    if panel.unit == DYAD_YEAR and panel.directed is False:
        raise InputError("defence_diplomacy: the index is directed; build dyad_years(directed=True)")
    try:  # the CLI and HTTP pass text
        min_coverage = float(min_coverage)
    except (TypeError, ValueError):
        raise InputError(f"defence_diplomacy: min_coverage={min_coverage!r} is not a number") from None
    if not 0 <= min_coverage <= 1:
        raise InputError(f"defence_diplomacy: min_coverage must lie in [0, 1], not {min_coverage}")
    weights = _weights(leave_out)
    kept = [c for c, w in weights.items() if w > 0]
    core = [c for c in kept if c not in US_ONLY]
    table = components_table(panel, [c for c in COMPONENTS if c not in kept])
    core_col = _mean(core, weights, 0.0, "dd_core") if core else "NULL::DOUBLE AS dd_core"
    if panel.unit == STATE_YEAR:
        return f"""
            WITH c AS (SELECT _k1, year, {core_col} FROM {table} c),
            d AS (SELECT _k1, year, count(*) FILTER (WHERE dd_core >= {STRONG!r}) AS ties,
                         max(dd_core) AS top, count(dd_core) AS n
                  FROM c GROUP BY _k1, year)
            SELECT p.*, CASE WHEN d.n > 0 THEN d.ties END::SMALLINT AS dd_ties,
                   d.top::DOUBLE AS dd_max
            FROM ({panel.sql}) p LEFT JOIN d ON d._k1 = p._k AND d.year = p.year"""
    return f"""
        SELECT p.*, {", ".join(f"c.dd_{k}" for k in kept)},
               {_mean(kept, weights, min_coverage, "dd_index")}, {core_col},
               {_coverage(kept, weights)} AS dd_coverage
        FROM ({panel.sql}) p
        LEFT JOIN {table} c ON c._k1 = p._k1 AND c._k2 = p._k2 AND c.year = p.year"""


def _coverage(kept: Sequence[str], weights: dict[str, float]) -> str:
    """SQL: the share of the weight of ``kept`` whose component is observed."""
    seen = " + ".join(f"{weights[c]!r} * (c.dd_{c} IS NOT NULL)::INT" for c in kept)
    return f"(({seen}) / {sum(weights[c] for c in kept)!r})::DOUBLE"


def _mean(kept: Sequence[str], weights: dict[str, float], min_coverage: float, name: str) -> str:
    """SQL column ``name``: the weighted mean of the observed components among ``kept``."""
    seen = " + ".join(f"{weights[c]!r} * (c.dd_{c} IS NOT NULL)::INT" for c in kept)
    summed = " + ".join(f"{weights[c]!r} * coalesce(c.dd_{c}, 0)" for c in kept)
    cov = _coverage(kept, weights)
    return f"""CASE WHEN ({seen}) > 0 AND {cov} >= {float(min_coverage)!r}
                    THEN ({summed}) / ({seen}) END::DOUBLE AS {name}"""
