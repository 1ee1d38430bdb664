"""Alliances: ATOP 5.1 ties by obligation type, derived from the member-level file's dates.

Rules (shared by state-years and dyad-years, so the two always agree):

- A state is in alliance A in year y if one of its member spells in A touches y; an exit year of
  0 in the file means still in force at the end of ATOP's coverage (2018).
- In a year where a member's obligations change (a new phase), the obligations and provisions of
  its latest-starting spell in that year count. With this rule the state-year totals reproduce
  ATOP's own state-year file (atop5_1sy) for every state-year.
- Two states are allied through A in year y if their spells in A overlap on at least one day of y.
  In a directed dyad the obligation is state 1's (state 1 promises defence, offence, ...), taken
  from state 1's latest-starting spell among those that overlap a spell of state 2 in y (so a
  phase that begins after state 2 has left never counts toward state 2: SADC, atopid 4985, 2003,
  Seychelles); in an undirected dyad either state's obligation counts.
- In ATOP's asymmetric multilateral alliances an obligation is owed only to some co-members: the
  exceptions listed in ``data/atop_asymmetric.csv`` (see :mod:`detente.sources.atop`) are 0.
  With these two rules every obligation of every COW dyad-year 1816-2016 equals ATOP's own
  directed dyad-year file (atop5_1ddyr).
- ``atop_alliance`` is 1 if any of the five obligations is (for dyads: state 1 owes state 2 one).
- A provision filter keeps only alliance-years whose provision is present (coded above 0; a
  missing code counts as absent); several provisions must all be present.

Inside ATOP's domain (1815-2018) no alliance is 0; outside it every value is null.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import InputError
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ..registry import get_source
from ..sources.atop import OBLIGATIONS, PROVISIONS, exceptions_sql, owed_sql
from ._base import step
from ._domain import years_inside, zero_inside

ATOP = "atop-5.1"

#: Friendly names for ATOP provision variables (either form is accepted).
PROVISION_NAMES = {
    "basing": "base",
    "integrated_command": "intcom",
    "military_aid": "milaid",
    "military_contact": "milcon",
    "organization": "organ1",
}


def _provision_columns(provisions: Sequence[str] | None) -> list[str]:
    out = []
    for name in provisions or ():
        col = PROVISION_NAMES.get(name, name)
        if col not in PROVISIONS:
            known = sorted({*PROVISIONS, *PROVISION_NAMES})
            raise InputError(f"unknown ATOP provision {name!r}; choose from {known}")
        out.append(col)
    return out


#: The column that is 1 when any obligation is (peacesciencer's ``atop_alliance``).
ANY = "alliance"


def _obligation_columns(obligations: Sequence[str] | None) -> list[str]:
    chosen = list(obligations) if obligations else [*OBLIGATIONS, ANY]
    bad = [o for o in chosen if o not in (*OBLIGATIONS, ANY)]
    if bad:
        raise InputError(f"unknown ATOP obligation(s) {bad}; choose from {[*OBLIGATIONS, ANY]}")
    return chosen


def _flag(c: str, alias: str = "") -> str:
    """An obligation column, or for ``alliance`` the highest of the five."""
    if c != ANY:
        return f"{alias}{c}"
    return f"greatest({', '.join(alias + o for o in OBLIGATIONS)})"


def member_years_sql(members: str, provisions: Sequence[str] | None = None) -> str:
    """SQL: one row per (atopid, ccode, year) with that year's obligations and day bounds.

    ``members`` is the ATOP members table/view; ``provisions`` (ATOP names) filters the rows.
    """
    end = f"DATE '{get_source(ATOP).years[1]}-12-31'"
    flags = ", ".join(f"arg_max({c}, start) AS {c}" for c in (*OBLIGATIONS, *PROVISIONS))
    where = " AND ".join(f"coalesce({p}, 0) > 0" for p in _provision_columns(provisions))
    return f"""
        SELECT * FROM (
            SELECT atopid, member AS ccode, y::SMALLINT AS year, {flags},
                   min(greatest(start, make_date(y, 1, 1))) AS _s,
                   max(least(coalesce("end", {end}), make_date(y, 12, 31))) AS _e
            FROM {members}, range(year(start), year(coalesce("end", {end})) + 1) t(y)
            GROUP BY atopid, member, y)
        {"WHERE " + where if where else ""}"""


def member_spell_years_sql(members: str, columns: Sequence[str] = (*OBLIGATIONS, *PROVISIONS)) -> str:
    """SQL: one row per member spell and year it touches, with its ``columns`` and day bounds."""
    end = f"DATE '{get_source(ATOP).years[1]}-12-31'"
    return f"""
        SELECT atopid, member AS ccode, y::SMALLINT AS year, start, {", ".join(columns)},
               greatest(start, make_date(y, 1, 1)) AS _s,
               least(coalesce("end", {end}), make_date(y, 12, 31)) AS _e
        FROM {members}, range(year(start), year(coalesce("end", {end})) + 1) t(y)"""


def alliance_ties_sql(members: str, provisions: Sequence[str] | None = None) -> str:
    """SQL: per (atopid, c1, c2, year) the obligations state 1 owes state 2 through that alliance.

    State 1's obligations come from its latest-starting spell among those overlapping a spell of
    state 2 that year; the asymmetric exceptions are then 0. Every allied pair comes both ways.
    """
    wanted = _provision_columns(provisions)
    pick = ", ".join(f"arg_max(a.{c}, a.start) AS {c}" for c in (*OBLIGATIONS, *wanted))
    where = " AND ".join(f"coalesce({p}, 0) > 0" for p in wanted)
    owed = ", ".join(f"{owed_sql(f't.{c}', c, 'x')}::TINYINT AS {c}" for c in OBLIGATIONS)
    return f"""
        WITH sp AS ({member_spell_years_sql(members, (*OBLIGATIONS, *wanted))}),
        per_alliance AS (
            SELECT * FROM (
                SELECT a.atopid, a.ccode AS c1, b.ccode AS c2, a.year, {pick}
                FROM sp a JOIN sp b ON a.atopid = b.atopid AND a.year = b.year
                     AND a.ccode <> b.ccode AND a._s <= b._e AND b._s <= a._e
                GROUP BY a.atopid, a.ccode, b.ccode, a.year)
            {"WHERE " + where if where else ""}),
        x AS ({exceptions_sql()})
        SELECT t.atopid, t.c1, t.c2, t.year, {owed}
        FROM per_alliance t LEFT JOIN x
             ON x.atopid = t.atopid AND x.member = t.c1 AND x.not_owed_to = t.c2"""


def directed_ties_sql(members: str, provisions: Sequence[str] | None = None) -> str:
    """SQL: per (c1, c2, year) the obligations state 1 owes state 2 through any ATOP alliance."""
    flags = ", ".join(f"max({c})::TINYINT AS {c}" for c in OBLIGATIONS)
    return f"""SELECT c1, c2, year, {flags} FROM ({alliance_ties_sql(members, provisions)})
               GROUP BY c1, c2, year"""


def state_year_totals_sql(members: str, provisions: Sequence[str] | None = None) -> str:
    """SQL: per (ccode, year) the number of alliances and whether any carries each obligation."""
    flags = ", ".join(f"max({c})::TINYINT AS {c}" for c in OBLIGATIONS)
    return f"""SELECT ccode, year, count(DISTINCT atopid)::SMALLINT AS number, {flags},
                      greatest({", ".join(f"max({c})" for c in OBLIGATIONS)})::TINYINT AS {ANY}
               FROM ({member_years_sql(members, provisions)}) GROUP BY ccode, year"""


@step("alliances", units=(STATE_YEAR, DYAD_YEAR), sources=(ATOP,))
def add_alliances(
    panel: Panel,
    obligations: Sequence[str] | None = None,
    provisions: Sequence[str] | None = None,
) -> str:
    """Add ATOP 5.1 alliance ties: atop_defense, _offense, _neutral, _nonagg, _consul, _alliance.

    ``obligations`` picks which columns to add (default all five and ``alliance``, 1 when any
    obligation is). ``provisions`` keeps
    only alliances with all the named provisions: basing (``base``), integrated_command
    (``intcom``), military_aid (``milaid``), military_contact (``milcon``), organization
    (``organ1``). State-years also get atop_number (alliances the state is in). Each column is 1
    or 0 inside ATOP's 1815-2018 domain and null outside it. See the module docs for the rules.

    >>> import detente
    >>> p = detente.dyad_years(years=(1990, 2000))
    >>> p = p.add_alliances(obligations=["defense"], provisions=["basing"])
    >>> p.columns
    ['ccode1', 'ccode2', 'year', 'atop_defense']
    >>> int(p.to_pandas().atop_defense.sum())
    3263
    """
    chosen = _obligation_columns(obligations)
    members = panel.wh.view_name(ATOP, "members")
    inside = years_inside(ATOP)

    def col(expr: str, name: str, kind: str = "TINYINT") -> str:
        return zero_inside(inside, expr, name, kind)

    if panel.unit == STATE_YEAR:
        cols = ", ".join(
            [col("a.number", "atop_number", "SMALLINT"), *(col(f"a.{c}", f"atop_{c}") for c in chosen)]
        )
        return f"""SELECT p.*, {cols} FROM ({panel.sql}) p
                   LEFT JOIN ({state_year_totals_sql(members, provisions)}) a
                   ON a.ccode = p._k AND a.year = p.year"""
    ties = directed_ties_sql(members, provisions)
    cols = ", ".join(col(_flag(c, "t."), f"atop_{c}") for c in chosen)
    if panel.directed:
        return f"""SELECT p.*, {cols} FROM ({panel.sql}) p
                   LEFT JOIN ({ties}) t ON t.c1 = p._k1 AND t.c2 = p._k2 AND t.year = p.year"""
    either = ", ".join(f"max({c}) AS {c}" for c in OBLIGATIONS)
    return f"""
        WITH t AS (SELECT least(c1, c2) AS c1, greatest(c1, c2) AS c2, year, {either}
                   FROM ({ties}) GROUP BY ALL)
        SELECT p.*, {cols} FROM ({panel.sql}) p
        LEFT JOIN t ON t.c1 = p._k1 AND t.c2 = p._k2 AND t.year = p.year"""
