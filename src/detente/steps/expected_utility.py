"""Expected utility of conflict for dyad-years, as in EUGene: War Trap (1981), the risk-adjusted
utilities of 1985 and War and Reason's (1992) probability of success and negotiation utility.

Inputs per year: every COW state's CINC (recomputed from the panel's NMC, as the capabilities
step) and the similarity of every pair's ATOP alliance portfolios (tau-b by default, or
unweighted S; the portfolios of the similarity step). The formulas are in
:mod:`detente.measures.expected_utility` and docs/expected_utility.md, with their sources and
what is left out: no distance discount of capabilities, risk-neutral utilities (R = 0), no
International Interaction Game equilibria.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pyarrow as pa

from ..errors import InputError
from ..measures import expected_utility as eu
from ..measures.cinc import cinc_sql
from ..panel import DYAD_YEAR, Panel
from ..registry import resolve_source
from ..warehouse import Warehouse
from ._base import step
from .similarity import ATOP, NMC, STATES, atop_similarity, domain

MEASURES = {"tau_b": "tau_b", "s": "s_unweighted"}
#: Output columns (each with suffix 1 for state 1 challenging state 2, and 2 the other way).
COLUMNS = ("eu_wartrap", "eu_wartrap_bilateral", "p_wr", "u_sq", "u_win", "u_lose", "u_nego")


def _names(similarity: str) -> list[str]:
    tail = "" if similarity == "tau_b" else "_s"
    return [f"{c}{tail}{i}" for c in COLUMNS for i in (1, 2)]


def expected_utility_table(
    wh: Warehouse, years: tuple[int, int], similarity: str = "tau_b", nmc: str = NMC
) -> pa.Table:
    """c1, c2, year and the columns of :data:`COLUMNS` (state c1's values against c2); ``nmc``
    names the NMC source (or family) whose CINC is used.

    >>> from detente.warehouse import default_warehouse
    >>> t = expected_utility_table(default_warehouse(), (1816, 1816)).to_pandas()
    >>> len(t), bool((t.eu_wartrap.abs() <= 1 + 23).all())  # 23 states: 23 * 22 ordered pairs
    (506, True)
    """
    measure = MEASURES[similarity]
    pairs = atop_similarity(wh, years, [measure]).to_pandas()
    view = wh.view_name(resolve_source(nmc), "nmc")
    cinc = wh.con.sql(
        f"SELECT ccode, year, cinc FROM ({cinc_sql(view)}) WHERE year BETWEEN {years[0]} AND {years[1]}"
    ).df()
    cinc_by_year = {y: g for y, g in cinc.groupby("year")}
    parts = []
    for year, g in pairs.groupby("year"):  # one pass per year; every pair of the year at once
        codes = np.unique(np.concatenate([g.c1.to_numpy(), g.c2.to_numpy()]))
        n = len(codes)
        u = np.full((n, n), np.nan)
        u[np.searchsorted(codes, g.c1.to_numpy()), np.searchsorted(codes, g.c2.to_numpy())] = g[measure]
        np.fill_diagonal(u, 1.0)
        c = np.full(n, np.nan)
        cy = cinc_by_year.get(year)
        if cy is not None:
            known = np.isin(cy.ccode.to_numpy(), codes)
            c[np.searchsorted(codes, cy.ccode.to_numpy()[known])] = cy.cinc.to_numpy()[known]
        wt = eu.war_trap(c, u)
        p = eu.war_and_reason_probability(c, u)
        ut = eu.utilities(u, 1.0)
        values = {"eu_wartrap": wt["eu"], "eu_wartrap_bilateral": wt["bilateral"], "p_wr": p,
                  "u_sq": ut["sq"], "u_win": ut["win"], "u_lose": ut["lose"],
                  "u_nego": p * ut["win"] + (1 - p) * ut["lose"]}  # fmt: skip
        i, j = np.nonzero(~np.eye(n, dtype=bool))
        part = {"c1": codes[i].astype(np.int16), "c2": codes[j].astype(np.int16),
                "year": np.full(len(i), year, dtype=np.int16)}  # fmt: skip
        part.update({k: v[i, j] for k, v in values.items()})
        parts.append(part)
    cols = {}
    for name in ("c1", "c2", "year", *COLUMNS):
        data = np.concatenate([p[name] for p in parts]) if parts else np.array([])
        kind = pa.int16() if name in ("c1", "c2", "year") else pa.float64()
        cols[name] = pa.array(data, kind, from_pandas=True)
    return pa.table(cols)


def _registered(wh: Warehouse, years: tuple[int, int], similarity: str, nmc: str) -> str:
    key = f"eu|{similarity}|{years[0]}-{years[1]}|{nmc}"
    name = "_detente_eu_" + hashlib.sha256(key.encode()).hexdigest()[:12]
    return wh.stored(name, lambda: expected_utility_table(wh, years, similarity, nmc))


@step(
    "expected_utility",
    units=(DYAD_YEAR,),
    sources=(ATOP, STATES, NMC),
    domain=lambda params: domain("atop"),
)
def add_expected_utility(panel: Panel, similarity: str = "tau_b") -> str:
    """Add Bueno de Mesquita's expected utility of conflict (EUGene's War Trap and War and Reason).

    For state 1 challenging state 2 (suffix 1) and the reverse (suffix 2): ``eu_wartrap`` (War
    Trap 1981 expected utility: bilateral term ``eu_wartrap_bilateral`` plus every third state's),
    ``p_wr`` (War and Reason 1992 probability of prevailing), ``u_sq``, ``u_win``, ``u_lose``
    (1985 utilities of the status quo, of one's own and of the other's policy prevailing, risk
    neutral) and ``u_nego`` (``p_wr * u_win + (1 - p_wr) * u_lose``). Capabilities are CINC
    (the panel's NMC: 7.0, or 6.0 with ``versions={"nmc": "6.0"}``), policy utilities the
    similarity of ATOP alliance portfolios: ``similarity="tau_b"`` (default, as EUGene) or
    ``"s"`` (unweighted S; columns get ``_s``). Null outside ATOP's years in the COW system
    (1816-2018) and where either state's CINC or similarity is unknown. What is approximated or left out:
    docs/expected_utility.md.

    >>> import detente
    >>> d = detente.dyad_years(years=(1914, 1914)).add_expected_utility().to_pandas()
    >>> r = d.query("ccode1 == 255 and ccode2 == 365").iloc[0]  # Germany and Russia, 1914
    >>> round(float(r.eu_wartrap1), 4), round(float(r.eu_wartrap2), 4)  # zero-sum in the dyad
    (-0.1781, 0.1781)
    """
    if similarity not in MEASURES:
        raise InputError(
            f"expected_utility: similarity must be one of {list(MEASURES)}, not {similarity!r}"
        )
    lo, hi = domain("atop")
    years = (max(lo, panel.years[0]), min(hi, panel.years[1]))
    names = _names(similarity)
    if years[0] > years[1]:
        nulls = ", ".join(f"NULL::DOUBLE AS {n}" for n in names)
        return f"SELECT p.*, {nulls} FROM ({panel.sql}) p"
    table = _registered(panel.wh, years, similarity, panel.source(NMC))
    sides = [c for c in COLUMNS for _ in (1, 2)]
    cols = ", ".join(
        f"{'a' if n[-1] == '1' else 'b'}.{c} AS {n}" for c, n in zip(sides, names, strict=True)
    )
    return f"""SELECT p.*, {cols} FROM ({panel.sql}) p
               LEFT JOIN {table} a ON a.c1 = p._k1 AND a.c2 = p._k2 AND a.year = p.year
               LEFT JOIN {table} b ON b.c1 = p._k2 AND b.c2 = p._k1 AND b.year = p.year"""
