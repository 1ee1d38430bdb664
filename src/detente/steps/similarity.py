"""Foreign-policy similarity of dyads: ATOP alliance portfolios or UN General Assembly votes.

Each year's portfolios become one matrix and every measure is computed for all pairs at once with
NumPy (:mod:`detente.measures.similarity`); the loop runs over years only. The results are
registered in the warehouse's DuckDB connection as an Arrow table and joined to the panel on the
states' COW codes.

ATOP portfolios (Leeds et al. 2002, ATOP 5.1 member file): in year y, state i's portfolio holds
one value for every state k of the COW system in y (i itself included), on Chiba et al.'s
ranking: 3 defense or offense, 2 neutrality or consultation, 1 non-aggression only, 0 none; a
state's tie with itself is 3 (Signorino & Ritter 1999: every state is its own defence ally).
The obligations are the directed ones of the alliances step (state i's to state k, which equal
ATOP's directed dyad-year file). Two conventions (``portfolio``):

- ``"symmetric"`` (detente's default): i's value for k is the higher of the two directed
  obligations, i's to k and k's to i: an alliance ties both states at its strongest promise.
- ``"directed"`` (the fpsim R package's, S. Miller 2025): i's value for k is i's own obligation
  to k, so i's and k's portfolios differ where only one promises (e.g. the US guarantee of
  Japan, 1951-1960). This is the convention fpsim's published ATOP scores use; columns get
  ``_directed``.

A shared alliance with no obligation coded for either member counts 0. Members outside the COW system
that year (e.g. ATOP member 8152) are not dimensions of anyone's portfolio. Weighted S weights
each dimension by its state's CINC that year (recomputed from the panel's NMC, 7.0 by default).

Regions (``scope="regional"``): the portfolio of a dyad is restricted to the states in the
region of either state, regions being blocks of COW codes: Americas 2-199, Europe 200-399,
Africa 400-599, Middle East 600-699 and Asia with Oceania 700-999 (Oceania alone, 900-999,
would leave portfolios of a handful of states).

UN votes (Voeten's data via unvotes): in session year y, a state's portfolio is its votes on the
roll calls of the session opened in y, coded yes 0, abstain 1, no 2 (Voeten's yes=1, abstain=2,
no=3, minus 1; the Voeten 1 / 0.5 / 0 agreement scale gives the same S, kappa and pi, which are
invariant to a linear recoding). A pair is compared on the roll calls both voted on; absent and
non-member states have no vote there.

Domains: ATOP measures are computed for 1816-2018 (ATOP's 1815-2018 within the COW 2024
system's years; weighted S needs NMC: 1816-2022 for 7.0, 1816-2016 for 6.0); UN measures for
session years 1946-2019. Outside them every value is null, and inside them a dyad-year is null
when either state has no portfolio (not a COW member that year, or cast no UN vote in the
session); kappa, pi and tau-b are also null when undefined (e.g. two states that voted yes on
every roll call they shared).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from ..errors import InputError
from ..measures import similarity as sim
from ..measures.cinc import cinc_sql
from ..panel import DYAD_YEAR, Panel
from ..registry import get_source, resolve_source
from ..systems import SYSTEMS
from ..warehouse import Warehouse
from ._base import step
from .alliances import directed_ties_sql
from .un_voting import IDEALPOINTS, VOTES, un_votes_sql

ATOP, STATES, NMC = "atop-5.1", "cow-states-2024", "nmc"  # NMC: family, newest version
SOURCES = ("atop", "unvotes")
MEASURES = ("s_unweighted", "s_weighted", "kappa", "pi", "tau_b")
UNVOTE_MEASURES = ("s_unweighted", "kappa", "pi", "tau_b")
SCOPES = ("global", "regional")
PORTFOLIOS = ("symmetric", "directed")

#: ATOP commitment level of a member-year's obligations (highest first).
ATOP_LEVEL = """CASE WHEN defense = 1 OR offense = 1 THEN 3 WHEN neutral = 1 OR consul = 1 THEN 2
                     WHEN nonagg = 1 THEN 1 ELSE 0 END"""
ATOP_CODES = 4  # levels 0-3
VOTE_CODES = 3  # yes, abstain, no

#: Regions as COW code blocks (upper bound inclusive) -> region number.
REGIONS = ((199, 0, "Americas"), (399, 1, "Europe"), (599, 2, "Africa"), (699, 3, "Middle East"))
ASIA_OCEANIA = 4


def region_of(ccodes: np.ndarray) -> np.ndarray:
    """The region number (0 Americas .. 4 Asia and Oceania) of each COW code.

    >>> region_of(np.array([2, 200, 365, 640, 651, 710, 900])).tolist()
    [0, 1, 1, 3, 3, 4, 4]
    """
    bounds = np.array([b for b, _, _ in REGIONS])
    return np.searchsorted(bounds, np.asarray(ccodes), side="left").astype(np.int8)


def _check(
    source: str, measures: Sequence[str] | None, distance: str, scope: str, portfolio: str
) -> list[str]:
    """Validate the parameters; return the measures to compute."""
    if portfolio not in PORTFOLIOS:
        raise InputError(f"similarity: portfolio must be one of {list(PORTFOLIOS)}, not {portfolio!r}")
    if portfolio != "symmetric" and source != "atop":
        raise InputError("similarity: portfolio='directed' is for ATOP alliances; use source='atop'")
    if source not in SOURCES:
        raise InputError(f"similarity: unknown source {source!r}; choose from {list(SOURCES)}")
    allowed = MEASURES if source == "atop" else UNVOTE_MEASURES
    chosen = list(measures) if measures else list(allowed)
    bad = [m for m in chosen if m not in allowed]
    if bad:
        raise InputError(
            f"similarity: measure(s) {bad} not available for {source}; choose from {allowed}"
        )
    if distance not in sim.DISTANCES:
        raise InputError(f"similarity: distance must be one of {list(sim.DISTANCES)}, not {distance!r}")
    if scope not in SCOPES:
        raise InputError(f"similarity: scope must be one of {list(SCOPES)}, not {scope!r}")
    if scope == "regional" and source != "atop":
        raise InputError("similarity: scope='regional' needs state portfolios; use source='atop'")
    return chosen


def column_name(
    source: str, measure: str, distance: str, scope: str, portfolio: str = "symmetric"
) -> str:
    """Output column: atop_<measure> or unvote_<measure>, with _sq, _regional, _directed.

    >>> column_name("unvotes", "s_unweighted", "absolute", "global")
    'unvote_s'
    >>> column_name("atop", "kappa", "squared", "regional")
    'atop_kappa_sq_regional'
    >>> column_name("atop", "s_weighted", "absolute", "global", "directed")
    'atop_s_weighted_directed'
    """
    prefix = "atop" if source == "atop" else "unvote"
    name = "s" if (source != "atop" and measure == "s_unweighted") else measure
    sq = "_sq" if distance == "squared" and measure != "tau_b" else ""
    reg = "_regional" if scope == "regional" else ""
    pf = "_directed" if portfolio == "directed" else ""
    return f"{prefix}_{name}{sq}{reg}{pf}"


def _sources(params: dict[str, Any], unit: str) -> tuple[str, ...]:
    """The sources similarity reads: UN votes, or ATOP (and NMC for capability weights)."""
    if params["source"] == "unvotes":
        return (VOTES, IDEALPOINTS, STATES)
    weighted = "s_weighted" in (params["measures"] or MEASURES)
    return (ATOP, STATES, *((NMC,) if weighted else ()))


def domain(source: str) -> tuple[int, int]:
    """The years a source's similarity is computed for (see the module docs)."""
    if source == "unvotes":
        return 1946, 2019  # session years of unvotes' 74 sessions
    lo, hi = get_source(ATOP).years
    slo, shi = SYSTEMS["cow"].years
    return max(lo, slo), min(hi, shi)


# -- portfolios ----------------------------------------------------------------------------------


def atop_ties_sql(wh: Warehouse, years: tuple[int, int], portfolio: str = "symmetric") -> str:
    """SQL: c1, c2, year, level (0-3) of c1's portfolio value for c2, for allied pairs in ``years``.

    ``portfolio``: "directed" (c1's own obligation to c2) or "symmetric" (the higher of the two).
    """
    ties = f"""SELECT c1, c2, year, ({ATOP_LEVEL})::TINYINT AS level
               FROM ({directed_ties_sql(wh.view_name(ATOP, "members"))})
               WHERE year BETWEEN {years[0]} AND {years[1]}"""
    if portfolio == "directed":
        return ties
    return f"""WITH d AS ({ties})
               SELECT c1, c2, year, max(level) AS level
               FROM (SELECT c1, c2, year, level FROM d UNION ALL SELECT c2, c1, year, level FROM d)
               GROUP BY c1, c2, year"""


def members_by_year(wh: Warehouse, years: tuple[int, int]) -> dict[int, dict[str, np.ndarray]]:
    """Each year's COW members (``ccode`` arrays by year), read off the state list's spells."""
    states = wh.view_name(STATES, "states")
    first, last = int(years[0]), int(years[1])
    return _by_year(
        wh.con,
        f"""SELECT DISTINCT ccode, y::SMALLINT AS year FROM {states},
                range(greatest(year(start), {first}), least(year("end"), {last}) + 1) t(y)""",
    )


def _by_year(con: duckdb.DuckDBPyConnection, sql: str) -> dict[int, dict[str, np.ndarray]]:
    """Run ``sql`` (with a year column) and split its columns into NumPy arrays per year."""
    cols = con.sql(f"SELECT * FROM ({sql}) ORDER BY year").fetchnumpy()
    years = np.asarray(cols["year"])
    cuts = np.flatnonzero(np.diff(years)) + 1
    starts = np.concatenate([[0], cuts])
    ends = np.concatenate([cuts, [len(years)]])
    return {
        int(years[s]): {k: np.asarray(v)[s:e] for k, v in cols.items()}
        for s, e in zip(starts, ends, strict=True)
    }


def _pairs(codes: np.ndarray, values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Flatten (n, n) matrices into rows for every ordered pair i != j."""
    n = len(codes)
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    return {"c1": codes[i], "c2": codes[j], **{k: v[i, j] for k, v in values.items()}}


def _measures(
    tables: np.ndarray, weighted: np.ndarray | None, chosen: Sequence[str], distance: str
) -> dict[str, np.ndarray]:
    """Every chosen measure for every pair, from unweighted (and weighted) contingency tables."""
    compute: dict[str, Callable[[], np.ndarray]] = {
        "s_unweighted": lambda: sim.s_score(tables, distance),
        "s_weighted": lambda: sim.s_score(weighted, distance) if weighted is not None else None,
        "kappa": lambda: sim.cohen_kappa(tables, distance),
        "pi": lambda: sim.scott_pi(tables, distance),
        "tau_b": lambda: sim.tau_b(tables),
    }
    n = tables.shape[1]
    out = {}
    for m in chosen:
        value = compute[m]()
        out[m] = np.full((n, n), np.nan) if value is None else value
    return out


def atop_similarity(
    wh: Warehouse,
    years: tuple[int, int],
    measures: Sequence[str] = MEASURES,
    distance: str = "absolute",
    scope: str = "global",
    portfolio: str = "symmetric",
    ties: str | None = None,
    nmc: str = NMC,
) -> pa.Table:
    """ATOP portfolio similarity for every ordered pair of COW states, year by year.

    Returns c1, c2, year and one float column per measure (NaN where undefined); ``portfolio``
    is "symmetric" (detente's) or "directed" (fpsim's), see the module docs. ``ties`` replaces
    the portfolio values with SQL giving c1, c2, year, level (to score a publisher's ties).
    ``nmc`` is the NMC source (or family) whose CINC weights weighted S.

    >>> from detente.warehouse import default_warehouse
    >>> t = atop_similarity(default_warehouse(), (1816, 1816), ["s_unweighted"]).to_pandas()
    >>> len(t), round(float(t.s_unweighted.min()), 4)  # 23 states in 1816: 23 * 22 ordered pairs
    (506, -0.2174)
    """
    con = wh.con
    members = members_by_year(wh, years)
    ties_by_year = _by_year(con, ties or atop_ties_sql(wh, years, portfolio))
    cinc: dict[int, dict[str, np.ndarray]] = {}
    if "s_weighted" in measures:
        nmc = wh.view_name(resolve_source(nmc), "nmc")
        cinc = _by_year(
            con,
            f"SELECT ccode, year, cinc FROM ({cinc_sql(nmc)}) "
            f"WHERE year BETWEEN {years[0]} AND {years[1]}",
        )
    parts = []
    for year, m in members.items():
        codes = np.sort(m["ccode"])
        n = len(codes)
        portfolio = np.zeros((n, n), dtype=np.int8)
        np.fill_diagonal(portfolio, ATOP_CODES - 1)
        t = ties_by_year.get(year)
        if t is not None:
            keep = np.isin(t["c1"], codes) & np.isin(t["c2"], codes)
            rows, cols = np.searchsorted(codes, t["c1"][keep]), np.searchsorted(codes, t["c2"][keep])
            portfolio[rows, cols] = t["level"][keep]
        groups = region_of(codes) if scope == "regional" else None
        tables = sim.pair_tables(portfolio, ATOP_CODES, groups=groups, row_groups=groups)
        weighted = None
        if year in cinc:
            w = np.zeros(n)
            c = cinc[year]
            known = np.isin(c["ccode"], codes)
            w[np.searchsorted(codes, c["ccode"][known])] = np.nan_to_num(c["cinc"][known].astype(float))
            weighted = sim.pair_tables(portfolio, ATOP_CODES, w, groups=groups, row_groups=groups)
        values = _measures(tables, weighted, measures, distance)
        rows_ = _pairs(codes, values)
        rows_["year"] = np.full(len(rows_["c1"]), year, dtype=np.int16)
        parts.append(rows_)
    return _table(parts, measures)


def unvote_similarity(
    wh: Warehouse,
    years: tuple[int, int],
    measures: Sequence[str] = UNVOTE_MEASURES,
    distance: str = "absolute",
) -> pa.Table:
    """UN roll-call vote similarity for every ordered pair of voting COW states, session by session.

    >>> from detente.warehouse import default_warehouse
    >>> t = unvote_similarity(default_warehouse(), (1946, 1946), ["s_unweighted"]).to_pandas()
    >>> round(float(t[(t.c1 == 2) & (t.c2 == 200)].s_unweighted.iloc[0]), 4)
    0.6744
    """
    votes = _by_year(
        wh.con,
        f"SELECT * FROM ({un_votes_sql(wh)}) WHERE year BETWEEN {years[0]} AND {years[1]}",
    )
    parts = []
    for year, v in votes.items():
        codes, row = np.unique(v["ccode"], return_inverse=True)
        calls, col = np.unique(v["rcid"], return_inverse=True)
        portfolio = np.full((len(codes), len(calls)), -1, dtype=np.int8)
        portfolio[row, col] = v["code"]
        tables = sim.pair_tables(portfolio, VOTE_CODES)
        values = _measures(tables, None, measures, distance)
        rows_ = _pairs(codes.astype(np.int16), values)
        rows_["year"] = np.full(len(rows_["c1"]), year, dtype=np.int16)
        parts.append(rows_)
    return _table(parts, measures)


def _table(parts: list[dict[str, np.ndarray]], measures: Sequence[str]) -> pa.Table:
    """Concatenate per-year pair rows into one Arrow table (NaN becomes null)."""
    cols: dict[str, pa.Array] = {}
    for name, kind in (("c1", pa.int16()), ("c2", pa.int16()), ("year", pa.int16())):
        data = np.concatenate([p[name] for p in parts]) if parts else np.array([], dtype=np.int16)
        cols[name] = pa.array(data.astype(np.int16), kind)
    for m in measures:
        data = np.concatenate([p[m] for p in parts]) if parts else np.array([], dtype=float)
        cols[m] = pa.array(data.astype(float), pa.float64(), from_pandas=True)
    return pa.table(cols)


def _registered(
    wh: Warehouse,
    years: tuple[int, int],
    source: str,
    chosen: list[str],
    distance: str,
    scope: str,
    portfolio: str,
    nmc: str = NMC,
) -> str:
    """Compute (once per cache: ``Warehouse.stored``) the pair table; return its view's name."""
    key = f"{source}|{','.join(chosen)}|{distance}|{scope}|{portfolio}|{years[0]}-{years[1]}|{nmc}"
    name = "_detente_similarity_" + hashlib.sha256(key.encode()).hexdigest()[:12]

    def compute() -> pa.Table:
        if source == "atop":
            return atop_similarity(wh, years, chosen, distance, scope, portfolio, nmc=nmc)
        return unvote_similarity(wh, years, chosen, distance)

    return wh.stored(name, compute)


@step("similarity", units=(DYAD_YEAR,), sources=_sources, domain=lambda params: domain(params["source"]))
def add_similarity(
    panel: Panel,
    source: str = "atop",
    measures: Sequence[str] | None = None,
    distance: str = "absolute",
    scope: str = "global",
    portfolio: str = "symmetric",
) -> str:
    """Add foreign-policy similarity: S (Signorino-Ritter), Cohen's kappa, Scott's pi, tau-b.

    ``source``: "atop" (valued alliance portfolios; columns atop_s_unweighted, atop_s_weighted
    (CINC-weighted), atop_kappa, atop_pi, atop_tau_b) or "unvotes" (UN General Assembly votes;
    unvote_s, unvote_kappa, unvote_pi, unvote_tau_b). ``measures`` picks among s_unweighted,
    s_weighted (ATOP only), kappa, pi, tau_b (default all the source has). ``distance``:
    "absolute" or "squared" (columns get _sq; tau-b is rank-based). ``scope``: "global" or
    "regional" (ATOP only; columns get _regional). ``portfolio`` (ATOP only): "symmetric"
    (default: a pair's value is the higher of the two states' obligations to each other) or
    "directed" (fpsim's convention: each state's own obligation; columns get _directed). Null
    outside 1816-2018 (ATOP) or 1946-2019 (UN), and for a dyad-year where either state has no
    portfolio. Codings: see the module docs.

    >>> import detente
    >>> p = detente.dyad_years(years=(1980, 1980)).add_similarity(measures=["s_unweighted"])
    >>> d = p.to_pandas().set_index(["ccode1", "ccode2"]).atop_s_unweighted
    >>> bool(d[2, 200] > d[2, 365])
    True
    """
    chosen = _check(source, measures, distance, scope, portfolio)
    lo, hi = domain(source)
    years = (max(lo, panel.years[0]), min(hi, panel.years[1]))
    names = {m: column_name(source, m, distance, scope, portfolio) for m in chosen}
    cols = ", ".join(f"s.{m} AS {names[m]}" for m in chosen)
    if years[0] > years[1]:  # the panel lies outside the domain: every value is null
        nulls = ", ".join(f"NULL::DOUBLE AS {names[m]}" for m in chosen)
        return f"SELECT p.*, {nulls} FROM ({panel.sql}) p"
    table = _registered(panel.wh, years, source, chosen, distance, scope, portfolio, panel.source(NMC))
    return f"""SELECT p.*, {cols} FROM ({panel.sql}) p
               LEFT JOIN {table} s ON s.c1 = p._k1 AND s.c2 = p._k2 AND s.year = p.year"""
