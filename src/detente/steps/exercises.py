"""Joint military exercises (MME 1980-2010 or JME 1974-2010) for state-years and dyad-years.

Sources: ``mme-7`` (Multinational Military Exercises v7, D'Orazio & Galambos 2021) or ``jme-3``
(D'Orazio's Joint Military Exercises coding sheet), tables ``exercises`` and ``participants``.

- An exercise belongs to the year it starts (MME ``s.year``; JME ``year``, see the source's
  quirks). Four MME exercises run into the next year; they count in their first year only.
- A state took part when a participant entry maps to its COW code in that year (CLDR names for
  MME, ISO3 codes for JME, through ``detente.codes``). Entries that are no state (``-9``
  unknown participants, NATO, territories) never make a state a participant, but they are listed
  participants: an exercise of the United States, Thailand and ``-9`` has a third party.
- ``focus`` (MME only: warfighting, peacekeeping, humanitarian) and ``domain`` (MME: cpx, air,
  land, sea, amphibious, cyber; JME: ftx, cpx, where "both" counts for each) keep the exercises
  with any of the named flags; the flags are not exclusive (see docs/exercises.md).
- Domain: the source's years (MME 1980-2010, JME 1974-2010): 0 inside when a state or dyad had no
  exercise, null outside; shares and the largest exercise are null without an exercise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import InputError
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ..systems import SYSTEMS, spell_years_sql, state_years_sql
from ..warehouse import Warehouse
from ._base import step
from ._domain import years_inside, zero_inside

SOURCES = {"mme": "mme-7", "jme": "jme-3"}
#: focus flags (MME columns); JME codes no focus
FOCUS = ("warfighting", "peacekeeping", "humanitarian")
#: domain flags: SQL condition on the exercises table, per source
DOMAINS = {
    "mme": {d: d for d in ("cpx", "air", "land", "sea", "amphibious", "cyber")},
    "jme": {"ftx": "type IN ('FTX', 'both')", "cpx": "type IN ('CPX', 'both')"},
}


def _source(source: str) -> str:
    if source not in SOURCES:
        raise InputError(f"exercises: unknown source {source!r}; choose from {list(SOURCES)}")
    return source


def _flags(
    values: Sequence[str] | str | None, allowed: Sequence[str], what: str, source: str
) -> list[str]:
    """Validate a focus/domain choice (one name or a list); return the chosen names."""
    if values is None:
        return []
    chosen = [values] if isinstance(values, str) else list(values)
    bad = [v for v in chosen if v not in allowed]
    if bad:
        known = list(allowed) or "none (this source codes no focus)"
        raise InputError(f"exercises: {what} {bad} not coded by {source}; choose from {known}")
    return chosen


def exercises_sql(
    wh: Warehouse,
    source: str = "mme",
    focus: Sequence[str] | str | None = None,
    domain: Sequence[str] | str | None = None,
) -> str:
    """SQL: the chosen exercises, one row each: exercise_id, year, name, n_listed.

    >>> import detente
    >>> wh = detente.configure(mirror="../shared/data")
    >>> wh.con.sql(f"SELECT count(*) FROM ({exercises_sql(wh, 'mme')}) WHERE year = 1980").fetchall()
    [(67,)]
    """
    _source(source)
    year = "start_year" if source == "mme" else "year"
    cond = [f"{year} IS NOT NULL"]
    focus_on = _flags(focus, FOCUS if source == "mme" else (), "focus", source)
    domain_on = _flags(domain, list(DOMAINS[source]), "domain", source)
    if focus_on:
        cond.append("(" + " OR ".join(focus_on) + ")")
    if domain_on:
        cond.append("(" + " OR ".join(f"({DOMAINS[source][d]})" for d in domain_on) + ")")
    view = wh.view_name(SOURCES[source], "exercises")
    return f"""SELECT exercise_id, {year}::SMALLINT AS year, name, n_listed FROM {view}
               WHERE {" AND ".join(cond)}"""


def participation_sql(wh: Warehouse, source: str = "mme", **filters: Any) -> str:
    """SQL: one row per chosen exercise and participating state (exercise_id, year, ccode, ...)."""
    ex = exercises_sql(wh, source, **filters)
    parts = wh.view_name(SOURCES[source], "participants")
    return f"""SELECT DISTINCT e.exercise_id, e.year, p.ccode, e.name, e.n_listed
               FROM ({ex}) e JOIN {parts} p USING (exercise_id) WHERE p.kind = 'state'"""


def participants_sql(wh: Warehouse, source: str = "mme") -> str:
    """SQL: every participant entry of every exercise with its COW and G&W codes in the year.

    Columns: exercise_id, year, name (exercise), slot, as_written, ccode, gwcode, kind, note.
    The G&W code is the G&W member whose COW key is ``ccode`` that year (null for a COW state
    G&W does not list then, e.g. West Germany in 1990, and for entries that are no state).
    """
    src = SOURCES[_source(source)]
    year = "start_year" if source == "mme" else "year"
    gw = state_years_sql(spell_years_sql(wh, SYSTEMS["gw"], SYSTEMS["gw"].years, False))
    e, p = wh.view_name(src, "exercises"), wh.view_name(src, "participants")
    return f"""WITH g AS (SELECT _k, year, min(code) AS gwcode FROM ({gw}) GROUP BY _k, year)
            SELECT p.exercise_id, e.{year}::SMALLINT AS year, e.name, p.slot, p.as_written,
                   p.ccode, g.gwcode::SMALLINT AS gwcode, p.kind, p.note
            FROM {p} p JOIN {e} e USING (exercise_id)
            LEFT JOIN g ON g._k = p.ccode AND g.year = e.{year}"""


def _sources(params: dict[str, Any], unit: str) -> tuple[str, ...]:
    return (SOURCES[_source(params["source"])],)


@step("exercises", units=(STATE_YEAR, DYAD_YEAR), sources=_sources)
def add_exercises(
    panel: Panel,
    source: str = "mme",
    focus: Sequence[str] | None = None,
    domain: Sequence[str] | None = None,
) -> str:
    """Add joint military exercises from MME (``source="mme"``, 1980-2010) or JME (``"jme"``, 1974-2010).

    Columns are prefixed by the source (``mme_`` or ``jme_``), so both can sit in one panel.
    State-years (exercises started that year that the state took part in):

    - <src>_exercises: exercises; <src>_bilateral: those with exactly two listed participants;
      <src>_multilateral: those with three or more (unknown participants and non-states count as
      listed participants); <src>_partners: distinct other states met in them.

    Dyad-years (exercises both states took part in; the same value in both directions):

    - <src>_exercises: exercises; <src>_third_share: the share with a third participant present
      (null without exercises); <src>_largest: participants listed in the largest of them, and
      <src>_largest_id / <src>_largest_name its exercise_id and name (ties: the lowest id).

    ``focus`` (MME: warfighting, peacekeeping, humanitarian) and ``domain`` (MME: cpx, air, land,
    sea, amphibious, cyber; JME: ftx, cpx) keep exercises with any of the named flags. Null
    outside the source's years; 0 inside without exercises.

    >>> import detente
    >>> d = detente.dyad_years(years=(2010, 2010)).add_exercises().to_pandas()
    >>> r = d.query("ccode1 == 2 and ccode2 == 800").iloc[0]  # United States - Thailand
    >>> int(r.mme_exercises), int(r.mme_largest), r.mme_largest_name
    (5, 24, 'Angkor Sentinel 2010')
    """
    src = _source(source)
    part = participation_sql(panel.wh, src, focus=focus, domain=domain)
    inside = years_inside(SOURCES[src])
    if panel.unit == STATE_YEAR:
        cols = [
            zero_inside(inside, "s.n", f"{src}_exercises"),
            zero_inside(inside, "s.bi", f"{src}_bilateral"),
            zero_inside(inside, "s.multi", f"{src}_multilateral"),
            zero_inside(inside, "m.partners", f"{src}_partners"),
        ]
        return f"""
            WITH x AS ({part}),
            s AS (SELECT ccode, year, count(*) AS n, count(*) FILTER (WHERE n_listed = 2) AS bi,
                         count(*) FILTER (WHERE n_listed > 2) AS multi
                  FROM x GROUP BY ccode, year),
            m AS (SELECT a.ccode, a.year, count(DISTINCT b.ccode) AS partners
                  FROM x a JOIN x b ON a.exercise_id = b.exercise_id AND a.ccode <> b.ccode
                  GROUP BY a.ccode, a.year)
            SELECT p.*, {", ".join(cols)}
            FROM ({panel.sql}) p
            LEFT JOIN s ON s.ccode = p._k AND s.year = p.year
            LEFT JOIN m ON m.ccode = p._k AND m.year = p.year"""
    cols = [
        zero_inside(inside, "d.n", f"{src}_exercises"),
        f"CASE WHEN {inside} AND d.n > 0 THEN d.third / d.n END::DOUBLE AS {src}_third_share",
        f"CASE WHEN {inside} THEN d.largest END::TINYINT AS {src}_largest",
        f"CASE WHEN {inside} THEN d.largest_id END::SMALLINT AS {src}_largest_id",
        f"CASE WHEN {inside} THEN d.largest_name END AS {src}_largest_name",
    ]
    return f"""
        WITH x AS ({part}),
        d AS (SELECT a.ccode AS c1, b.ccode AS c2, a.year, count(*) AS n,
                     count(*) FILTER (WHERE a.n_listed > 2) AS third,
                     max(a.n_listed) AS largest,
                     arg_min(a.exercise_id, (-a.n_listed, a.exercise_id)) AS largest_id,
                     arg_min(a.name, (-a.n_listed, a.exercise_id)) AS largest_name
              FROM x a JOIN x b ON a.exercise_id = b.exercise_id AND a.ccode <> b.ccode
              GROUP BY a.ccode, b.ccode, a.year)
        SELECT p.*, {", ".join(cols)}
        FROM ({panel.sql}) p
        LEFT JOIN d ON d.c1 = p._k1 AND d.c2 = p._k2 AND d.year = p.year"""


# -- MME and JME side by side ----------------------------------------------------------------

#: the name key: lower case letters only (years, numbers, spaces and punctuation dropped)
NAME_KEY = "nullif(regexp_replace(lower(coalesce({x}, '')), '[^a-z]', '', 'g'), '')"


def match_sources_sql(wh: Warehouse) -> str:
    """SQL: MME-JME record pairs that describe the same exercise (mme_id, jme_id, rule, ...).

    Rule (docs/exercises.md): same start year, at least one participating state in common, and
    either the same name key (letters only, so ``Cobra Gold 82`` = ``COBRA GOLD 1982``) or, when
    both months are known, start months at most one apart with a Jaccard similarity of the state
    sets of at least 0.5.
    """
    parts = {}
    for src in SOURCES:
        x = participation_sql(wh, src)
        states = "list(DISTINCT ccode ORDER BY ccode) AS states"
        parts[src] = f"SELECT exercise_id, year, {states} FROM ({x}) GROUP BY ALL"
    m, j = wh.view_name("mme-7", "exercises"), wh.view_name("jme-3", "exercises")
    return f"""
        WITH ms AS ({parts["mme"]}), js AS ({parts["jme"]}),
        a AS (SELECT e.exercise_id, e.start_year AS year, e.start_month AS month, e.name,
                     {NAME_KEY.format(x="e.name")} AS k, s.states
              FROM {m} e JOIN ms s USING (exercise_id)),
        b AS (SELECT e.exercise_id, e.year, e.start_month AS month, e.name,
                     {NAME_KEY.format(x="coalesce(e.trimmed_name, e.name)")} AS k, s.states
              FROM {j} e JOIN js s USING (exercise_id)),
        pairs AS (
            SELECT a.exercise_id AS mme_id, b.exercise_id AS jme_id, a.year, a.name AS mme_name,
                   b.name AS jme_name, a.month AS mme_month, b.month AS jme_month,
                   len(list_intersect(a.states, b.states)) AS shared,
                   len(a.states) AS mme_states, len(b.states) AS jme_states,
                   len(list_intersect(a.states, b.states))
                     / len(list_distinct(list_concat(a.states, b.states))) AS jaccard,
                   a.k = b.k AS same_name
            FROM a JOIN b ON a.year = b.year AND len(list_intersect(a.states, b.states)) > 0)
        SELECT *, CASE WHEN same_name THEN 'name' ELSE 'participants' END AS rule FROM pairs
        WHERE same_name OR (abs(mme_month - jme_month) <= 1 AND jaccard >= 0.5)"""


def compare_sources(wh: Warehouse) -> dict[str, Any]:
    """How MME and JME overlap in 1980-2010: matched exercises each way and what differs.

    >>> import detente
    >>> c = compare_sources(detente.configure(mirror="../shared/data"))
    >>> c["mme_exercises"], c["jme_exercises"], c["mme_in_jme"], c["jme_in_mme"]
    (3707, 1739, 1792, 1590)
    """
    pairs = match_sources_sql(wh)
    m, j = wh.view_name("mme-7", "exercises"), wh.view_name("jme-3", "exercises")
    row = wh.con.sql(
        f"""WITH p AS ({pairs})
            SELECT (SELECT count(*) FROM {m}) AS mme_exercises,
                   (SELECT count(*) FROM {j} WHERE year BETWEEN 1980 AND 2010) AS jme_exercises,
                   (SELECT count(DISTINCT mme_id) FROM p) AS mme_in_jme,
                   (SELECT count(DISTINCT jme_id) FROM p) AS jme_in_mme,
                   (SELECT count(*) FROM p) AS pairs,
                   (SELECT count(*) FROM p WHERE rule = 'name') AS pairs_by_name,
                   (SELECT count(*) FROM p WHERE jaccard = 1) AS pairs_same_states,
                   (SELECT count(*) FROM p WHERE mme_states > jme_states) AS pairs_mme_more_states,
                   (SELECT count(*) FROM p WHERE jme_states > mme_states) AS pairs_jme_more_states,
                   (SELECT count(*) FROM p WHERE mme_month = jme_month) AS pairs_same_month"""
    ).fetchall()[0]
    names = [
        "mme_exercises",
        "jme_exercises",
        "mme_in_jme",
        "jme_in_mme",
        "pairs",
        "pairs_by_name",
        "pairs_same_states",
        "pairs_mme_more_states",
        "pairs_jme_more_states",
        "pairs_same_month",
    ]
    return dict(zip(names, row, strict=True))
