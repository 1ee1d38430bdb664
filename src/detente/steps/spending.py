"""Defence spending: SIPRI military expenditure beside COW NMC's milex, and alliance burden sharing.

SIPRI names countries; they are mapped to COW codes year by year with :mod:`detente.codes`
(``Germany`` is the FRG, 260, from 1949 to 1989 and unified Germany, 255, from 1990; ``USSR``
365; ``Yemen, North`` 678...). Only SIPRI rows with at least one figure are used, and the tests
prove that they give at most one row per COW state-year.

Columns (state-years; dyad-years get each with suffix 1 and 2):

- ``sipri_milex_constusd``: US$ million at constant 2022 prices and exchange rates;
- ``sipri_milex_curusd``: US$ million at current prices and exchange rates;
- ``sipri_milex_gdp_share``: military expenditure / GDP, a fraction (0.034 = 3.4 %);
- ``sipri_milex_gov_share``: military / general government expenditure, a fraction (from 1988);
- ``sipri_milex_percap``: current US$ per person (from 1988);
- ``nmc_milex``: COW NMC milex (7.0, or the panel's pinned version), thousands of current US$
  (pre-1914 converted from pounds).

Dyad-years also get ``sipri_milex_ratio1`` = m1 / (m1 + m2) and ``sipri_milex_gap`` = m1 - m2 on
the constant-dollar series, and ``nmc_milex_ratio1``, ``nmc_milex_gap`` on NMC's (the ratio is
null when both spend 0). Inside SIPRI's domain a value is null where SIPRI has no figure and 0
only where SIPRI documents zero spending (Costa Rica, Iceland, Panama; Haiti 1995-2011); outside
the domain every SIPRI column is null. NMC's columns follow NMC's domain.
"""

from __future__ import annotations

import re

import pyarrow as pa

from .. import codes
from ..errors import InputError
from ..panel import DYAD_YEAR, STATE_YEAR, Panel
from ..registry import get_source, resolve_source
from ..warehouse import Warehouse, default_warehouse
from ._base import step
from .alliances import ATOP, member_years_sql
from .capabilities import WHOLE as CAPABILITY_TYPES

SIPRI = "sipri-milex"
NMC = "nmc"  # source family: NMC 7.0 unless a panel pins another version
#: Output columns of whole numbers, as a cast to their type in panels: NMC's milex, typed as
#: capabilities types it (so is nmc_milex_gap, computed in DOUBLE); the ratio stays DOUBLE.
WHOLE = {"nmc_milex": f"::{CAPABILITY_TYPES['milex']}"}
#: output column -> SIPRI milex table column
SIPRI_COLUMNS = {
    "sipri_milex_constusd": "constant_usd_m",
    "sipri_milex_curusd": "current_usd_m",
    "sipri_milex_gdp_share": "share_of_gdp",
    "sipri_milex_gov_share": "share_of_govt_spending",
    "sipri_milex_percap": "per_capita_usd",
}
#: burden-sharing measure -> (source, column of the spending table, unit)
MEASURES = {
    "sipri_constusd": (SIPRI, "sipri_milex_constusd", "US$ million, constant 2022 prices"),
    "sipri_curusd": (SIPRI, "sipri_milex_curusd", "US$ million, current prices"),
    "nmc": (NMC, "nmc_milex", "thousands of current US$ (COW NMC 7.0)"),
}


def sipri_sql(wh: Warehouse) -> str:
    """SQL: one row per COW state-year with a SIPRI figure: ccode, year and the five SIPRI columns."""
    milex = wh.view_name(SIPRI, "milex")
    code = codes.to_cow_sql(wh.con, "m.country", "name", "m.year")
    cols = ", ".join(f"m.{src} AS {out}" for out, src in SIPRI_COLUMNS.items())
    anything = f"coalesce({', '.join(f'm.{c}' for c in SIPRI_COLUMNS.values())})"
    return f"""SELECT * FROM (SELECT {code} AS ccode, m.year, {cols} FROM {milex} m
                              WHERE {anything} IS NOT NULL)
               WHERE ccode IS NOT NULL"""


def spending_sql(wh: Warehouse, nmc_source: str = NMC) -> str:
    """SQL: per COW state-year (ccode, year) the SIPRI columns and nmc_milex, each within its domain.

    Rows are the union of SIPRI's and NMC's state-years; a column is null outside its source's
    years and where the source has no figure.
    """
    nmc_source = resolve_source(nmc_source)
    nmc = wh.view_name(nmc_source, "nmc")
    slo, shi = get_source(SIPRI).years
    nlo, nhi = get_source(nmc_source).years
    sipri = ", ".join(
        f"CASE WHEN year BETWEEN {slo} AND {shi} THEN s.{c} END AS {c}" for c in SIPRI_COLUMNS
    )
    return f"""
        SELECT ccode, year, {sipri}, CASE WHEN year BETWEEN {nlo} AND {nhi} THEN n.milex END AS nmc_milex
        FROM ({sipri_sql(wh)}) s
        FULL JOIN (SELECT ccode, year, milex FROM {nmc}) n USING (ccode, year)"""


@step("spending", units=(STATE_YEAR, DYAD_YEAR), sources=(SIPRI, NMC))
def add_spending(panel: Panel) -> str:
    """Add defence spending: SIPRI military expenditure in five measures beside COW NMC's milex.

    Columns: sipri_milex_constusd (US$ m, constant 2022), sipri_milex_curusd (US$ m, current),
    sipri_milex_gdp_share and sipri_milex_gov_share (fractions), sipri_milex_percap (current US$
    per person), nmc_milex (thousands of current US$; INTEGER). Dyad-years get each with suffix 1 and 2
    plus sipri_milex_ratio1 = m1/(m1+m2), sipri_milex_gap = m1-m2 (constant US$ m) and the same
    for NMC (nmc_milex_ratio1, nmc_milex_gap). SIPRI values are null outside SIPRI's 1949-2023
    domain and, inside it, where SIPRI has no figure (0 only where SIPRI says 0); NMC's outside
    1816-2016. See the module docs for the name mapping.

    >>> import detente
    >>> p = detente.state_years(years=(2016, 2016)).add_spending().to_pandas()
    >>> round(p.loc[p.ccode == 2, "sipri_milex_constusd"].item())
    780215
    """
    table = spending_sql(panel.wh, panel.source(NMC))
    names = [*SIPRI_COLUMNS, "nmc_milex"]
    if panel.unit == STATE_YEAR:
        cols = ", ".join(f"s.{n}{WHOLE.get(n, '')} AS {n}" for n in names)
        return f"""SELECT p.*, {cols} FROM ({panel.sql}) p
                   LEFT JOIN ({table}) s ON s.ccode = p._k AND s.year = p.year"""
    cols = ", ".join(f"a.{n}{t} AS {n}1, b.{n}{t} AS {n}2" for n in names for t in [WHOLE.get(n, "")])

    def ratio_gap(col: str, prefix: str) -> str:
        return (
            f"a.{col} / nullif(a.{col} + b.{col}, 0) AS {prefix}_ratio1, "
            f"(a.{col} - b.{col}){WHOLE.get(col, '')} AS {prefix}_gap"
        )

    return f"""
        WITH s AS ({table})
        SELECT p.*, {cols}, {ratio_gap("sipri_milex_constusd", "sipri_milex")},
               {ratio_gap("nmc_milex", "nmc_milex")}
        FROM ({panel.sql}) p
        LEFT JOIN s a ON a.ccode = p._k1 AND a.year = p.year
        LEFT JOIN s b ON b.ccode = p._k2 AND b.year = p.year"""


def _years(
    years: tuple[int, int] | int | str | None, domain: tuple[int, int], what: str
) -> tuple[int, int]:
    """A (start, end) year range within ``domain``: None means all of it."""
    if years is None:
        return domain
    if isinstance(years, str):
        m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", years)
        if not m:
            raise InputError(f"years {years!r}: expected a year or a range like 1990-2000")
        lo, hi = int(m[1]), int(m[2] or m[1])
    elif isinstance(years, int):
        lo = hi = years
    else:
        lo, hi = (int(y) for y in years)
    if lo > hi or lo < domain[0] or hi > domain[1]:
        raise InputError(f"years {lo}-{hi}: {what} covers {domain[0]}-{domain[1]}")
    return lo, hi


def burden_sharing(
    atopid: int = 3180,
    years: tuple[int, int] | int | str | None = None,
    measure: str = "sipri_constusd",
    *,
    warehouse: Warehouse | None = None,
) -> pa.Table:
    """Each alliance member's share of the members' total military spending, by member-year.

    Members are the states with an ATOP 5.1 member spell in alliance ``atopid`` touching the year
    (3180 is NATO). ``measure``: ``sipri_constusd`` (default), ``sipri_curusd`` or ``nmc``. A
    member without a figure that year is flagged (``has_spending`` false, ``spending`` and
    ``share`` null) and left out of ``alliance_total``, so the shares of the members with a
    figure sum to 1. Columns: atopid, ccode, year, spending, alliance_total, share, has_spending,
    n_members, n_with_spending. The default years are where ATOP and the measure's source overlap.

    >>> import detente
    >>> t = detente.burden_sharing(3180, years=(2000, 2000)).to_pandas()
    >>> round(t.loc[t.ccode == 2, "share"].item(), 2)
    0.67
    """
    if measure not in MEASURES:
        raise InputError(f"unknown spending measure {measure!r}; choose from {list(MEASURES)}")
    wh = warehouse or default_warehouse()
    source, column, unit = MEASURES[measure]
    (alo, ahi), (mlo, mhi) = get_source(ATOP).years, get_source(resolve_source(source)).years
    lo, hi = _years(years, (max(alo, mlo), min(ahi, mhi)), f"ATOP with {source}")
    members = wh.view_name(ATOP, "members")
    known = wh.con.sql(f"SELECT count(*) FROM {members} WHERE atopid = {int(atopid)}").fetchall()[0][0]
    if not known:
        raise InputError(f"ATOP has no alliance with atopid {atopid}")
    sql = f"""
        WITH m AS (SELECT DISTINCT atopid, ccode, year FROM ({member_years_sql(members)})
                   WHERE atopid = {int(atopid)} AND year BETWEEN {lo} AND {hi}),
        v AS (SELECT m.*, s.{column} AS spending FROM m
              LEFT JOIN ({spending_sql(wh)}) s ON s.ccode = m.ccode AND s.year = m.year)
        SELECT atopid::INTEGER AS atopid, ccode::SMALLINT AS ccode, year::SMALLINT AS year, spending,
               sum(spending) OVER w AS alliance_total,
               spending / nullif(sum(spending) OVER w, 0) AS share,
               spending IS NOT NULL AS has_spending,
               count(*) OVER w AS n_members, count(spending) OVER w AS n_with_spending
        FROM v WINDOW w AS (PARTITION BY year)
        ORDER BY year, ccode"""
    table = wh.con.sql(sql).to_arrow_table()
    meta = {b"measure": measure.encode(), b"unit": unit.encode(), b"source": source.encode()}
    return table.replace_schema_metadata(meta)
