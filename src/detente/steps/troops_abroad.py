"""U.S. troops abroad (troopdata) and dated U.S. basing activity (military construction) by host.

The data cover one sender, the United States: every value is about U.S. personnel or U.S.
facilities in the host. State-years describe the host; dyad-years are non-null only where state 1
is the United States (COW and G&W code 2) and state 2 the host. The United States' own row is
null: personnel at home are not deployed abroad.

- Troops: troopdata's rebuilt country-year series (``us-troops`` table ``country_years``,
  ``troops_ad``: active-duty personnel ashore in the host, from DMDC reports, one figure a
  year). A COW state-year that the file does not list had no personnel reported (troopdata
  writes 0 for a country a report does not list). The file codes places by today's countries;
  :data:`RECODE` moves four of them to the COW state they belonged to (South Vietnam, Ethiopia,
  Serbia/Yugoslavia, North Yemen), and :data:`UNREPORTED` lists the state-years no report
  covers. Domain: the source's years, up to the last year of the file (1950-2024).
- Basing: David Vine's base list (``us-bases`` table ``bases``) has no dates (facilities from the
  Cold War to 2018), so it is not placed in years. The dated record of U.S. facilities abroad is
  military construction (table ``construction``, 2008-2019): the number of distinct locations
  with a construction line item that year and their total obligational authority.
"""

from __future__ import annotations

from ..errors import InputError
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ..registry import get_source
from ..warehouse import Warehouse
from ._base import step
from ._domain import zero_inside

TROOPS = "us-troops"
BASES = "us-bases"
USA = 2
#: troops series -> (us-troops table, column): the rebuilt country-year series (default, DMDC
#: reports 1950-2024) or troopdata's original published table (1950-2023, Kane-based)
SERIES = {"rebuild": ("country_years", "troops_ad"), "original": ("troopdata", "troops")}

#: troopdata code, first year, last year -> the COW state the place belonged to in those years
RECODE = (
    # DMDC's "Vietnam" 1954-75 is the Republic of Vietnam (troopdata.csv codes it 817)
    (816, 1954, 1975, 817),
    # Eritrea, federated with (1952) then annexed by Ethiopia until 1993 (troopdata.csv: 530 from 1962)
    (531, 1952, 1992, 530),
    # Kosovo, part of Yugoslavia/Serbia until COW's 2008 entry (troopdata.csv: 345)
    (347, 1999, 2007, 345),
    # "Yemen" before unification is the Yemen Arab Republic (troopdata.csv: 678)
    (679, 1950, 1989, 678),
)
#: (COW code, year) with no report of its own: null, not 0. Unified Germany's first year: the
#: September 1990 report predates unification (3 October) and is West Germany's (260).
UNREPORTED = ((255, 1990),)


def _series(series: str) -> tuple[str, str]:
    if series not in SERIES:
        raise InputError(f"troops_abroad: series {series!r} is not one of {sorted(SERIES)}")
    return SERIES[series]


def us_troops_sql(wh: Warehouse, series: str = "rebuild") -> str:
    """SQL: U.S. active-duty personnel per host (COW ccode, year), places recoded to COW states.

    ``series="original"`` reads troopdata's original table, which already uses COW codes.
    """
    table, column = _series(series)
    if series == "original":
        t = wh.view_name(TROOPS, table)
        return (
            f"SELECT ccode, year, sum({column}) AS troops FROM {t} WHERE ccode IS NOT NULL GROUP BY ALL"
        )
    cy = wh.view_name(TROOPS, "country_years")
    recode = " ".join(
        f"WHEN ccode = {src} AND year BETWEEN {a} AND {b} THEN {dst}" for src, a, b, dst in RECODE
    )
    return f"""
        SELECT CASE {recode} ELSE ccode END AS ccode, year, sum(troops_ad) AS troops
        FROM {cy} WHERE ccode IS NOT NULL
        GROUP BY ALL"""


def us_construction_sql(wh: Warehouse) -> str:
    """SQL: per host (ccode, year) distinct U.S. military construction locations and spending."""
    c = wh.view_name(BASES, "construction")
    return f"""SELECT ccode, year, count(DISTINCT location) AS sites, sum(spend_construction) AS spend
               FROM {c} WHERE ccode IS NOT NULL GROUP BY ccode, year"""


def _columns(panel: Panel, host: str, us: str, series: str) -> str:
    """Select-list of the three columns for host key ``host``; ``us`` is true where they apply."""
    lo, hi = get_source(TROOPS).years
    cy = panel.wh.view_name(TROOPS, _series(series)[0])
    gaps = UNREPORTED if series == "rebuild" else ()
    unreported = " OR ".join(f"({host} = {c} AND p.year = {y})" for c, y in gaps) or "false"
    in_troops = (
        f"p.year BETWEEN {lo} AND (SELECT least({hi}, max(year)) FROM {cy}) AND NOT ({unreported})"
    )
    b_lo, b_hi = get_source(BASES).years
    in_bases = f"p.year BETWEEN {b_lo} AND {b_hi}"

    def col(inside: str, expr: str, name: str, kind: str) -> str:
        return zero_inside(f"{us} AND {inside}", expr, name, kind)

    return ", ".join(
        [
            col(in_troops, "t.troops", "us_troops", "INTEGER"),
            col(in_bases, "b.sites", "us_milcon_sites", "SMALLINT"),
            col(in_bases, "b.spend", "us_milcon", "INTEGER"),
        ]
    )


@step("troops_abroad", units=(STATE_YEAR, DYAD_YEAR), sources=(TROOPS, BASES))
def add_troops_abroad(panel: Panel, series: str = "rebuild") -> str:
    """Add U.S. troops and dated U.S. basing activity in each host (troopdata; U.S. as sender only).

    State-years (the state as host):

    - us_troops: U.S. active-duty military personnel in the state (troopdata rebuild,
      ``troops_ad``, one DMDC figure a year); 0 when none is reported; null outside 1950-2024.
      ``series="original"`` reads troopdata's original published table instead (``troops``,
      1950-2023; e.g. Japan 2020: 53,713 against the rebuild's 56,748).
    - us_milcon_sites: distinct locations (installations, or the country's name where the report
      names none) with a U.S. military construction line item that year; null outside 2008-2019.
    - us_milcon: U.S. military construction there that year, thousands of current US$ (total
      obligational authority; can be negative after a rescission); null outside 2008-2019.

    The United States' own row is null. Vine's base list is undated and not used (see
    docs/troops.md). Dyad-years carry the same three columns for (United States -> host) dyads,
    state 1 being the United States (code 2; in undirected panels the United States is always
    state 1), and null for every other dyad: the data cover U.S. deployments only.

    >>> import detente
    >>> sy = detente.state_years(years=(2014, 2014)).add_troops_abroad().to_pandas()
    >>> int(sy.loc[sy.ccode == 255, "us_troops"].iloc[0])  # Germany
    38892
    """
    if panel.unit == STATE_YEAR:
        cols = _columns(panel, "p._k", f"p._k <> {USA}", series)
        return f"""
            SELECT p.*, {cols} FROM ({panel.sql}) p
            LEFT JOIN ({us_troops_sql(panel.wh, series)}) t ON t.ccode = p._k AND t.year = p.year
            LEFT JOIN ({us_construction_sql(panel.wh)}) b ON b.ccode = p._k AND b.year = p.year"""
    host = f"(CASE WHEN p._k1 = {USA} THEN p._k2 END)"
    cols = _columns(panel, host, f"p._k1 = {USA}", series)
    return f"""
        SELECT p.*, {cols} FROM ({panel.sql}) p
        LEFT JOIN ({us_troops_sql(panel.wh, series)}) t ON t.ccode = {host} AND t.year = p.year
        LEFT JOIN ({us_construction_sql(panel.wh)}) b ON b.ccode = {host} AND b.year = p.year"""
