"""State systems (COW, Gleditsch-Ward): membership spells, state-years and dyad-years.

Every panel starts here. A state is in a year if one of its membership spells touches that year;
two states form a dyad in a year only if their memberships overlap on at least one day of it.
Each universe row also carries ``_k`` (or ``_k1``/``_k2``): the state's COW code, the key on
which steps join COW-coded sources whatever the panel's system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from .crosswalk import gw_to_cow_sql
from .errors import InputError
from .warehouse import Warehouse


@dataclass(frozen=True)
class System:
    """A state system: its code column, the sources listing its members and its coverage.

    ``versions`` are the source versions (family -> version) the system reads unless a panel pins
    others; ``list_end`` is set on an extended system (:meth:`extended`): the last year of the
    publisher's list, whose surviving states are carried forward to ``years[1]``; an extended
    system reads the newest source versions (COW 2016 extended reads the COW 2024 majors).
    """

    name: str
    code: str
    sources: tuple[str, ...]
    years: tuple[int, int]
    title: str
    versions: tuple[tuple[str, str], ...] = ()
    list_end: int | None = None

    def extended(self, extend_to: int | None) -> System:
        """This system with the states alive at the end of its list carried forward to ``extend_to``.

        >>> SYSTEMS["cow2016"].extended(2024).years
        (1816, 2024)
        """
        if extend_to is None:
            return self
        last = self.list_end or self.years[1]
        this_year = date.today().year
        if not isinstance(extend_to, int) or isinstance(extend_to, bool):
            raise InputError(f"extend_to {extend_to!r}: expected a year")
        if not last <= extend_to <= this_year:
            raise InputError(
                f"extend_to {extend_to}: the {self.title} list ends in {last}; extend to a year "
                f"from {last} to {this_year}"
            )
        # the newest lists continue the old ones (e.g. COW majors 2024 = 2016's spells, extended),
        # so an extended system reads the default versions rather than its own list's
        return replace(self, years=(self.years[0], extend_to), list_end=last, versions=())


SYSTEMS: dict[str, System] = {
    "cow": System("cow", "ccode", ("cow-states-2024",), (1816, 2024), "Correlates of War 2024"),
    "cow2016": System(
        "cow2016",
        "ccode",
        ("cow-states-2016",),
        (1816, 2016),
        "Correlates of War 2016",
        versions=(("cow-majors", "2016"),),
    ),
    "gw": System("gw", "gwcode", ("gw-states",), (1816, 2017), "Gleditsch & Ward (1999, rev. 2017)"),
}

Years = tuple[int, int] | range | int | str | None


def get_system(name: str) -> System:
    """The system called ``name`` ("cow" or "gw")."""
    try:
        return SYSTEMS[name.lower()]
    except (KeyError, AttributeError):
        raise InputError(f"unknown state system {name!r}; choose one of {sorted(SYSTEMS)}") from None


def parse_years(years: Years, system: System) -> tuple[int, int]:
    """Normalise a year range (``(1816, 2016)``, ``range``, ``1990``, ``"1816-2016"``) and check it.

    >>> parse_years("1990-2000", SYSTEMS["cow"])
    (1990, 2000)

    An extended system (:meth:`System.extended`) accepts years up to its extension.
    """
    lo, hi = system.years
    if years is None:
        return lo, hi
    if isinstance(years, str):
        m = re.fullmatch(r"\s*(\d{3,4})\s*(?:[-:–]\s*(\d{3,4}))?\s*", years)
        if not m:
            raise InputError(f"years {years!r}: expected a year or a range like 1816-2016")
        start, end = int(m[1]), int(m[2] or m[1])
    elif isinstance(years, range):
        if len(years) == 0:
            raise InputError(f"years {years!r} is empty")
        start, end = years[0], years[-1]
    elif isinstance(years, int):
        start = end = years
    else:
        try:
            start, end = (int(y) for y in years)
        except (TypeError, ValueError):
            raise InputError(f"years {years!r}: expected (start, end)") from None
    if start > end:
        raise InputError(f"years {start}-{end}: the start is after the end")
    if start < lo or end > hi:
        extend = "" if system.list_end else " (extend_to=YEAR carries its last states forward)"
        raise InputError(
            f"years {start}-{end} fall outside the {system.title} system's coverage {lo}-{hi}" + extend
        )
    return start, end


def memberships_sql(wh: Warehouse, system: System, microstates: bool = False) -> str:
    """SQL for membership spells: code, stateabb, statenme, start, end.

    On an extended system a spell open at the end of the list runs to the extension's last day.
    """
    parts = [wh.view_name(system.sources[0], "states")]
    if microstates and system.name == "gw":
        parts.append(wh.view_name("gw-microstates", "states"))
    end = '"end"'
    if system.list_end is not None:
        last, to = date(system.list_end, 12, 31), date(system.years[1], 12, 31)
        end = f"CASE WHEN \"end\" = DATE '{last}' THEN DATE '{to}' ELSE \"end\" END"
    return " UNION ALL ".join(
        f'SELECT {system.code} AS code, stateabb, statenme, start, {end} AS "end" FROM {p}'
        for p in parts
    )


def spell_years_sql(wh: Warehouse, system: System, years: tuple[int, int], microstates: bool) -> str:
    """SQL: one row per membership spell and year it touches: code, stateabb, year, _s, _e, _k.

    _s/_e are the spell's first and last day within the year; _k is the COW code.
    """
    lo, hi = years
    spells = memberships_sql(wh, system, microstates)
    key = "code" if system.code == "ccode" else gw_to_cow_sql(wh.con, "code", "y")
    return f"""
        SELECT code, stateabb, y::SMALLINT AS year,
               greatest(start, make_date(y, 1, 1)) AS _s, least("end", make_date(y, 12, 31)) AS _e,
               {key} AS _k
        FROM ({spells}) s, range(greatest(year(start), {lo}), least(year("end"), {hi}) + 1) t(y)"""


def state_years_sql(spell_years: str) -> str:
    """SQL: one row per state-year (a state with two spells in a year appears once).

    The abbreviation is that of the year's first spell (COW 2024: 345 is YUG in 2006, SRB after).
    """
    return f"""SELECT code, arg_min(stateabb, _s) AS stateabb, year, any_value(_k) AS _k
               FROM ({spell_years}) GROUP BY code, year"""


def dyad_years_sql(spell_years: str, directed: bool) -> str:
    """SQL: dyad-years whose membership spells overlap on at least one day of the year."""
    order = "a.code <> b.code" if directed else "a.code < b.code"
    return f"""
        WITH sy AS ({spell_years})
        SELECT DISTINCT a.code AS code1, b.code AS code2, a.year, a._k AS _k1, b._k AS _k2
        FROM sy a JOIN sy b ON a.year = b.year AND {order} AND a._s <= b._e AND b._s <= a._e"""


def state_names(wh: Warehouse, system: System) -> list[tuple[int, str, str]]:
    """(code, name, abbreviation) of every state, as its latest membership spell spells them.

    >>> from detente.warehouse import default_warehouse
    >>> [r for r in state_names(default_warehouse(), get_system("cow")) if r[0] in (2, 255)]
    [(2, 'United States of America', 'USA'), (255, 'Germany', 'GMY')]
    """
    return wh.con.sql(
        f"""SELECT code, arg_max(statenme, start), arg_max(stateabb, start)
            FROM ({memberships_sql(wh, system)}) GROUP BY code ORDER BY code"""
    ).fetchall()
