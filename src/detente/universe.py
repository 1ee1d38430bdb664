"""The two panel constructors: every state-year, or every dyad-year, of a state system."""

from __future__ import annotations

from .crosswalk import CROSSWALK_FILE
from .panel import DYAD_YEAR, STATE_YEAR, Panel
from .systems import Years, dyad_years_sql, get_system, parse_years, spell_years_sql, state_years_sql
from .warehouse import Warehouse, default_warehouse


def _sources(system_sources: tuple[str, ...], microstates: bool, system: str) -> tuple[str, ...]:
    return system_sources + (("gw-microstates",) if microstates and system == "gw" else ())


def state_years(
    system: str = "cow",
    years: Years = None,
    *,
    microstates: bool = False,
    warehouse: Warehouse | None = None,
) -> Panel:
    """Every state-year of the system (COW 2016: 15,951 rows for 1816-2016).

    ``microstates`` adds the G&W microstates list (COW already counts microstates as members).

    >>> import detente
    >>> detente.state_years("cow", years=(2000, 2000)).count()
    191
    """
    sysm = get_system(system)
    span = parse_years(years, sysm)
    wh = warehouse or default_warehouse()
    c = sysm.code
    spells = spell_years_sql(wh, sysm, span, microstates)
    sql = f"SELECT code AS {c}, stateabb, year, _k FROM ({state_years_sql(spells)})"
    sources = _sources(sysm.sources, microstates, sysm.name)
    step = {"step": "state_years", "system": sysm.name, "years": list(span), "microstates": microstates}
    return Panel(wh, sql, STATE_YEAR, sysm, span, None, sources, (step,))


def dyad_years(
    system: str = "cow",
    directed: bool = True,
    years: Years = None,
    relevant: bool = False,
    *,
    microstates: bool = False,
    warehouse: Warehouse | None = None,
) -> Panel:
    """Every dyad-year of the system: pairs of states whose memberships overlap on a day that year.

    Directed panels hold (A, B) and (B, A); undirected ones only code1 < code2. With
    ``relevant=True`` only politically relevant dyads stay: contiguous by land or by up to 400
    miles of water (COW Direct Contiguity 3.2, any type) or with a COW major power on either side.
    The COW 2016 directed panel 1816-2016 has 1,912,290 rows.

    >>> import detente
    >>> detente.dyad_years(years=(2016, 2016)).count()
    37830
    """
    sysm = get_system(system)
    span = parse_years(years, sysm)
    wh = warehouse or default_warehouse()
    c = sysm.code
    # The whole system's dyad-years are computed once, sorted, and cached (a year range is a
    # filter on them: a dyad-year depends only on its own year); _r is the row's rank in the
    # panel order, so the panel sorts on one integer however many steps are joined to it.
    dyads = dyad_years_sql(spell_years_sql(wh, sysm, sysm.years, microstates), directed)
    rank = "(row_number() OVER (ORDER BY code1, code2, year) - 1)::INTEGER AS _r"
    ranked = f"SELECT *, {rank} FROM ({dyads})"
    crosswalk = (CROSSWALK_FILE,) if sysm.name != "cow" else ()
    base = wh.derived("dyad_years", f"{ranked} ORDER BY _r", files=crosswalk)
    sql = f"""SELECT code1 AS {c}1, code2 AS {c}2, year, _k1, _k2, _r FROM {base}
              WHERE year BETWEEN {span[0]} AND {span[1]}"""
    sources = _sources(sysm.sources, microstates, sysm.name)
    if relevant:
        contig = wh.view_name("cow-contiguity-3.2", "contiguity")
        majors = wh.view_name("cow-states-2016", "majors")
        sql = f"""
            SELECT d.* FROM ({sql}) d
            WHERE EXISTS (SELECT 1 FROM {contig} k
                          WHERE k.ccode1 = d._k1 AND k.ccode2 = d._k2 AND k.year = d.year)
               OR EXISTS (SELECT 1 FROM {majors} m
                          WHERE m.ccode IN (d._k1, d._k2)
                            AND d.year BETWEEN year(m.start) AND year(m."end"))"""
        sources += ("cow-contiguity-3.2", "cow-states-2016")
    step = {
        "step": "dyad_years",
        "system": sysm.name,
        "directed": directed,
        "years": list(span),
        "relevant": relevant,
        "microstates": microstates,
    }
    return Panel(wh, sql, DYAD_YEAR, sysm, span, directed, tuple(dict.fromkeys(sources)), (step,))
