"""Political leaders: Archigos 4.1 leader spells as state-years (who led, how long, did it change).

Archigos is built on the Gleditsch & Ward state list, and its state abbreviation ``idacr`` is G&W's
``stateabb`` (``GFR`` is the FRG and then unified Germany, ``YEM`` North Yemen and then unified
Yemen, ``SER`` Serbia 1878-1918 and from 2006). Each spell is placed on its G&W code through the
G&W list and, year by year, on the COW code of that G&W state with the tested G&W->COW crosswalk
(the key every panel carries in ``_k``), so COW and G&W panels meet the same leaders. One Archigos
abbreviation is not in the G&W list: ``VIE`` (a regency of Vietnam, 1883-1885), read as ``VNM``.
In the year a G&W state's COW code changes (1990: G&W 260 becomes COW 255, G&W 678 becomes COW
679), its leaders count for both COW codes, since a COW panel has rows for both: the FRG's 1990
row gets Kohl, like unified Germany's.

Rules (state-years; a spell "touches" a year when it holds office on at least one day of it):

- ``leader`` and ``leader_obsid``: the leader in office at the end of the year: of the spells
  touching the year, the one that started last (ties: the later end, then the larger obsid). On
  December 31 this is the leader in office then; in a year that ends without a leader (the state
  left the system, an interregnum) it is the last one who held office in the year.
- ``leader_tenure``: that spell's time in office up to December 31 (or to the end of the spell if
  earlier), in years of 365.25 days. Earlier spells of the same person are not added (the subset
  has no leader identifier across spells).
- ``n_leaders``: spells touching the year (a leader who left and returned within one year counts
  twice). A handover is dated on both sides, so both leaders count in the year it happens.
- ``leader_change``: 1 if a spell starts in the year that is not the state's first spell in
  Archigos (a new state's first leader is an entry, not a change; a leader taking office after a
  gap, e.g. Somalia 2012 or Estonia 1991, is a change).

Coverage: Archigos covers 1875-2015 (earlier spells are those still in office in 1875, plus
Bavaria's last king): before 1875 and after 2015 every column is null. Within that domain a state
is covered from the year of its first spell to the year of its last; outside that the columns are
null (COW's microstates, which Archigos does not code, are null throughout). Inside a state's
coverage a year without any spell (Somalia 1992-2011, no central government) has n_leaders 0,
leader_change 0 and a null leader and tenure. The subset has no entry or exit manner (regular,
irregular, foreign-imposed): irregular turnover cannot be derived from it.
"""

from __future__ import annotations

from ..crosswalk import gw_to_cow_sql
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ..registry import get_source
from ..warehouse import Warehouse
from ._base import step

ARCHIGOS = "archigos-4.1-subset"
GW = "gw-states"
#: Archigos abbreviations that are not G&W's -> the G&W abbreviation they stand for.
IDACR_FIXES = {"VIE": "VNM"}
COLUMNS = ("leader", "leader_obsid", "leader_tenure", "n_leaders", "leader_change")


def _domain() -> tuple[int, int]:
    """Archigos's coverage as the source declares it (1875-2015)."""
    return get_source(ARCHIGOS).years


def spell_years_sql(wh: Warehouse) -> str:
    """SQL: one row per (spell, COW key ``k``, year touched): obsid, leader, start, end, gwcode, first.

    ``first`` marks the spell that starts first among those of its key.
    """
    leaders = wh.view_name(ARCHIGOS, "leaders")
    gw = wh.view_name(GW, "states")
    fixes = " ".join(f"WHEN '{a}' THEN '{b}'" for a, b in IDACR_FIXES.items())
    now = gw_to_cow_sql(wh.con, "s.gwcode", "s.year")
    before = gw_to_cow_sql(wh.con, "s.gwcode", "s.year - 1")
    return f"""
        WITH spells AS (
            SELECT l.obsid, l.leader, l.start, l."end", g.gwcode
            FROM {leaders} l
            JOIN (SELECT DISTINCT stateabb, gwcode FROM {gw}) g
              ON g.stateabb = CASE l.idacr {fixes} ELSE l.idacr END),
        years AS (
            SELECT *, unnest(range(year(start), year("end") + 1))::SMALLINT AS year FROM spells),
        keyed AS (
            SELECT s.*, {now} AS k, {before} AS k_before FROM years s),
        both_keys AS (
            SELECT obsid, leader, start, "end", gwcode, year, k FROM keyed
            UNION ALL
            SELECT obsid, leader, start, "end", gwcode, year, k_before FROM keyed
            WHERE k_before IS DISTINCT FROM k)
        SELECT *, start = min(start) OVER (PARTITION BY k) AS "first" FROM both_keys
        WHERE k IS NOT NULL"""


def leaders_sql(wh: Warehouse) -> str:
    """SQL: per COW key and year (ccode, year) in each state's coverage, the five leader columns."""
    lo, hi = _domain()
    return f"""
        WITH sy AS ({spell_years_sql(wh)}),
        cover AS (SELECT k, greatest(min(year), {lo}) AS y0, least(max(year), {hi}) AS y1
                  FROM sy GROUP BY k),
        grid AS (SELECT k, unnest(range(y0, y1 + 1))::SMALLINT AS year FROM cover WHERE y0 <= y1),
        agg AS (
            SELECT k, year,
                   first(leader ORDER BY start DESC, "end" DESC, obsid DESC) AS leader,
                   first(obsid ORDER BY start DESC, "end" DESC, obsid DESC) AS leader_obsid,
                   first((least("end", make_date(year, 12, 31)) - start) / 365.25
                         ORDER BY start DESC, "end" DESC, obsid DESC) AS leader_tenure,
                   count(*) AS n_leaders,
                   max(CASE WHEN year(start) = year AND NOT "first" THEN 1 ELSE 0 END) AS leader_change
            FROM sy GROUP BY k, year)
        SELECT g.k AS ccode, g.year, a.leader, a.leader_obsid, a.leader_tenure,
               coalesce(a.n_leaders, 0)::SMALLINT AS n_leaders,
               coalesce(a.leader_change, 0)::TINYINT AS leader_change
        FROM grid g LEFT JOIN agg a USING (k, year)"""


@step("leaders", units=(STATE_YEAR, DYAD_YEAR), sources=(ARCHIGOS, GW))
def add_leaders(panel: Panel) -> str:
    """Add political leaders from Archigos 4.1: the leader at year end, tenure, number and change.

    Columns: leader (name as Archigos spells it), leader_obsid (Archigos spell id), leader_tenure
    (years in office at December 31), n_leaders (spells in office during the year), leader_change
    (1 if a new leader took office; a state's first leader is not a change). Dyad-years get each
    with suffix 1 and 2 plus leader_change_any (1 if either changed). Null outside 1875-2015 and
    outside a state's Archigos coverage; see the module docs for every rule.

    >>> import detente
    >>> p = detente.state_years(years=(1945, 1945)).add_leaders().to_pandas()
    >>> p.loc[p.ccode == 200, ["leader", "n_leaders", "leader_change"]].values.tolist()
    [['Atlee', 2, 1]]
    """
    table = leaders_sql(panel.wh)
    if panel.unit == STATE_YEAR:
        cols = ", ".join(f"l.{c}" for c in COLUMNS)
        return f"""SELECT p.*, {cols} FROM ({panel.sql}) p
                   LEFT JOIN ({table}) l ON l.ccode = p._k AND l.year = p.year"""
    cols = ", ".join(f"a.{c} AS {c}1, b.{c} AS {c}2" for c in COLUMNS)
    return f"""
        WITH l AS ({table})
        SELECT p.*, {cols},
               CASE WHEN a.leader_change = 1 OR b.leader_change = 1 THEN 1
                    WHEN a.leader_change = 0 AND b.leader_change = 0 THEN 0 END::TINYINT
                 AS leader_change_any
        FROM ({panel.sql}) p
        LEFT JOIN l a ON a.ccode = p._k1 AND a.year = p.year
        LEFT JOIN l b ON b.ccode = p._k2 AND b.year = p.year"""
