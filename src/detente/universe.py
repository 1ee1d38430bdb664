"""The two panel constructors: every state-year, or every dyad-year, of a state system."""

from __future__ import annotations

from collections.abc import Mapping

from .crosswalk import CROSSWALK_FILE
from .panel import DYAD_YEAR, STATE_YEAR, Panel, Staged
from .registry import check_versions, get_source, resolve_source
from .systems import (
    System,
    Years,
    dyad_years_sql,
    get_system,
    parse_years,
    spell_years_sql,
    state_years_sql,
)
from .warehouse import Warehouse, default_warehouse


def _sources(system_sources: tuple[str, ...], microstates: bool, system: str) -> tuple[str, ...]:
    return system_sources + (("gw-microstates",) if microstates and system == "gw" else ())


CONTIGUITY = "cow-contiguity-3.2"


def _setup(
    system: str, years: Years, extend_to: int | None, versions: Mapping[str, str] | None
) -> tuple[System, tuple[int, int], tuple[tuple[str, str], ...]]:
    """The (possibly extended) system, the checked years and the versions the panel reads."""
    sysm = get_system(system).extended(extend_to)
    span = parse_years(years, sysm)
    pinned = {**dict(sysm.versions), **check_versions(versions)}
    return sysm, span, tuple(sorted(pinned.items()))


def _provenance(sysm: System, versions: tuple[tuple[str, str], ...]) -> dict[str, object]:
    return {
        "extend_to": sysm.years[1] if sysm.list_end is not None else None,
        "versions": dict(versions),
    }


def state_years(
    system: str = "cow",
    years: Years = None,
    *,
    microstates: bool = False,
    extend_to: int | None = None,
    versions: Mapping[str, str] | None = None,
    warehouse: Warehouse | None = None,
) -> Panel:
    """Every state-year of the system (COW 2024: 17,511 rows for 1816-2024; COW 2016: 15,951).

    ``microstates`` adds the G&W microstates list (COW already counts microstates as members).
    ``extend_to=YEAR`` carries the states alive at the end of the system's list forward to YEAR
    (like peacesciencer's ``mry``); ``versions`` pins source versions for the steps, e.g.
    ``{"nmc": "6.0"}`` (see ``detente.registry.families()``).

    >>> import detente
    >>> detente.state_years("cow", years=(2000, 2000)).count()
    191
    >>> detente.state_years("gw", extend_to=2024).years
    (1816, 2024)
    """
    sysm, span, pinned = _setup(system, years, extend_to, versions)
    wh = warehouse or default_warehouse()
    c = sysm.code
    spells = spell_years_sql(wh, sysm, span, microstates)
    sql = f"SELECT code AS {c}, stateabb, year, _k FROM ({state_years_sql(spells)})"
    sources = _sources(sysm.sources, microstates, sysm.name)
    step = {
        "step": "state_years",
        "system": sysm.name,
        "years": list(span),
        "microstates": microstates,
        **_provenance(sysm, pinned),
    }
    return Panel(wh, sql, STATE_YEAR, sysm, span, None, sources, (step,), pinned)


def dyad_years(
    system: str = "cow",
    directed: bool = True,
    years: Years = None,
    relevant: bool = False,
    *,
    microstates: bool = False,
    extend_to: int | None = None,
    versions: Mapping[str, str] | None = None,
    warehouse: Warehouse | None = None,
) -> Panel:
    """Every dyad-year of the system: pairs of states whose memberships overlap on a day that year.

    Directed panels hold (A, B) and (B, A); undirected ones only code1 < code2. With
    ``relevant=True`` only politically relevant dyads stay: contiguous by land or by up to 400
    miles of water (COW Direct Contiguity 3.2, any type) or with a COW major power on either side.
    Contiguity ends in 2016: later years are judged by the 2016 contiguity (no state entered or
    left the COW system after 2016).
    The COW 2016 directed panel 1816-2016 has 1,912,290 rows; COW 2024's 1816-2024 has 2,214,930.
    ``extend_to`` and ``versions`` work as in :func:`state_years`.

    >>> import detente
    >>> detente.dyad_years(years=(2016, 2016)).count()
    37830
    """
    sysm, span, pinned = _setup(system, years, extend_to, versions)
    wh = warehouse or default_warehouse()
    c = sysm.code
    # The whole system's dyad-years are computed once, sorted, and cached (a year range is a
    # filter on them: a dyad-year depends only on its own year); _r is the row's rank in the
    # panel order, so the panel sorts on one integer however many steps are joined to it.
    dyads = dyad_years_sql(spell_years_sql(wh, sysm, sysm.years, microstates), directed)
    rank = "(row_number() OVER (ORDER BY code1, code2, year) - 1)::INTEGER AS _r"
    ranked = f"SELECT *, {rank} FROM ({dyads})"
    crosswalk = (CROSSWALK_FILE,) if sysm.code != "ccode" else ()
    base = wh.derived("dyad_years", f"{ranked} ORDER BY _r", files=crosswalk)
    sql = f"""SELECT code1 AS {c}1, code2 AS {c}2, year, _k1, _k2, _r FROM {base}
              WHERE year BETWEEN {span[0]} AND {span[1]}"""
    sources = _sources(sysm.sources, microstates, sysm.name)
    if relevant:
        contig = wh.view_name(CONTIGUITY, "contiguity")
        last = get_source(CONTIGUITY).years[1]
        majors_id = resolve_source("cow-majors", dict(pinned))
        majors = wh.view_name(majors_id, "majors")
        sql = f"""
            SELECT d.* FROM ({sql}) d
            WHERE EXISTS (SELECT 1 FROM {contig} k
                          WHERE k.ccode1 = d._k1 AND k.ccode2 = d._k2
                            AND k.year = least(d.year, {last}))
               OR EXISTS (SELECT 1 FROM {majors} m
                          WHERE m.ccode IN (d._k1, d._k2)
                            AND d.year BETWEEN year(m.start) AND year(m."end"))"""
        sources += (CONTIGUITY, majors_id)
    step = {
        "step": "dyad_years",
        "system": sysm.name,
        "directed": directed,
        "years": list(span),
        "relevant": relevant,
        "microstates": microstates,
        **_provenance(sysm, pinned),
    }
    sources = tuple(dict.fromkeys(sources))
    staged = Staged(sql, sql)  # evaluated step by step on these keys (Panel.to_arrow)
    return Panel(wh, sql, DYAD_YEAR, sysm, span, directed, sources, (step,), pinned, staged)
