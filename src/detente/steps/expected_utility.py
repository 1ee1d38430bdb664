"""Expected utility of conflict for dyad-years, as in EUGene: War Trap (1981), the 1985 risk
attitudes and risk-adjusted utilities, War and Reason's (1992) probability of success and its
International Interaction Game (outcome utilities and predicted equilibrium).

Inputs per year: every COW state's CINC (recomputed from the panel's NMC, as the capabilities
step) and the similarity of every pair's ATOP alliance portfolios (tau-b by default, or
unweighted S; the portfolios of the similarity step). The formulas are in
:mod:`detente.measures.expected_utility` and docs/expected_utility.md, with their sources and
where they differ from EUGene's.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pyarrow as pa

from .. import crosswalk
from ..errors import InputError
from ..fetch import cached_path, sha256_of
from ..measures import expected_utility as eu
from ..measures.cinc import cinc_sql
from ..panel import DYAD_YEAR, Panel
from ..registry import get_source, resolve_source
from ..warehouse import Warehouse
from ._base import step
from .contiguity import CONTIGUITY
from .similarity import (
    ATOP,
    ATOP_CODES,
    NMC,
    STATES,
    _by_year,
    atop_similarity,
    atop_ties_sql,
    domain,
    members_by_year,
)

MEASURES = {"tau_b": "tau_b", "s": "s_unweighted"}
#: Output columns (each with suffix 1 for state 1 challenging state 2, and 2 the other way).
COLUMNS = ("eu_wartrap", "eu_wartrap_bilateral", "p_wr", "u_sq", "u_win", "u_lose", "u_nego")
#: International Interaction Game of state 1 (A) against state 2 (B): each outcome's utility for
#: state 1 (suffix 1) and state 2 (suffix 2), and the predicted outcome ``iig_eq``.
IIG = tuple(f"iig_{o}" for o in eu.IIG_OUTCOMES)
RISK = ("risk", "security", "sec_max", "sec_min")


def _tail(similarity: str) -> str:
    return "" if similarity == "tau_b" else "_s"


def _names(similarity: str, risk: bool = False) -> list[str]:
    """The per-side columns the step adds (each column with suffix 1, then 2)."""
    tail = _tail(similarity)
    cols = [*COLUMNS, *(("risk",) if risk else ())]
    return [f"{c}{tail}{i}" for c in cols for i in (1, 2)]


def _iig_names(similarity: str) -> list[str]:
    tail = _tail(similarity)
    return [f"iig_eq{tail}"] + [f"{c}{tail}{i}" for c in IIG for i in (1, 2)]


def portfolios(wh: Warehouse, years: tuple[int, int]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Each year's COW codes (sorted) and ATOP portfolio codes (n, n): 0-3, symmetric, the
    diagonal 3, exactly as the similarity step builds them for tau-b and S."""
    con = wh.con
    members = members_by_year(wh, years)
    ties = _by_year(con, atop_ties_sql(wh, years))
    out = {}
    for year, m in members.items():
        codes = np.sort(m["ccode"])
        levels = np.zeros((len(codes), len(codes)), dtype=np.int64)
        np.fill_diagonal(levels, ATOP_CODES - 1)
        t = ties.get(year)
        if t is not None:
            keep = np.isin(t["c1"], codes) & np.isin(t["c2"], codes)
            levels[np.searchsorted(codes, t["c1"][keep]), np.searchsorted(codes, t["c2"][keep])] = t[
                "level"
            ][keep]
        out[year] = (codes, levels)
    return out


def _cinc_by_year(wh: Warehouse, years: tuple[int, int], nmc: str) -> dict:
    view = wh.view_name(resolve_source(nmc), "nmc")
    cinc = wh.con.sql(
        f"SELECT ccode, year, cinc FROM ({cinc_sql(view)}) WHERE year BETWEEN {years[0]} AND {years[1]}"
    ).df()
    return {y: g for y, g in cinc.groupby("year")}


def _capabilities(codes: np.ndarray, cy) -> np.ndarray:  # noqa: ANN001
    c = np.full(len(codes), np.nan)
    if cy is not None:
        known = np.isin(cy.ccode.to_numpy(), codes)
        c[np.searchsorted(codes, cy.ccode.to_numpy()[known])] = cy.cinc.to_numpy()[known]
    return c


CAPDIST = "capdist"


def _sources(params: dict, unit: str) -> tuple[str, ...]:
    """ATOP, the COW states and NMC, Gleditsch's capital distances with ``distance=True`` and COW
    direct contiguity with ``contiguity``."""
    extra = (CAPDIST,) if params.get("distance") else ()
    return (ATOP, STATES, NMC, *extra, *((CONTIGUITY,) if params.get("contiguity") else ()))


class _Distances:
    """Capital-to-capital miles (Gleditsch's capdist) for the COW states of a year; with
    ``contiguity`` (1-5) a pair directly contiguous at that COW type or closer that year is at
    0 miles (EUGene's "capitals + contiguity"; a pair without known capitals stays unknown), and
    years outside COW contiguity's are unknown."""

    def __init__(self, wh: Warehouse, contiguity: int = 0) -> None:
        self.contiguity = int(contiguity)
        self.contiguous: dict = {}
        if self.contiguity:
            src = wh.view_name(CONTIGUITY, "contiguity")
            cont = wh.con.execute(
                f"SELECT year, ccode1, ccode2 FROM {src} WHERE conttype BETWEEN 1 AND ?",
                [self.contiguity],
            ).df()
            self.contiguous = {y: g for y, g in cont.groupby("year")}
            self.cont_years = get_source(CONTIGUITY).years
        t = wh.con.sql(f"SELECT numa, numb, miles FROM {wh.view_name(CAPDIST, 'distances')}")
        cols = t.fetchnumpy()
        self.miles = np.full((1000, 1000), np.nan)
        a, b = np.asarray(cols["numa"]), np.asarray(cols["numb"])
        ok = (a >= 0) & (a < 1000) & (b >= 0) & (b < 1000)
        self.miles[a[ok], b[ok]] = np.asarray(cols["miles"])[ok]
        table = crosswalk.install(wh.con)
        self.xw = wh.con.sql(
            f"SELECT gwcode, ccode, first_year, last_year FROM {table} WHERE ccode IS NOT NULL"
        ).fetchnumpy()

    def __call__(self, codes: np.ndarray, year: int) -> np.ndarray:
        """(n, n) miles between the capitals of ``codes`` (COW) in ``year``; NaN when unknown."""
        gw = np.asarray(codes, dtype=np.int64).copy()
        x = self.xw
        live = (x["first_year"] <= year) & (x["last_year"] >= year)
        for g, c in zip(x["gwcode"][live], x["ccode"][live], strict=True):  # a handful of codes
            gw[gw == c] = g
        inside = (gw >= 0) & (gw < 1000)
        g = np.where(inside, gw, 0)
        out = self.miles[g[:, None], g[None, :]]
        out[~(inside[:, None] & inside[None, :])] = np.nan
        if self.contiguity:
            lo, hi = self.cont_years
            if not lo <= year <= hi:  # no contiguity known: no distance EUGene's rule could use
                out[:] = np.nan
            elif year in self.contiguous:
                c = self.contiguous[year]
                a, b = c.ccode1.to_numpy(), c.ccode2.to_numpy()
                keep = np.isin(a, codes) & np.isin(b, codes)
                order = np.argsort(codes)
                ia = order[np.searchsorted(codes, a[keep], sorter=order)]
                ib = order[np.searchsorted(codes, b[keep], sorter=order)]
                # as EUGene, only pairs whose capitals are known (else the distance stays unknown)
                out[ia, ib] = np.where(np.isnan(out[ia, ib]), np.nan, 0.0)
        np.fill_diagonal(out, 0.0)
        return out


def _capability_input(c: np.ndarray, codes: np.ndarray, year: int, dist: _Distances | None):
    """CINC (n,), or the distance-discounted (n, n) capabilities when distances are read."""
    return c if dist is None else eu.discounted_capability(c, dist(codes, year), year)


def risk_table(
    wh: Warehouse,
    years: tuple[int, int],
    nmc: str = NMC,
    tol: float = 0.01,
    distance: bool = False,
    contiguity: int = 0,
    regional: bool = False,
) -> pa.Table:
    """ccode, year, risk (R_i, -1 risk averse .. 1 risk acceptant), security, sec_max, sec_min:
    Bueno de Mesquita's (1985) risk attitudes as EUGene computes them (global, tau-b of ATOP
    portfolios, CINC, discounted by capital distances with ``distance``; a steepest search over
    each state's ties, tolerance ``tol``; ``contiguity`` as :func:`expected_utility_table`).
    ``regional=True``: EUGene's risk toward each of its five regions, one row per state, year
    and ``region`` (:func:`detente.measures.expected_utility.regional_risk_attitudes`).

    >>> from detente.warehouse import default_warehouse
    >>> t = risk_table(default_warehouse(), (1816, 1816)).to_pandas()
    >>> len(t), bool(t.risk.between(-1, 1).all())  # 23 states
    (23, True)
    """
    cinc = _cinc_by_year(wh, years, nmc)
    dist = _Distances(wh, contiguity) if distance else None
    parts = []
    for year, (codes, levels) in portfolios(wh, years).items():
        c = _capabilities(codes, cinc.get(year))
        cap = _capability_input(c, codes, year, dist)
        if not regional:
            r = eu.risk_attitudes(cap, levels, tol)
            parts.append({"ccode": codes.astype(np.int16),
                          "year": np.full(len(codes), year, dtype=np.int16), **r})  # fmt: skip
            continue
        r = eu.regional_risk_attitudes(cap, levels, codes, year, tol)  # (n, regions) each
        k = len(eu.REGIONS)
        parts.append({"ccode": np.repeat(codes, k).astype(np.int16),
                      "year": np.full(len(codes) * k, year, dtype=np.int16),
                      "region": np.tile(np.arange(k), len(codes)),
                      **{name: v.reshape(-1) for name, v in r.items()}})  # fmt: skip
    cols = {}
    for name in ("ccode", "year", *(("region",) if regional else ()), *RISK):
        data = np.concatenate([p[name] for p in parts]) if parts else np.array([])
        if name == "region":
            index = pa.array(data.astype(np.int8))
            cols[name] = pa.DictionaryArray.from_arrays(index, pa.array(eu.REGIONS)).cast(pa.string())
            continue
        kind = pa.int16() if name in ("ccode", "year") else pa.float64()
        cols[name] = pa.array(data, kind, from_pandas=True)
    return pa.table(cols)


def _year_similarities(wh: Warehouse, years: tuple[int, int], similarity: str, regional: bool):
    """Yield (year, codes, u, third) per year: global similarities from the similarity step, or
    EUGene's regional ones (:func:`detente.measures.expected_utility.regional_similarity`)."""
    if regional:
        for year, (codes, levels) in portfolios(wh, years).items():
            u, rel, inv = eu.regional_similarity(codes, levels, year, similarity)
            yield year, codes, u, (rel, inv)
        return
    measure = MEASURES[similarity]
    pairs = atop_similarity(wh, years, [measure]).to_pandas()
    for year, g in pairs.groupby("year"):  # one pass per year; every pair of the year at once
        codes = np.unique(np.concatenate([g.c1.to_numpy(), g.c2.to_numpy()]))
        n = len(codes)
        u = np.full((n, n), np.nan)
        u[np.searchsorted(codes, g.c1.to_numpy()), np.searchsorted(codes, g.c2.to_numpy())] = g[measure]
        np.fill_diagonal(u, 1.0)
        yield year, codes, u, None


def expected_utility_table(
    wh: Warehouse,
    years: tuple[int, int],
    similarity: str = "tau_b",
    nmc: str = NMC,
    risk: pa.Table | None = None,
    iig: dict | None = None,
    distance: bool = False,
    regional: bool = False,
    contiguity: int = 0,
) -> pa.Table:
    """c1, c2, year, the columns of :data:`COLUMNS` (state c1's values against c2), ``risk`` (c1's
    R) and the International Interaction Game of c1 (A) against c2 (B): ``iig_eq`` and each
    outcome's utility for A (``iig_<outcome>_a``) and B (``_b``). ``nmc`` names the NMC source
    (or family) whose CINC is used; ``risk`` a :func:`risk_table` (risk neutral, R = 0, without);
    ``iig`` the game's cost settings (:data:`detente.measures.expected_utility.IIG_DEFAULTS`);
    ``distance`` discounts capabilities by capital distance (Gleditsch's capdist, fetched);
    ``regional`` applies EUGene's regional rules (similarities over the states involved in each
    pair's relevant region, third states involved in the dyad's region); ``contiguity`` (1-5,
    with ``distance``) puts pairs contiguous at that COW direct-contiguity type or closer at
    distance 0.
    War and Reason's columns use the similarities with EUGene's 0.999 rule
    (:func:`detente.measures.expected_utility.war_and_reason_similarity`); B's game values are
    those of the dyad (c1, c2), as EUGene keeps them in the dyad's record.

    >>> from detente.warehouse import default_warehouse
    >>> t = expected_utility_table(default_warehouse(), (1816, 1816)).to_pandas()
    >>> len(t), bool((t.eu_wartrap.abs() <= 1 + 23).all())  # 23 states: 23 * 22 ordered pairs
    (506, True)
    """
    iig = {**eu.IIG_DEFAULTS, "adjusted_phi": False, **(iig or {})}
    cinc_by_year = _cinc_by_year(wh, years, nmc)
    risk_by_year = {} if risk is None else {y: g for y, g in risk.to_pandas().groupby("year")}
    dist = _Distances(wh, contiguity) if distance else None
    parts = []
    for year, codes, u, third in _year_similarities(wh, years, similarity, regional):
        n = len(codes)
        c = _capabilities(codes, cinc_by_year.get(year))
        ra = rb = np.zeros((n, n))  # each dyad's R of A (state c1) and of B (c2)
        if risk is not None:
            ry = risk_by_year.get(year)
            if "region" in risk.column_names and third is not None:  # toward the dyad's region
                by_region = np.full((n, len(eu.REGIONS)), np.nan)
                if ry is not None:
                    known = np.isin(ry.ccode.to_numpy(), codes)
                    rows = np.searchsorted(codes, ry.ccode.to_numpy()[known])
                    cols_ = ry.region.map(eu.REGIONS.index).to_numpy()[known]
                    by_region[rows, cols_] = ry.risk.to_numpy()[known]
                rel = third[0]
                ra, rb = by_region[np.arange(n)[:, None], rel], by_region[np.arange(n)[None, :], rel]
            else:
                big_r = np.full(n, np.nan)
                if ry is not None:
                    known = np.isin(ry.ccode.to_numpy(), codes)
                    big_r[np.searchsorted(codes, ry.ccode.to_numpy()[known])] = ry.risk.to_numpy()[known]
                ra, rb = np.repeat(big_r[:, None], n, axis=1), np.repeat(big_r[None, :], n, axis=0)
        cap = _capability_input(c, codes, year, dist)
        wt = eu.war_trap(c, u, third) if dist is None else eu.war_trap_discounted(cap, u, third)
        uw = eu.war_and_reason_similarity(u)  # EUGene's 0.999 rule, War and Reason only
        p, p_b = eu.war_and_reason_probabilities(cap, uw, (ra, rb), third)
        ut = eu.utilities(uw, eu.risk_exponent(ra))
        # [j, i]: B's utilities with the dyad's own u[i, j] and B's R in the dyad
        ut_b = eu.utilities(uw.T, eu.risk_exponent(rb).T)
        i, j = np.nonzero(~np.eye(n, dtype=bool))
        game = eu.iig_utilities(
            ut["win"][i, j], ut["lose"][i, j], ut["sq"][i, j], p[i, j],
            ut_b["win"][j, i], ut_b["lose"][j, i], ut_b["sq"][j, i], p_b[i, j], **iig,
        )  # fmt: skip
        values = {"eu_wartrap": wt["eu"], "eu_wartrap_bilateral": wt["bilateral"], "p_wr": p,
                  "u_sq": ut["sq"], "u_win": ut["win"], "u_lose": ut["lose"],
                  "u_nego": p * ut["win"] + (1 - p) * ut["lose"]}  # fmt: skip
        part = {"c1": codes[i].astype(np.int16), "c2": codes[j].astype(np.int16),
                "year": np.full(len(i), year, dtype=np.int16), "risk": ra[i, j],
                "iig_eq": eu.iig_outcome_codes(game)}  # fmt: skip
        part.update({k: v[i, j] for k, v in values.items()})
        for o, (ua, ub) in game.items():
            part[f"iig_{o}_a"], part[f"iig_{o}_b"] = ua, ub
        parts.append(part)
    cols = {}
    names = ("c1", "c2", "year", *COLUMNS, "risk", "iig_eq",
             *(f"{c}_{s}" for c in IIG for s in "ab"))  # fmt: skip
    for name in names:
        data = np.concatenate([p[name] for p in parts]) if parts else np.array([])
        if name == "iig_eq":  # outcome codes -> names, in Arrow (no Python strings per row)
            codes = pa.array(data.astype(np.int8), mask=data < 0)
            outcomes = pa.DictionaryArray.from_arrays(codes, pa.array(eu.IIG_OUTCOMES))
            cols[name] = outcomes.cast(pa.string())
            continue
        kind = pa.int16() if name in ("c1", "c2", "year") else pa.float64()
        cols[name] = pa.array(data, kind, from_pandas=True)
    return pa.table(cols)


def _store(wh: Warehouse, key: str, build) -> str:  # noqa: ANN001
    name = "_detente_eu_" + hashlib.sha256(key.encode()).hexdigest()[:12]
    # computed once per cache (Parquet under <cache>/derived), seen by streaming cursors too
    return wh.stored(name, build)


def _check_cost(name: str, value: float) -> float:
    if not np.isfinite(value) or value < 0:
        raise InputError(f"expected_utility: {name} must be a finite cost >= 0, not {value!r}")
    return float(value)


@step(
    "expected_utility",
    units=(DYAD_YEAR,),
    sources=_sources,
    domain=lambda params: domain("atop"),
)
def add_expected_utility(
    panel: Panel,
    similarity: str = "tau_b",
    risk: bool = False,
    distance: bool = False,
    alpha: float = 0.5,
    tau: float = 1.0,
    gamma: float = 1.0,
    adjusted_phi: bool = False,
    regional: bool = False,
    contiguity: int = 0,
) -> str:
    """Add Bueno de Mesquita's expected utility of conflict (EUGene's War Trap and War and Reason).

    For state 1 challenging state 2 (suffix 1) and the reverse (suffix 2): ``eu_wartrap`` (War
    Trap 1981 expected utility: bilateral term ``eu_wartrap_bilateral`` plus every third state's),
    ``p_wr`` (War and Reason 1992 probability of prevailing), ``u_sq``, ``u_win``, ``u_lose``
    (1985 utilities of the status quo, of one's own and of the other's policy prevailing) and
    ``u_nego`` (``p_wr * u_win + (1 - p_wr) * u_lose``); the International Interaction Game of
    state 1 (A) against state 2 (B): ``iig_eq``, its predicted outcome (``sq``, ``nego``,
    ``acq_a``/``acq_b`` acquiescence of A/B, ``cap_a``/``cap_b`` capitulation, ``war_a``/``war_b``
    war begun by A/B), and each outcome's utility for state 1 and 2 (``iig_<outcome>1``, ``2``),
    with EUGene's costs ``alpha`` (attacking, 0.5), ``tau`` (being attacked, 1) and ``gamma``
    (capitulating, 1; all scaled by the loser's chance) and ``adjusted_phi`` (EUGene's option).
    ``risk=True`` estimates each state-year's 1985 risk attitude (``risk1``, ``risk2``: EUGene's
    search for the most and least secure alliance portfolio; slow, see the docs) and uses it in
    the utilities, ``p_wr`` and the game; without it every state is risk neutral (R = 0).
    ``distance=True`` discounts capabilities by the distance between capitals (Bueno de
    Mesquita's loss-of-strength gradient, as EUGene; needs Gleditsch's capdist, fetched with
    ``detente fetch capdist --accept-hash capdist.csv=SHA256``); off by default, never zero.
    ``contiguity=1`` (with ``distance=True``) also puts states sharing a land border that year
    (COW direct contiguity type 1; 2-5 count water borders up to that type too) at distance 0,
    EUGene's "capitals + contiguity" (its setting: type 1); null outside COW contiguity's years.
    Capabilities are CINC (the panel's NMC: 7.0, or 6.0 with ``versions={"nmc": "6.0"}``),
    policy utilities the similarity of ATOP alliance portfolios: ``similarity="tau_b"`` (default,
    as EUGene) or ``"s"`` (unweighted S; columns get ``_s``). Null outside ATOP's years in the COW
    system (1816-2018) and where either state's CINC or similarity is unknown.
    ``regional=True`` applies EUGene's regional rules (its default): each pair's similarity over
    the states involved in its relevant region (Bueno de Mesquita's region involvement, as EUGene
    codes it), and only states involved in the dyad's region as third states; with
    ``risk=True`` each state's risk toward each of EUGene's five regions (its regional search),
    War and Reason using A's and B's risk toward the dyad's region. War and Reason's columns
    use EUGene's 0.999 rule for similarities of 1. Differences from EUGene:
    docs/expected_utility.md.

    >>> import detente
    >>> d = detente.dyad_years(years=(1914, 1914)).add_expected_utility().to_pandas()
    >>> r = d.query("ccode1 == 255 and ccode2 == 365").iloc[0]  # Germany and Russia, 1914
    >>> round(float(r.eu_wartrap1), 4), round(float(r.eu_wartrap2), 4)  # zero-sum in the dyad
    (-0.1781, 0.1781)
    >>> r.iig_eq
    'nego'
    """
    if similarity not in MEASURES:
        raise InputError(
            f"expected_utility: similarity must be one of {list(MEASURES)}, not {similarity!r}"
        )
    if risk and similarity != "tau_b":
        raise InputError("expected_utility: risk=True searches tau-b portfolios; use similarity='tau_b'")
    if contiguity not in range(6) or (contiguity and not distance):
        raise InputError(
            "expected_utility: contiguity must be 0 (off) or a COW contiguity type 1-5, "
            f"and needs distance=True, not contiguity={contiguity!r}"
        )
    costs = {k: _check_cost(k, v) for k, v in (("alpha", alpha), ("tau", tau), ("gamma", gamma))}
    lo, hi = domain("atop")
    years = (max(lo, panel.years[0]), min(hi, panel.years[1]))
    names = _names(similarity, risk)
    game_names = _iig_names(similarity)
    if years[0] > years[1]:
        nulls = ", ".join(
            [f"NULL::DOUBLE AS {n}" for n in names + game_names[1:]]
            + [f"NULL::VARCHAR AS {game_names[0]}"]
        )
        return f"SELECT p.*, {nulls} FROM ({panel.sql}) p"
    nmc = panel.source(NMC)
    dist_key = "none"
    if distance:  # the stored tables' names carry the distance file's hash (an accepted one)
        panel.wh.view_name(CAPDIST, "distances")
        capdist = get_source(CAPDIST)
        dist_key = sha256_of(cached_path(capdist, capdist.file("capdist.csv"), panel.wh.cache))
        dist_key += f"|contiguity{int(contiguity)}"
    risk_name = None
    if risk:
        risk_name = _store(
            panel.wh,
            f"risk2|{years[0]}-{years[1]}|{nmc}|{dist_key}|{'regional' if regional else 'global'}",
            lambda: risk_table(
                panel.wh,
                years,
                nmc,
                distance=bool(distance),
                contiguity=int(contiguity),
                regional=bool(regional),
            ),  # fmt: skip
        )
    iig = {**costs, "adjusted_phi": bool(adjusted_phi)}
    scope = "regional" if regional else "global"
    key = f"eu4|{similarity}|{years}|{nmc}|{risk_name}|{sorted(iig.items())}|{dist_key}|{scope}"

    def build() -> pa.Table:
        risks = panel.wh.con.sql(f"SELECT * FROM {risk_name}").to_arrow_table() if risk_name else None
        return expected_utility_table(
            panel.wh, years, similarity, nmc, risks, iig, bool(distance), bool(regional),
            int(contiguity),
        )  # fmt: skip

    table = _store(panel.wh, key, build)
    sides = [c for c in (*COLUMNS, *(("risk",) if risk else ())) for _ in (1, 2)]
    cols = [f"{'a' if n[-1] == '1' else 'b'}.{c} AS {n}" for c, n in zip(sides, names, strict=True)]
    cols.append(f"a.iig_eq AS {game_names[0]}")
    cols += [f"a.{c}_{'a' if n[-1] == '1' else 'b'} AS {n}"
             for c, n in zip([c for c in IIG for _ in (1, 2)], game_names[1:], strict=True)]  # fmt: skip
    return f"""SELECT p.*, {", ".join(cols)} FROM ({panel.sql}) p
               LEFT JOIN {table} a ON a.c1 = p._k1 AND a.c2 = p._k2 AND a.year = p.year
               LEFT JOIN {table} b ON b.c1 = p._k2 AND b.c2 = p._k1 AND b.year = p.year"""
