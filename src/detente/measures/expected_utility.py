"""Bueno de Mesquita's expected utility of conflict for every ordered pair of states at once.

Inputs for one year: capabilities ``c`` (n,) (CINC) and a similarity matrix ``U`` (n, n) of
alliance portfolios (tau-b or S; ``U[i, i] = 1``), read as ``U[k, i]`` = k's utility for i's
policy. Every formula is vectorised over pairs (and third states), with no loop over dyads.
Sources and the parts left out are in docs/expected_utility.md.

- War Trap (Bueno de Mesquita 1981): bilateral ``P_i (U_ii - U_ij) + (1 - P_i)(U_ij - U_ii)``
  with ``P_i = c_i / (c_i + c_j)``, plus for each third state k
  ``c_k / (c_i + c_j + c_k) * (U_ki - U_kj)``: k's capability share in the three-way contest,
  signed and scaled by how much k prefers i's policy to j's.
- Risk-adjusted utilities (Bueno de Mesquita 1985): ``U_i(SQ) = 2 - 4 (1/2)^r``,
  ``U_i(Δ_i) = 2 - 4 ((2 - (U_ii - U_ij)) / 4)^r`` (i's policy prevails),
  ``U_i(Δ_j) = 2 - 4 ((2 - (U_ij - U_ii)) / 4)^r`` (j's prevails), with
  ``r = (1 - R/3) / (1 + R/3)`` for risk attitude R in [-1, 1] (R = 0 gives r = 1).
- War and Reason (Bueno de Mesquita & Lalman 1992): probability that i prevails
  ``P_i = sum_{k: U_ki > U_kj} c_k (U_ki - U_kj) / sum_k c_k |U_ki - U_kj|`` over every state k
  (i and j included), and the utility of a negotiated settlement
  ``U_i(N) = P_i U_i(Δ_i) + (1 - P_i) U_i(Δ_j)``.
"""

from __future__ import annotations

import numpy as np


def _totals(bilateral: np.ndarray, multilateral: np.ndarray) -> dict[str, np.ndarray]:
    """The bilateral, multilateral and total terms; unknown where the bilateral term is, and
    never for a state with itself."""
    multilateral[np.isnan(bilateral)] = np.nan
    eu = bilateral + multilateral
    for a in (bilateral, multilateral, eu):
        np.fill_diagonal(a, np.nan)
    return {"bilateral": bilateral, "multilateral": multilateral, "eu": eu}


def risk_exponent(risk: float | np.ndarray) -> np.ndarray:
    """``r = (1 - R/3) / (1 + R/3)``: 0.5 for the most risk-acceptant (R = 1), 2 for the most
    risk-averse (R = -1), 1 for risk neutrality (Bueno de Mesquita 1985).

    >>> risk_exponent(np.array([-1.0, 0.0, 1.0])).round(12).tolist()
    [2.0, 1.0, 0.5]
    """
    r = np.asarray(risk, dtype=float)
    return (1 - r / 3) / (1 + r / 3)


def _third_states(third: tuple[np.ndarray, np.ndarray] | None, k: int) -> np.ndarray | bool:
    """Which dyads third state k joins: all, or (EUGene's regional rules) those whose relevant
    region k is involved in; ``third`` is (region (n, n), involved (regions, n))."""
    if third is None:
        return True
    region, involved = third
    return involved[:, k][region]


def war_trap(
    c: np.ndarray, u: np.ndarray, third: tuple[np.ndarray, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """War Trap (1981) expected utility of i challenging j, (n, n) arrays.

    Returns ``bilateral``, ``multilateral`` (the third states' sum) and ``eu`` (their sum);
    the diagonal is NaN. A pair with unknown capability or similarity is NaN; a third state
    with unknown values adds nothing. ``u[k, x]`` is k's utility for x's policy (need not be
    symmetric); ``third`` = (region (n, n), involved (regions, n)) limits the third states of
    each dyad to those involved in its region (EUGene's regional rules, :func:`regional_similarity`).

    Hand-computed, three states with c = (.5, .3, .2) and U_12 = 0, U_13 = .5, U_23 = -.5:
    bilateral(1, 2) = (2 * .5 / .8 - 1) * (1 - 0) = .25; third state 3 adds
    .2 / 1.0 * (U_31 - U_32) = .2 * (.5 - (-.5)) = .2; EU = .45.

    >>> u = np.array([[1, 0, .5], [0, 1, -.5], [.5, -.5, 1]])
    >>> out = war_trap(np.array([.5, .3, .2]), u)
    >>> round(float(out["bilateral"][0, 1]), 6), round(float(out["eu"][0, 1]), 6)
    (0.25, 0.45)
    """
    c = np.asarray(c, dtype=float)
    u = np.asarray(u, dtype=float)
    pi = c[:, None] / (c[:, None] + c[None, :])
    bilateral = (2 * pi - 1) * (np.diagonal(u)[:, None] - u)
    # third states, one k at a time (n^2 work each, no n^3 temporaries):
    # c_k / (c_i + c_j + c_k) * (U_ki - U_kj), with k = i (row k) and k = j (column k) left out
    pair = c[:, None] + c[None, :]
    multilateral = np.zeros_like(u)
    for k in np.flatnonzero(np.isfinite(c) & (c > 0)):
        with np.errstate(invalid="ignore"):
            term = np.nan_to_num(c[k] / (pair + c[k]) * (u[k][:, None] - u[k][None, :]))
        term[k, :] = 0
        term[:, k] = 0
        multilateral += term * _third_states(third, k)
    return _totals(bilateral, multilateral)


def war_and_reason_similarity(u: np.ndarray) -> np.ndarray:
    """The similarities War and Reason's utilities and probability use: as EUGene applies
    Bueno de Mesquita's rule (War and Reason p. 291; EUGene's ``modifyTauForWarReason`` and
    ``modifySForWarReason``), a similarity of exactly 1 between two different states becomes 0.999
    (a state's similarity with itself stays 1), so no dyad has nothing at stake. EUGene stores
    similarities in single precision, so "exactly 1" is 1 at single precision.

    >>> war_and_reason_similarity(np.array([[1.0, 1.0], [0.5, 1.0]])).tolist()
    [[1.0, 0.999], [0.5, 1.0]]
    """
    u = np.array(u, dtype=float)
    with np.errstate(invalid="ignore"):
        one = u.astype(np.float32) == np.float32(1.0)
    np.fill_diagonal(one, False)
    u[one] = 0.999
    return u


def war_and_reason_probabilities(
    c: np.ndarray,
    u: np.ndarray,
    risk: np.ndarray | None = None,
    third: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """War and Reason (1992) probabilities of A = i and of B = j prevailing in the dyad (i, j),
    both (n, n) and computed as EUGene's ``compute_one_EUWarReason_dyad`` does for that dyad.

    ``u[i, j]`` is the similarity of the dyad's own pair (A's and B's utility for the other's
    policy: B uses ``u[i, j]`` too) and ``u[k, x]`` a third state k's for x; ``c`` is (n,) CINC or
    (n, n) discounted capabilities (A projects ``c[i, j]``, B defends ``c[j, j]``, a third state
    fights where it is strongest). ``risk``: each state's R (0 by default). ``third``: (the dyad's
    region (n, n), involvement (regions, n)) limits third states to those involved in the dyad's
    region, as EUGene's regional rules; A and B always count; ``risk`` may also be a pair of
    (n, n) arrays, each dyad's R of A and of B (EUGene's risks toward the dyad's region).
    Each state k weighs in for A by
    ``d/2 * exp(R_A d)``, ``d = U_kA - U_kB``, and for B by ``-d/2 * exp(-R_B d)``; P is the
    positive weights' share of all (W&R pp. 296-297), NaN when no state has a preference (EUGene
    sets P missing when the denominator is 0).
    """
    flat = np.ndim(c) == 1  # undiscounted: every state counts c_k wherever it fights
    adj = np.asarray(_capability_matrix(c), dtype=float)
    u = np.asarray(u, dtype=float)
    n = u.shape[0]
    if isinstance(risk, tuple):  # each dyad's R of A and of B (EUGene's regional risks)
        ra, rb = (np.asarray(x, dtype=float) for x in risk)
    else:
        r = np.zeros(n) if risk is None else np.asarray(risk, dtype=float)
        ra, rb = np.broadcast_to(r[:, None], (n, n)), np.broadcast_to(r[None, :], (n, n))
    weighted = risk is not None and bool((np.nan_to_num(ra) != 0).any() | (np.nan_to_num(rb) != 0).any())
    own = np.diagonal(adj)
    num_a, den_a = np.zeros_like(u), np.zeros_like(u)
    num_b, den_b = np.zeros_like(u), np.zeros_like(u)
    ii, jj = np.arange(n)[:, None], np.arange(n)[None, :]
    for k in np.flatnonzero(np.isfinite(own) & (own > 0)):  # one state at a time: n^2 work each
        d = np.nan_to_num(u[k][:, None] - u[k][None, :])  # U_ki - U_kj for a third state k
        d[:, k] = np.nan_to_num(u[:, k] - 1)  # k = j: B's utility for A's policy is u[i, j]
        if weighted:
            with np.errstate(over="ignore", invalid="ignore"):
                wa = np.nan_to_num(d / 2 * np.exp(ra * d))
                wb = np.nan_to_num(-d / 2 * np.exp(-rb * d))
        else:
            wa, wb = d / 2, -d / 2
        if flat:
            cap = own[k]
        else:
            cap = np.fmax(adj[k][:, None], adj[k][None, :])  # third state: where it is strongest
            cap = np.where(ii == k, adj[k][None, :], cap)  # k = i projects its power to j
            cap = np.nan_to_num(np.where(jj == k, adj[k, k], cap))  # k = j defends at home
        if third is not None:
            region, involved = third
            counts = involved[:, k][region]  # k involved in the dyad's region
            counts[k, :] = counts[:, k] = True  # A and B themselves always count
            cap = cap * counts
        num_a += cap * np.clip(wa, 0, None)
        den_a += cap * np.abs(wa)
        num_b += cap * np.clip(wb, 0, None)
        den_b += cap * np.abs(wb)
    with np.errstate(invalid="ignore", divide="ignore"):
        pa_ = np.where(den_a > 0, num_a / den_a, np.nan)
        pb_ = np.where(den_b > 0, num_b / den_b, np.nan)
    missing = (np.isnan(own)[:, None] | np.isnan(own)[None, :]) | np.isnan(ra) | np.isnan(rb)
    for p in (pa_, pb_):
        p[missing] = np.nan
        p[np.isnan(u)] = np.nan
        np.fill_diagonal(p, np.nan)
    return pa_, pb_


def war_and_reason_probability(
    c: np.ndarray, u: np.ndarray, risk: np.ndarray | None = None
) -> np.ndarray:
    """War and Reason (1992) probability that i prevails against j, (n, n); NaN where no state
    prefers either side (EUGene's missing value) and on the diagonal.

    ``c`` is (n,) CINC or (n, n) distance-discounted capabilities (``c[k, x]`` = k's at x's
    capital): as in EUGene, i counts ``c[i, j]``, j ``c[j, j]`` and a third state the larger of
    ``c[k, i]`` and ``c[k, j]``. Each state k weighs in by ``d/2 * exp(R_i d)``, ``d = U_ki - U_kj``
    (W&R pp. 296-297; ``risk`` gives each i's R, 0 by default, when the weight is just d/2), so
    with risk ``P_ij + P_ji`` need not be 1. The similarities are used as given
    (:func:`war_and_reason_similarity` applies EUGene's 0.999 rule first).

    Hand-computed with the three states above: for (1, 2), k = 1 adds .5 * (1 - 0) to i's side,
    k = 2 adds .3 * (0 - 1) to j's, k = 3 .2 * (.5 + .5) to i's: P = (.5 + .2) / (.5 + .3 + .2) = .7.

    >>> u = np.array([[1, 0, .5], [0, 1, -.5], [.5, -.5, 1]])
    >>> round(float(war_and_reason_probability(np.array([.5, .3, .2]), u)[0, 1]), 6)
    0.7
    """
    return war_and_reason_probabilities(c, u, risk)[0]


def utilities(u: np.ndarray, r: float | np.ndarray = 1.0) -> dict[str, np.ndarray]:
    """Bueno de Mesquita's (1985) risk-adjusted utilities of i for the outcomes with j, (n, n).

    ``sq`` status quo, ``win`` i's policy prevails (Δ_i), ``lose`` j's prevails (Δ_j); ``r`` is
    i's risk exponent (scalar or (n,), see :func:`risk_exponent`).

    Hand-computed, r = 1, U_ij = 0: sq = 2 - 4 * .5 = 0, win = 2 - 4 * (1/4) = 1,
    lose = 2 - 4 * (3/4) = -1.

    >>> {k: float(v[0, 1]) for k, v in utilities(np.array([[1.0, 0.0], [0.0, 1.0]])).items()}
    {'sq': 0.0, 'win': 1.0, 'lose': -1.0}
    """
    u = np.asarray(u, dtype=float)
    r = np.asarray(r, dtype=float)
    if r.ndim < 2:  # one exponent per i; (n, n): one per dyad (EUGene's regional risks)
        r = np.broadcast_to(r, (u.shape[0],))[:, None]
    gap = np.diagonal(u)[:, None] - u  # U_ii - U_ij
    sq = np.broadcast_to(2 - 4 * 0.5**r, u.shape).copy()
    win = 2 - 4 * ((2 - gap) / 4) ** r
    lose = 2 - 4 * ((2 + gap) / 4) ** r
    return {"sq": sq, "win": win, "lose": lose}


# -- EUGene's regions ------------------------------------------------------------------------------

#: EUGene's regions (its ``region_type``), in this order: a region index is a position here.
REGIONS = ("europe", "middleeast", "africa", "asia", "americas")
_ALL = (1816, 9999)
#: Where a state is involved outside its home region, and in which years (Bueno de Mesquita 1981,
#: p. 96, as EUGene codes it in ``set_extra_involvement_list``, unit Eutypes1): COW code ->
#: {region: (first, last year)}. Any other state is involved in its home region only.
INVOLVEMENT = {
    2: {"europe": (1898, 9999), "middleeast": (1898, 9999), "africa": (1946, 9999),
        "asia": _ALL, "americas": _ALL},
    200: {r: _ALL for r in REGIONS},
    210: {"europe": _ALL, "americas": _ALL},
    211: {"europe": _ALL, "africa": _ALL},
    220: {r: _ALL for r in REGIONS},
    230: {"europe": _ALL, "middleeast": (1816, 1936), "asia": _ALL, "americas": _ALL},
    235: {"europe": _ALL, "africa": _ALL, "asia": _ALL, "americas": _ALL},
    255: {"europe": _ALL, "middleeast": _ALL, "africa": (1816, 1945), "asia": _ALL},
    260: {"europe": _ALL, "middleeast": _ALL, "asia": _ALL},
    300: {"europe": _ALL, "middleeast": (1816, 1918)},
    325: {"europe": _ALL, "middleeast": (1860, 1943), "africa": (1816, 1943)},
    350: {"europe": _ALL, "middleeast": (1828, 9999)},
    365: {r: _ALL for r in REGIONS},
    640: {"europe": _ALL, "middleeast": _ALL},
    710: {"europe": (1950, 9999), "africa": (1946, 9999), "asia": _ALL},
    740: {"europe": (1895, 1945), "asia": _ALL},
}  # fmt: skip


def home_region(ccodes: np.ndarray) -> np.ndarray:
    """EUGene's home region of each COW code (``sing_small_region``): below 200 the Americas,
    200-399 Europe, 400-599 Africa, 600-699 the Middle East, 700 and above Asia; indices into
    :data:`REGIONS`.

    >>> [REGIONS[r] for r in home_region(np.array([2, 200, 475, 640, 710]))]
    ['americas', 'europe', 'africa', 'middleeast', 'asia']
    """
    c = np.asarray(ccodes)
    return np.select([c < 200, c < 400, c < 600, c < 700], [4, 0, 2, 1], 3)


def involvement(ccodes: np.ndarray, year: int) -> np.ndarray:
    """(regions, n): whether each state is involved in each region in ``year``, as EUGene decides
    it (``Tnation_array_obj.is_involved_in_region``): its home region, the regions of
    :data:`INVOLVEMENT`, and, as EUGene's "kludge" for Russia (its note: Bueno de Mesquita has
    Russia involved 1816-1900 and from 1945), Russia involved nowhere in 1901-1944, not even in
    Europe.

    >>> inv = involvement(np.array([2, 365, 710]), 1914)
    >>> inv[REGIONS.index("europe")].tolist(), inv[REGIONS.index("asia")].tolist()
    ([True, False, False], [True, False, True])
    """
    c = np.asarray(ccodes)
    inv = np.zeros((len(REGIONS), len(c)), dtype=bool)
    inv[home_region(c), np.arange(len(c))] = True
    for i, code in enumerate(c.tolist()):  # the handful of states with extra involvement
        for region, (first, last) in INVOLVEMENT.get(int(code), {}).items():
            if first <= year <= last:
                inv[REGIONS.index(region), i] = True
    if 1900 < year < 1945:
        inv[:, c == 365] = False
    return inv


def relevant_region(ccodes: np.ndarray, year: int) -> np.ndarray:
    """(n, n) region index of each ordered pair (EUGene's ``relevant_region``, War Trap pp.
    97-98): the shared home region; else the target's (j's) if the initiator i is involved in
    it; else the initiator's.

    >>> rel = relevant_region(np.array([2, 200, 740]), 1914)  # USA, UK, Japan
    >>> [[REGIONS[r] for r in row] for row in rel.tolist()][0]
    ['americas', 'europe', 'asia']
    """
    c = np.asarray(ccodes)
    home = home_region(c)
    inv = involvement(c, year)
    hi, hj = home[:, None], home[None, :]
    i_in_j = inv[hj, np.arange(len(c))[:, None]]  # i involved in j's home region
    return np.where(hi == hj, hi, np.where(i_in_j, hj, hi))


def regional_tables(levels: np.ndarray, involved: np.ndarray) -> np.ndarray:
    """``T[p, q, a, b]`` of every pair for one region, as EUGene builds a regional tau table
    (``build_tau_table``): the dimensions are the states involved in the region plus p and q
    themselves. ``levels`` (n, n) portfolio codes 0-3 (diagonal 3), ``involved`` (n,) bool."""
    levels = np.asarray(levels).astype(np.int64)
    n = len(levels)
    onehot = (levels[:, :, None] == np.arange(_K)).astype(np.float32)  # (n, d, k)
    left = onehot * np.asarray(involved, dtype=np.float32)[None, :, None]
    t = left.transpose(0, 2, 1).reshape(-1, n) @ onehot.transpose(0, 2, 1).reshape(-1, n).T
    t = t.reshape(n, _K, n, _K).transpose(0, 2, 1, 3).astype(np.float64)
    idx = np.arange(n)
    for p in np.flatnonzero(~np.asarray(involved, dtype=bool)):  # dimension p for pairs with p
        q = idx[idx != p]
        np.add.at(t, (p, q, levels[p, p], levels[q, p]), 1)  # pair (p, q)
        np.add.at(t, (q, p, levels[q, p], levels[p, p]), 1)  # pair (q, p)
    return t


def _similarity_from_tables(t: np.ndarray, measure: str) -> np.ndarray:
    """tau-b, or unweighted S (``1 - 2 sum |a - b| / (3 N)``), of tables ``t[..., a, b]``."""
    if measure == "tau_b":
        return _tau_from_tables(t)
    gap = np.abs(np.arange(_K)[:, None] - np.arange(_K)[None, :])
    total = t.sum(axis=(-2, -1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return 1 - 2 * (t * gap).sum(axis=(-2, -1)) / ((_K - 1) * total)


def regional_similarity(
    ccodes: np.ndarray, levels: np.ndarray, year: int, measure: str = "tau_b"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """EUGene's regional similarities of one year: ``(u, region, involved)``.

    ``u[k, x]`` is the similarity of k and x over the states involved in the pair's relevant
    region (plus k and x), as EUGene's War Trap and War and Reason read it
    (``get_tau_value_regional`` at ``relevant_region(k, x)``); not symmetric, since the region of
    (k, x) may differ from that of (x, k). ``region`` (n, n) and ``involved`` (regions, n) are
    :func:`relevant_region` and :func:`involvement`. ``measure``: "tau_b" or "s" (unweighted S).
    """
    codes = np.asarray(ccodes)
    inv = involvement(codes, year)
    rel = relevant_region(codes, year)
    u = np.full(rel.shape, np.nan)
    for r in np.unique(rel):  # a few regions, each one set of n x n tables
        ur = _similarity_from_tables(regional_tables(levels, inv[r]), measure)
        u = np.where(rel == r, ur, u)
    np.fill_diagonal(u, 1.0)
    return u, rel, inv


# -- distance discount ---------------------------------------------------------------------------


def miles_per_day(year: int) -> int:
    """Bueno de Mesquita's (1981) daily transport range: 250 miles before 1918, 375 through
    1945, 500 after (EUGene's thresholds).

    >>> [miles_per_day(y) for y in (1900, 1918, 1945, 1946)]
    [250, 375, 375, 500]
    """
    return 250 if year < 1918 else 375 if year <= 1945 else 500


def discounted_capability(c: np.ndarray, miles: np.ndarray, year: int) -> np.ndarray:
    """The loss-of-strength gradient: ``adj[k, x] = c_k ** log10(miles_kx / mpd + (10 - e))``,
    state k's capability brought to x's capital, (n, n) (Bueno de Mesquita 1981; EUGene).

    ``miles`` (n, n) holds capital-to-capital distances in miles (0 on the diagonal, NaN unknown:
    the adjusted capability is then NaN and the state adds nothing where it is needed).
    At distance 0 the exponent is log10(10 - e) = 0.862, so a state at home counts c ** 0.862.

    >>> adj = discounted_capability(np.array([0.1, 0.2]), np.array([[0, 2500.0], [2500, 0]]), 1900)
    >>> round(float(adj[0, 0]), 4), round(float(adj[0, 1]), 4)  # 0.1 ** 0.862, 0.1 ** log10(17.28)
    (0.1373, 0.0579)
    """
    c = np.asarray(c, dtype=float)
    exponent = np.log10(np.asarray(miles, dtype=float) / miles_per_day(year) + (10 - np.e))
    return c[:, None] ** exponent


def _capability_matrix(c: np.ndarray) -> np.ndarray:
    """``adj[k, x]``: capability of k where x is; without distances every column is ``c``."""
    c = np.asarray(c, dtype=float)
    return c if c.ndim == 2 else np.broadcast_to(c[:, None], (len(c), len(c)))


def war_trap_discounted(
    adj: np.ndarray, u: np.ndarray, third: tuple[np.ndarray, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """War Trap expected utility of i challenging j with distance-discounted capabilities, as
    EUGene computes it; (n, n) arrays like :func:`war_trap`, which it equals without discount.

    ``adj[k, x]`` is k's capability at x's capital (:func:`discounted_capability`). i projects its
    power to j (``adj[i, j]``), j defends at home (``adj[j, j]``) and a third state k helps where it
    is strongest, ``M = max(adj[k, i], adj[k, j])``:
    ``P_i = adj_ij / (adj_ij + adj_jj)``, bilateral ``(2 P_i - 1)(1 - U_ij)``, and k adds
    ``(P_ik + P_jk - 1)(U_ki - U_kj)`` with ``P_ik = (adj_ij + M) / (adj_ij + M + adj_jj)`` and
    ``P_jk = (adj_ji + M) / (adj_ji + M + adj_ii)``. Without discount ``P_ik + P_jk - 1`` is
    ``c_k / (c_i + c_j + c_k)``; ``third`` as in :func:`war_trap`:

    >>> u = np.array([[1, 0, .5], [0, 1, -.5], [.5, -.5, 1]])
    >>> c = np.array([.5, .3, .2])
    >>> bool(np.allclose(war_trap_discounted(_capability_matrix(c), u)["eu"], war_trap(c, u)["eu"],
    ...                  equal_nan=True))
    True
    """
    adj = np.asarray(adj, dtype=float)
    u = np.asarray(u, dtype=float)
    own = np.diagonal(adj)  # adj[x, x]: x at home
    with np.errstate(invalid="ignore", divide="ignore"):
        total = adj + own[None, :]
        p = np.where(total > 0, adj / total, 0.5)  # adj[i, j] / (adj[i, j] + adj[j, j])
    p[~np.isfinite(adj) | ~np.isfinite(own)[None, :]] = np.nan
    bilateral = (2 * p - 1) * (np.diagonal(u)[:, None] - u)
    multilateral = np.zeros_like(u)
    for k in np.flatnonzero(np.isfinite(own)):  # one third state at a time: n^2 work each
        m = np.fmax(adj[k][:, None], adj[k][None, :])  # max(adj[k, i], adj[k, j])
        with np.errstate(invalid="ignore", divide="ignore"):
            pik = (adj + m) / (adj + m + own[None, :])
            pjk = (adj.T + m) / (adj.T + m + own[:, None])
        term = np.nan_to_num((pik + pjk - 1) * (u[k][:, None] - u[k][None, :]))
        term[k, :] = 0
        term[:, k] = 0
        multilateral += term * _third_states(third, k)
    return _totals(bilateral, multilateral)


# -- 1985 risk attitudes -------------------------------------------------------------------------

_K = 4  # alliance-portfolio codes 0-3 (none, non-aggression, neutrality/consultation, defence)
_SIGN = np.sign(np.arange(_K)[:, None] - np.arange(_K)[None, :]).astype(float)


def _tables(levels: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """``T[p, q, a, b]``: dimensions d with ``levels[p, d] == a`` and ``levels[q, d] == b``, for
    p in ``rows`` (all states by default) and every q."""
    onehot = (levels[:, :, None] == np.arange(_K)).astype(np.float32)  # (n, d, k)
    left = onehot if rows is None else onehot[rows]
    n, d = levels.shape
    out = left.transpose(0, 2, 1).reshape(-1, d) @ onehot.transpose(0, 2, 1).reshape(-1, d).T
    return out.reshape(len(left), _K, n, _K).transpose(0, 2, 1, 3).astype(np.float64)


#: sign(a - c) sign(b - d) for cells (a, b), (c, d) of a table, flattened: a table's
#: concordant minus discordant pairs are half of vec(T)' M vec(T)
_PAIR_SIGN = np.einsum("ac,bd->abcd", _SIGN, _SIGN).reshape(_K * _K, _K * _K)


def _tau_from_tables(t: np.ndarray) -> np.ndarray:
    """Kendall's tau-b of contingency tables ``t[..., a, b]`` (NaN when a margin is constant)."""
    flat = t.reshape(*t.shape[:-2], _K * _K)
    cd = 0.5 * np.einsum("...i,...i->...", flat @ _PAIR_SIGN, flat)
    n = flat.sum(axis=-1)
    r, c = t.sum(axis=-1), t.sum(axis=-2)
    pairs = n * (n - 1) / 2
    den = (pairs - (r * (r - 1) / 2).sum(axis=-1)) * (pairs - (c * (c - 1) / 2).sum(axis=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, cd / np.sqrt(np.where(den > 0, den, 1)), np.nan)


def security_weights(
    adj: np.ndarray,
    i: int,
    challengers: np.ndarray | None = None,
    third: np.ndarray | None = None,
    directed: bool = False,
    parts: bool = False,
) -> tuple:
    """State i's security ``S_i = sum_j EU_ji`` (every other state's War Trap expected utility of
    challenging i) written as ``const + sum_{p<q} H[p, q] U[p, q]``: it is linear in the
    similarities, so a change of i's ties changes S_i by ``H`` times the changed similarities.

    ``adj`` is (n,) capabilities or (n, n) discounted ones. Returns (const, H) with H symmetric,
    zero diagonal; a state with unknown capability, or unknown distance where it is needed, adds
    nothing (as EUGene skips what it cannot compute). EUGene's regional rules: ``challengers``
    (n,) limits the j summed, ``third`` (k, j) which k are third states of j's challenge, and
    ``directed=True`` returns the coefficients G of the ordered similarities ``U[p, q]`` (then
    ``S_i = const + sum_{p, q} G[p, q] U[p, q]``); ``parts=True`` returns (ok, bil, w): which
    challengers j count, their bilateral weights ``2 P_j - 1`` and the third states' ``w[k, j]``.
    """
    raw = np.array(_capability_matrix(adj), dtype=float)
    n = raw.shape[0]
    valid = np.isfinite(np.diagonal(raw))
    # challenger j counts when its capability and both projections (j at i, i at j) are known;
    # a third state k when it can reach i or j (as EUGene skips what it cannot compute)
    ok = valid & np.isfinite(raw[:, i]) & np.isfinite(raw[i, :])
    ok[i] = False
    if challengers is not None:
        ok &= challengers
    m_raw = np.fmax(raw[:, i][:, None], raw)  # max(adj[k, i], adj[k, j]), (k, j)
    helps = valid[:, None] & np.isfinite(m_raw) & ok[None, :]
    if third is not None:
        helps &= third
    adj, m = np.nan_to_num(raw), np.nan_to_num(m_raw)
    own = np.diagonal(adj).copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        # challenger j (any), target i: P_j = adj[j, i] / (adj[j, i] + adj[i, i])
        tot = adj[:, i] + own[i]
        pj = np.where(tot > 0, adj[:, i] / tot, 0.5)
        # third state k (row) for challenger j (column): weight P_jk + P_ik - 1 on (U_kj - U_ki)
        a_ji = adj[:, i][None, :]  # adj[j, i] over columns j
        a_ij = adj[i][None, :]  # adj[i, j]
        p_jk = np.where(a_ji + m + own[i] > 0, (a_ji + m) / (a_ji + m + own[i]), 0.5)
        p_ik = np.where(a_ij + m + own[None, :] > 0, (a_ij + m) / (a_ij + m + own[None, :]), 0.5)
    w = (p_jk + p_ik - 1) * helps
    np.fill_diagonal(w, 0)
    w[i, :] = 0
    w[:, i] = 0
    bil = (2 * pj - 1) * ok
    if parts:
        return ok, bil, w
    g = np.zeros((n, n))  # g[p, q]: coefficient of U[p, q] (ordered)
    g += w  # + w[k, j] U[k, j]
    g[:, i] -= w.sum(axis=1)  # - sum_j w[k, j] U[k, i]
    g[:, i] -= bil  # bilateral (2 P_j - 1)(1 - U_ji)
    g[i, i] = 0
    if directed:
        np.fill_diagonal(g, 0)
        return float(bil.sum()), g
    h = g + g.T
    np.fill_diagonal(h, 0)
    return float(bil.sum()), h


def _pair_table(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The (k, k) contingency table of two code vectors."""
    t = np.zeros((_K, _K))
    np.add.at(t, (x, y), 1)
    return t


def _inv_sqrt(x: np.ndarray) -> np.ndarray:
    """1 / sqrt(x), NaN where x <= 0 (a tau-b with a constant margin is undefined)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(x > 0, 1 / np.sqrt(np.where(x > 0, x, 1)), np.nan)


def _search(
    i: int,
    levels: np.ndarray,
    tables: np.ndarray,
    kern: np.ndarray,
    u: np.ndarray,
    h: np.ndarray,
    sense: float,
    tol: float,
) -> float:
    """EUGene's steepest search for state i: from the actual portfolio, try every change of one
    of i's ties to another level, take the one that moves ``sense * S_i`` most, repeat until the
    best move gains less than ``tol`` (or 2n + 1 moves, as EUGene's ``loop_count > 2n`` test).
    Returns the total change of S_i.

    A move of i's tie with m from code a to v changes only the tau-b of pairs (i, q) (i's code at
    dimension m), (m, q) (m's code at dimension i) and (i, m); each new tau-b follows from the
    pair's table without rebuilding it: moving one observation from cell (a, y) to (v, y) adds
    ``K[v, y] - K[a, y]`` to concordant minus discordant pairs, ``K = sign T sign'``, and
    changes the ties of the moved state's codes by ``r_v - (r_a - 1)``.
    """  # fmt: skip
    levels, tables, kern, u = levels.copy(), tables.copy(), kern.copy(), u.copy()
    n = len(levels)
    idx = np.arange(n)
    codes = np.arange(_K)
    counts = (levels[:, :, None] == codes).sum(axis=1).astype(float)  # (n, k) codes of each state
    cd = 0.5 * (tables * kern).sum(axis=(-2, -1))  # concordant - discordant, (n, n)
    pairs = n * (n - 1) / 2
    others = idx != i
    off = others[None, :] & (idx[:, None] != idx[None, :])  # [m, q]: q != i and q != m
    hi_masked = np.where(off, h[i][None, :], 0.0)  # (m, q)
    h_masked = np.where(off, h, 0.0)
    # at[y, m, q] = 1 where q's code at dimension m is y (levels[q, m]); km[m, q, v] = K[m, q, v,
    # levels[q, i]]: both kept up to date move by move (a move changes O(n) of their entries)
    at = (levels.T[None, :, :] == codes[:, None, None]).astype(float)
    km = kern.transpose(0, 1, 3, 2)[idx[:, None], idx[None, :], levels[:, i][None, :]]
    total = 0.0
    for _ in range(2 * n + 1):  # EUGene stops once its loop count exceeds twice the states
        a = levels[i]  # i's code toward each m (= m's code toward i)
        ties = (counts * (counts - 1) / 2).sum(axis=1)
        right = pairs - ties  # (q,)
        # tau-b = (cd + dK) / sqrt((pairs - ties of the moved state) (pairs - ties of q)): the
        # two factors are kept apart so each sum over q is one product on the K cells
        with np.errstate(invalid="ignore", divide="ignore"):
            inv_r = np.where(right > 0, 1 / np.sqrt(np.where(right > 0, right, 1)), 0.0)  # (q,)
        # (1) pairs (i, q): i's code at dimension m moves a[m] -> v; q's code there: levels[q, m]
        # sum_q w1[m, q] K[i, q, v, levels[q, m]] = sum_y ((w1 * at[y]) @ K[i, :, :, y])[m, v]
        w1 = hi_masked * inv_r[None, :]  # (m, q)
        k1 = sum((w1 * at[y]) @ kern[i][:, :, y] for y in range(_K))  # (m, v)
        tx = ties[i] - (counts[i][a] - 1)[:, None] + counts[i][None, :]  # (m, v)
        s1 = (w1 @ cd[i] - k1[idx, a])[:, None] + k1
        u0 = np.nan_to_num(u)  # an undefined similarity adds nothing to S_i
        gain = _inv_sqrt(pairs - tx) * s1 - (hi_masked @ u0[i])[:, None]
        # (2) pairs (m, q): m's code at dimension i moves a[m] -> v; q's code there: levels[q, i]
        tx2 = ties[:, None] - (counts[idx, a] - 1)[:, None] + counts  # (m, v)
        w2 = h_masked * inv_r[None, :]
        k2 = np.einsum("mq,mqv->mv", w2, km)
        s2 = ((w2 * cd).sum(axis=1) - k2[idx, a])[:, None] + k2
        gain += _inv_sqrt(pairs - tx2) * s2 - (h_masked * u0).sum(axis=1)[:, None]
        bad = np.isnan(gain)  # a move that makes a tau-b undefined
        # (3) the pair (i, m): two codes move (i's at dimension m, m's at dimension i); each
        # statement below touches one cell per (m, v), so plain fancy updates suffice
        t3 = np.repeat(tables[i][:, None], _K, axis=1)  # (m, v, a, b)
        mm, vv = np.meshgrid(idx, codes, indexing="ij")
        self_i, self_m = levels[i, i], levels[idx, idx][mm]
        t3[mm, vv, a[mm], self_m] -= 1
        t3[mm, vv, vv, self_m] += 1
        t3[mm, vv, self_i, a[mm]] -= 1
        t3[mm, vv, self_i, vv] += 1
        d3 = _tau_from_tables(t3) - u[i][:, None]
        gain += h[i][:, None] * np.nan_to_num(d3)
        bad |= np.isnan(d3) & (h[i] != 0)[:, None]
        bad |= np.isnan(gain)
        gain = sense * gain
        gain[~others] = -np.inf
        gain[idx, a] = -np.inf  # not a move
        gain[bad] = -np.inf  # a similarity would be undefined: EUGene drops such portfolios
        # EUGene keeps the first strictly better change, trying states in code order and levels
        # from defence to none (its codes 1-4): among equal gains, the lowest m, highest level
        m, back = np.unravel_index(np.argmax(gain[:, ::-1]), gain.shape)
        v = _K - 1 - back
        best = gain[m, v]
        if not np.isfinite(best) or best <= 0:
            break
        total += sense * best
        old = levels[i, m]
        rest = idx[(idx != i) & (idx != m)]
        y1, y2 = levels[rest, m], levels[rest, i]
        counts[i, old] -= 1
        counts[m, old] -= 1
        counts[i, v] += 1
        counts[m, v] += 1
        levels[i, m] = levels[m, i] = v
        at[:, m, i] = at[:, i, m] = codes == v
        for row, y in ((i, y1), (m, y2)):  # one observation of each table moves from old to v
            tables[row, rest, old, y] -= 1  # one cell per table: no repeated index
            tables[row, rest, v, y] += 1
            tables[rest, row] = tables[row, rest].transpose(0, 2, 1)
        for p, q in ((i, m), (i, i), (m, m)):
            tables[p, q] = _pair_table(levels[p], levels[q])
            tables[q, p] = tables[p, q].T
        for row in (i, m):
            kern[row] = _SIGN @ tables[row] @ _SIGN.T
            kern[:, row] = kern[row].transpose(0, 2, 1)
            cd[row] = cd[:, row] = 0.5 * (tables[row] * kern[row]).sum(axis=(-2, -1))
            u[row] = u[:, row] = _tau_from_tables(tables[row])
        np.fill_diagonal(u, 1.0)
        y_i = levels[:, i]  # km follows the changed K rows and columns and q = m's new code
        for row in (i, m):
            km[row] = kern[row][idx, :, y_i]
            km[:, row] = kern[:, row][idx, :, y_i[row]]
        km[:, m] = kern[:, m, :, y_i[m]]
        if best < tol:
            break
    return total


def risk_attitudes(adj: np.ndarray, levels: np.ndarray, tol: float = 0.01) -> dict[str, np.ndarray]:
    """Bueno de Mesquita's (1985) risk attitude of every state in one year, as EUGene computes it.

    ``adj``: (n,) CINC or (n, n) distance-discounted capabilities; ``levels`` (n, n): alliance
    portfolio codes 0-3 of each state toward each (dimension) state, symmetric, the diagonal 3.
    Security ``S_i = sum_j EU_ji`` (War Trap, tau-b of the portfolios); ``sec_max`` and
    ``sec_min`` come from EUGene's steepest search over i's ties (tolerance ``tol``, EUGene's
    0.01); ``R_i = (2 S_i - sec_max - sec_min) / (sec_max - sec_min)`` (0 when they are equal).
    Returns arrays ``risk``, ``security``, ``sec_max``, ``sec_min`` (NaN without capability).
    """
    levels = np.asarray(levels).astype(np.int64)
    n = len(levels)
    tables = _tables(levels)
    kern = _SIGN @ tables @ _SIGN.T
    u = _tau_from_tables(tables)
    np.fill_diagonal(u, 1.0)
    cap = _capability_matrix(adj)
    out = {k: np.full(n, np.nan) for k in ("risk", "security", "sec_max", "sec_min")}
    own = np.diagonal(cap)
    for i in np.flatnonzero(np.isfinite(own)):
        const, h = security_weights(cap, i)
        sec = const + 0.5 * float(np.nansum(h * u))
        hi = sec + _search(i, levels, tables, kern, u, h, 1.0, tol)
        lo = sec + _search(i, levels, tables, kern, u, h, -1.0, tol)
        out["security"][i], out["sec_max"][i], out["sec_min"][i] = sec, hi, lo
        out["risk"][i] = 0.0 if hi == lo else (2 * sec - hi - lo) / (hi - lo)
    return out


# -- War and Reason: the International Interaction Game ------------------------------------------

#: Outcomes of the International Interaction Game (A = state 1, the row; B = state 2).
IIG_OUTCOMES = ("sq", "acq_a", "acq_b", "nego", "cap_a", "cap_b", "war_a", "war_b")
#: EUGene's fixed cost settings (its War and Reason unit): alpha (cost of attacking), tau (cost of
#: being attacked), gamma (scales capitulation's cost 1 - P).
IIG_DEFAULTS = {"alpha": 0.5, "tau": 1.0, "gamma": 1.0}


def iig_utilities(
    u_win_a: np.ndarray,
    u_lose_a: np.ndarray,
    u_sq_a: np.ndarray,
    p_a: np.ndarray,
    u_win_b: np.ndarray,
    u_lose_b: np.ndarray,
    u_sq_b: np.ndarray,
    p_b: np.ndarray,
    alpha: float = 0.5,
    tau: float = 1.0,
    gamma: float = 1.0,
    adjusted_phi: bool = False,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each outcome's utility for A and for B, as EUGene operationalises War and Reason.

    ``u_win_a`` = U_A(Δ_A), ``u_lose_a`` = U_A(Δ_B), ``p_a`` = A's probability of prevailing; the
    same for B. With ``phi`` = U_A(SQ) (EUGene uses A's status-quo utility for both players'
    phi; ``adjusted_phi`` maps it to (U_A(SQ) + 1) / 2), for A:
    SQ: U_A(SQ); Acq_A: U_A(Δ_B); Acq_B: U_A(Δ_A); Nego: P U_A(Δ_A) + (1 - P) U_A(Δ_B);
    Cap_A: U_A(Δ_B) - gamma (1 - P); Cap_B: U_A(Δ_A) - phi P;
    War_A: P U_A(Δ_A) + (1 - P) U_A(Δ_B) - phi P - alpha (1 - P); War_B: the same with tau;
    and for B symmetrically (B's P, U_B; war begun by A costs B tau, by B alpha).

    Hand-computed: U_A(Δ_A) = 1, U_A(Δ_B) = -1, U_A(SQ) = 0, P = .7: Nego = .7 - .3 = .4;
    Cap_A = -1 - .3 = -1.3; War_A = .4 - 0 - .5 * .3 = .25; War_B = .4 - .3 = .1.

    >>> one = lambda x: np.array([x])
    >>> out = iig_utilities(one(1.), one(-1.), one(0.), one(.7), one(1.), one(-1.), one(0.), one(.3))
    >>> [round(float(out[k][0][0]), 4) for k in ("nego", "cap_a", "war_a", "war_b")]
    [0.4, -1.3, 0.25, 0.1]
    """  # fmt: skip
    phi = (u_sq_a + 1) / 2 if adjusted_phi else u_sq_a
    lot_a = p_a * u_win_a + (1 - p_a) * u_lose_a
    lot_b = p_b * u_win_b + (1 - p_b) * u_lose_b
    return {
        "sq": (u_sq_a, u_sq_b),
        "acq_a": (u_lose_a, u_win_b),
        "acq_b": (u_win_a, u_lose_b),
        "nego": (lot_a, lot_b),
        "cap_a": (u_lose_a - gamma * (1 - p_a), u_win_b - phi * p_b),
        "cap_b": (u_win_a - phi * p_a, u_lose_b - gamma * (1 - p_b)),
        "war_a": (lot_a - phi * p_a - alpha * (1 - p_a), lot_b - phi * p_b - tau * (1 - p_b)),
        "war_b": (lot_a - phi * p_a - tau * (1 - p_a), lot_b - phi * p_b - alpha * (1 - p_b)),
    }


def iig_outcome_codes(utilities: dict[str, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """:func:`iig_equilibrium` as indices into :data:`IIG_OUTCOMES` (-1 where unknown)."""
    names = list(IIG_OUTCOMES)
    ua = np.stack([np.asarray(utilities[k][0], dtype=float) for k in names])
    ub = np.stack([np.asarray(utilities[k][1], dtype=float) for k in names])
    code = {k: np.full(ua.shape[1:], names.index(k)) for k in names}

    def val(who: np.ndarray, node: np.ndarray) -> np.ndarray:
        return np.take_along_axis(who, node[None], axis=0)[0]

    def pick(who: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        return np.where(val(who, first) > val(who, second), first, second)

    n12 = pick(ua, code["cap_a"], code["war_b"])
    n8 = n12
    n11 = pick(ub, code["cap_b"], code["war_a"])
    n10 = n11
    n9 = pick(ub, code["nego"], n12)
    n7 = pick(ua, code["nego"], n11)
    n6 = pick(ub, n7, n8)
    n5 = pick(ua, n9, n10)
    n4 = pick(ua, n6, code["acq_a"])
    n3 = pick(ub, n5, code["acq_b"])
    n2 = pick(ub, code["sq"], n4)
    n1 = pick(ua, n2, n3)
    n1[np.isnan(ua).any(axis=0) | np.isnan(ub).any(axis=0)] = -1
    return n1


def iig_equilibrium(utilities: dict[str, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The subgame-perfect outcome of the International Interaction Game by backward induction
    over its 12 nodes (EUGene's default: the original game, solved by induction), one outcome
    name per element; None where a utility is unknown (:func:`iig_outcome_codes` gives codes).

    A moves at nodes 1 (demand or not), 4, 5, 7, 8, 12; B at 2, 3, 6, 9, 10, 11. Ties go as in
    EUGene: the mover keeps the later branch except at node 2 (B keeps the status quo only if
    strictly better) and nodes 3-4 (acquiescence unless the alternative is strictly better).

    A prefers the war it begins to everything, B fighting to capitulating: A demands, B
    refuses, A attacks; were B to prefer capitulation, B would give in instead.

    >>> names = list(IIG_OUTCOMES)
    >>> ua = {k: np.array([0.0]) for k in names}; ua["war_a"] = np.array([5.0])
    >>> ub = {k: np.array([0.0]) for k in names}; ub["war_a"] = np.array([5.0])
    >>> iig_equilibrium({k: (ua[k], ub[k]) for k in names}).tolist()
    ['war_a']
    """
    codes = iig_outcome_codes(utilities)
    out = np.array(IIG_OUTCOMES, dtype=object)[np.where(codes < 0, 0, codes)]
    out[codes < 0] = None
    return out


# -- EUGene's regional risk ----------------------------------------------------------------------


def _directed_row(levels: np.ndarray, inv: np.ndarray, rel: np.ndarray, p: int) -> np.ndarray:
    """``T[p, q]`` for every q, each over its own regional dimensions (the states involved in the
    relevant region of (p, q), plus p and q): (n, k, k)."""
    n = len(levels)
    onehot = (levels[:, :, None] == np.arange(_K)).astype(float)  # (n, d, k)
    dims = inv[rel[p]] | (np.arange(n)[None, :] == p) | np.eye(n, dtype=bool)  # (q, d)
    return np.einsum("qd,da,qdb->qab", dims.astype(float), onehot[p], onehot)


def _directed_col(levels: np.ndarray, inv: np.ndarray, rel: np.ndarray, q: int) -> np.ndarray:
    """``T[p, q]`` for every p (:func:`_directed_row` with the roles exchanged): (n, k, k)."""
    n = len(levels)
    onehot = (levels[:, :, None] == np.arange(_K)).astype(float)
    dims = inv[rel[:, q]] | (np.arange(n)[None, :] == q) | np.eye(n, dtype=bool)  # (p, d)
    return np.einsum("pd,pda,db->pab", dims.astype(float), onehot, onehot[q])


def _directed_tables(levels: np.ndarray, inv: np.ndarray, rel: np.ndarray) -> np.ndarray:
    """``T[p, q, a, b]`` of every ordered pair over its relevant region's dimensions."""
    out = np.zeros((len(levels), len(levels), _K, _K))
    for r in np.unique(rel):
        out = np.where((rel == r)[:, :, None, None], regional_tables(levels, inv[r]), out)
    return out


def _security_parts(u: np.ndarray, i: int, ok: np.ndarray, bil: np.ndarray, w: np.ndarray):
    """S_i as EUGene sums it, with its missing values: a challenger j whose similarity with i is
    undefined adds nothing (its whole expected utility is missing), a third state adds nothing
    to j's when either of its similarities is undefined. Returns (S_i, valid, const, G, used):
    ``S_i = const + sum G * U`` with undefined U as 0, and ``used`` the pairs S_i reads."""
    f = np.isfinite(u)
    vj = ok & f[:, i]
    wk = w * vj[None, :] * f * f[:, i][:, None]  # [k, j]: third term counted
    g = -wk.sum(axis=1)[:, None] * (np.arange(len(u))[None, :] == i) + wk
    g[:, i] -= bil * vj
    np.fill_diagonal(g, 0)
    const = float((bil * vj).sum())
    used = w != 0
    used[:, i] |= ok | (w != 0).any(axis=1)
    return const + float((g * np.nan_to_num(u)).sum()), bool(vj.any()), const, g, used


def _search_directed(
    i: int,
    levels: np.ndarray,
    tables: np.ndarray,
    inv: np.ndarray,
    rel: np.ndarray,
    weights: tuple[np.ndarray, np.ndarray, np.ndarray],
    vary: np.ndarray,
    sense: float,
    tol: float,
) -> float:
    """EUGene's steepest search for i (:func:`_search`) with each ordered pair's similarity over
    its own regional dimensions; only i's ties with the ``vary`` states change; S_i with EUGene's
    missing values (:func:`_security_parts`; ``weights`` = (ok, bil, w) of
    :func:`security_weights`). A change that makes a similarity S_i reads defined or undefined
    is scored by recomputing S_i; the others by the tau-b updates of :func:`_search`. Returns the
    total change of S_i."""
    levels, tables = levels.copy(), tables.copy()
    ok, bil, w = weights
    n = len(levels)
    idx = np.arange(n)
    codes = np.arange(_K)
    kern = _SIGN @ tables @ _SIGN.T
    cd = 0.5 * (tables * kern).sum(axis=(-2, -1))
    rm, cm = tables.sum(axis=-1), tables.sum(axis=-2)  # (p, q, code): p's and q's margins
    npairs = tables.sum(axis=(-2, -1))
    pairs = npairs * (npairs - 1) / 2
    u = _tau_from_tables(tables)
    np.fill_diagonal(u, 1.0)
    cand = vary.copy()
    cand[i] = False
    current = _security_parts(u, i, ok, bil, w)[0]
    start = current
    mm, xx = np.meshgrid(idx, idx, indexing="ij")  # (m, x)
    other = (xx != i) & (xx != mm)

    def ties(m: np.ndarray) -> np.ndarray:
        return (m * (m - 1) / 2).sum(axis=-1)

    def moved(m: int, v: int) -> tuple[np.ndarray, np.ndarray]:
        """Levels and similarities after i's tie with m becomes v (rows and columns i, m)."""
        lv, uu = levels.copy(), u.copy()
        lv[i, m] = lv[m, i] = v
        for p in (i, m):
            uu[p] = _tau_from_tables(_directed_row(lv, inv, rel, p))
            uu[:, p] = _tau_from_tables(_directed_col(lv, inv, rel, p))
        np.fill_diagonal(uu, 1.0)
        return lv, uu

    for _ in range(2 * int(vary.sum()) + 1):  # EUGene: until the loop count exceeds 2 |vary|
        a = levels[i]
        tr, tc = ties(rm), ties(cm)
        _, _, _, g, used = _security_parts(u, i, ok, bil, w)
        u0 = np.nan_to_num(u)
        fin = np.isfinite(u)
        gain = np.zeros((n, _K))
        flip = np.zeros((n, _K), dtype=bool)  # a similarity S_i reads turns defined/undefined

        def add(coef, inc, use, was, cdv, k, k_a, t_fixed, t_new, p_, u_now) -> None:  # noqa: ANN001
            """One family of pairs: gain += sum_x coef[m, x] (U_new - U) where included."""
            nonlocal gain, flip
            unew = (cdv[:, :, None] + k - k_a[:, :, None]) * _inv_sqrt(
                (p_[:, :, None] - t_new) * (p_[:, :, None] - t_fixed[:, :, None])
            )
            now = np.isfinite(unew)
            flip |= ((inc & use)[:, :, None] & (now != was[:, :, None])).any(axis=1)
            d = np.where(inc[:, :, None] & now, unew - u_now[:, :, None], 0.0)
            gain += (coef[:, :, None] * d).sum(axis=1)

        def row(x: np.ndarray) -> np.ndarray:
            return np.broadcast_to(x[None, :], (n, n))

        # (A) pairs (i, x): i's code at dimension m moves a[m] -> v; x's code there L[x, m]
        dims_a = inv[rel[i]].T | (idx[:, None] == i) | (idx[:, None] == idx[None, :])  # [m, x]
        ka = kern[i].transpose(0, 2, 1)[idx[None, :], levels.T]  # (m, x, v) = K[i, x, v, L[x, m]]
        ka_a = np.take_along_axis(ka, a[:, None, None], axis=2)[..., 0]
        rmi = rm[i]  # (x, code)
        t_new = tr[i][None, :, None] - (rmi[:, a].T - 1)[:, :, None] + rmi[None, :, :]
        add(row(g[i]), dims_a & other, row(used[i]), row(fin[i]), row(cd[i]), ka, ka_a,
            row(tc[i]), t_new, row(pairs[i]), row(u0[i]))  # fmt: skip
        # (B) pairs (x, i): i's code at dimension m moves; x's code there L[x, m]
        dims_b = inv[rel[:, i]].T | (idx[:, None] == i) | (idx[:, None] == idx[None, :])  # [m, x]
        kb = kern[:, i][idx[None, :], levels.T]  # (m, x, v) = K[x, i, L[x, m], v]
        kb_a = np.take_along_axis(kb, a[:, None, None], axis=2)[..., 0]
        cmi = cm[:, i]  # (x, code)
        t_new = tc[:, i][None, :, None] - (cmi[:, a].T - 1)[:, :, None] + cmi[None, :, :]
        add(row(g[:, i]), dims_b & other, row(used[:, i]), row(fin[:, i]), row(cd[:, i]), kb,
            kb_a, row(tr[:, i]), t_new, row(pairs[:, i]), row(u0[:, i]))  # fmt: skip
        # (C) pairs (m, x): m's code at dimension i moves a[m] -> v; x's code there L[x, i]
        dims_c = inv[rel, i] | (i == mm) | (i == xx)  # [m, x]: i in the dimensions of (m, x)
        kc = kern.transpose(0, 1, 3, 2)[mm, xx, levels[:, i][None, :]]  # K[m, x, v, L[x, i]]
        kc_a = np.take_along_axis(kc, a[:, None, None], axis=2)[..., 0]
        t_new = tr[:, :, None] - (rm[mm, xx, a[:, None]] - 1)[:, :, None] + rm
        add(g, dims_c & other, used, fin, cd, kc, kc_a, tc, t_new, pairs, u0)
        # (D) pairs (x, m): m's code at dimension i moves; x's code there L[x, i]
        dims_d = inv[rel.T, i] | (i == mm) | (i == xx)  # [m, x]: i in the dimensions of (x, m)
        kd = kern[xx, mm, levels[:, i][None, :]]  # (m, x, v) = K[x, m, L[x, i], v]
        kd_a = np.take_along_axis(kd, a[:, None, None], axis=2)[..., 0]
        t_new = tc.T[:, :, None] - (cm[xx, mm, a[:, None]] - 1)[:, :, None] + cm.transpose(1, 0, 2)
        add(g.T, dims_d & other, used.T, fin.T, cd.T, kd, kd_a, tr.T, t_new, pairs.T, u0.T)
        # (E) the pairs (i, m) and (m, i): two codes move, both dimensions always counted
        mv, vv = np.meshgrid(idx, codes, indexing="ij")
        own_m, own_i = levels[mv, mv], levels[i, i]
        for tab, coef, use, was, now_u, first in (
            (tables[i], g[i], used[i], fin[i], u0[i], True),
            (tables[:, i], g[:, i], used[:, i], fin[:, i], u0[:, i], False),
        ):
            t3 = np.repeat(tab[:, None], _K, axis=1)  # (m, v, a, b)
            if first:  # (i, m): rows are i's codes, columns m's
                t3[mv, vv, a[mv], own_m] -= 1
                t3[mv, vv, vv, own_m] += 1
                t3[mv, vv, own_i, a[mv]] -= 1
                t3[mv, vv, own_i, vv] += 1
            else:  # (m, i)
                t3[mv, vv, own_m, a[mv]] -= 1
                t3[mv, vv, own_m, vv] += 1
                t3[mv, vv, a[mv], own_i] -= 1
                t3[mv, vv, vv, own_i] += 1
            u3 = _tau_from_tables(t3)
            flip |= use[:, None] & (np.isfinite(u3) != was[:, None])
            gain += coef[:, None] * np.where(np.isfinite(u3), u3 - now_u[:, None], 0.0)
        gain[~cand] = np.nan
        gain[idx, a] = np.nan  # not a move
        for m, v in zip(*np.nonzero(flip & ~np.isnan(gain)), strict=True):  # rare: recompute S_i
            _, uu = moved(int(m), int(v))
            s_new, valid = _security_parts(uu, i, ok, bil, w)[:2]
            gain[m, v] = s_new - current if valid else np.nan  # EUGene ignores an invalid S_i
        gain = np.where(np.isnan(gain), -np.inf, sense * gain)
        m, back = np.unravel_index(np.argmax(gain[:, ::-1]), gain.shape)
        v = _K - 1 - back
        best = gain[m, v]
        if not np.isfinite(best) or best <= 0:
            break
        levels[i, m] = levels[m, i] = v
        for p in (i, m):
            tables[p] = _directed_row(levels, inv, rel, p)
            tables[:, p] = _directed_col(levels, inv, rel, p)
        for p in (i, m):
            for sel in ((p, slice(None)), (slice(None), p)):
                kern[sel] = _SIGN @ tables[sel] @ _SIGN.T
                cd[sel] = 0.5 * (tables[sel] * kern[sel]).sum(axis=(-2, -1))
                rm[sel], cm[sel] = tables[sel].sum(axis=-1), tables[sel].sum(axis=-2)
                u[sel] = _tau_from_tables(tables[sel])
        np.fill_diagonal(u, 1.0)
        current = _security_parts(u, i, ok, bil, w)[0]  # exact after the move
        if best < tol:
            break
    return current - start


def regional_risk_attitudes(
    adj: np.ndarray, levels: np.ndarray, ccodes: np.ndarray, year: int, tol: float = 0.01
) -> dict[str, np.ndarray]:
    """EUGene's regional risk attitudes (``computed_risk`` for each of its five regions; it never
    computes a global one): (n, regions) arrays ``risk``, ``security``, ``sec_max``, ``sec_min``.

    For state i and region R: the states that vary are those involved in R (and i); EUGene's
    similarities and third states come from the states involved in R or in i's home region (and
    i): each pair's tau-b over those of them involved in the pair's relevant region, plus the
    pair; ``S_i`` sums the War Trap expected utility of every varying state against i (relevant
    region, its involved third states); the steepest search as :func:`risk_attitudes`. NaN when
    no state can challenge i there (EUGene's missing security).
    """
    levels = np.asarray(levels).astype(np.int64)
    codes = np.asarray(ccodes)
    n = len(codes)
    inv = involvement(codes, year)
    rel = relevant_region(codes, year)
    home = home_region(codes)
    cap = _capability_matrix(adj)
    idx = np.arange(n)
    out = {k: np.full((n, len(REGIONS)), np.nan) for k in ("risk", "security", "sec_max", "sec_min")}
    frames: dict[bytes, tuple] = {}
    for i in np.flatnonzero(np.isfinite(np.diagonal(cap))):
        for r in range(len(REGIONS)):
            vary = inv[r] | (idx == i)
            every = vary | inv[home[i]]
            key = every.tobytes()
            if key not in frames:
                sub = np.flatnonzero(every)
                lv, iv, rl = levels[np.ix_(sub, sub)], inv[:, sub], rel[np.ix_(sub, sub)]
                frames[key] = (sub, lv, iv, rl, _directed_tables(lv, iv, rl))
            sub, lv, iv, rl, tables = frames[key]
            k = int(np.searchsorted(sub, i))
            sub_cap = cap[np.ix_(sub, sub)] if np.ndim(adj) == 2 else np.asarray(adj)[sub]
            third = iv[rl[:, k]].T  # [k', j]: k' involved in the region of (j, i)
            u = _tau_from_tables(tables)
            np.fill_diagonal(u, 1.0)
            weights = security_weights(sub_cap, k, vary[sub], third, parts=True)
            sec, valid = _security_parts(u, k, *weights)[:2]
            if not valid:
                continue  # no challenger with a known expected utility: EUGene's missing security
            hi = sec + _search_directed(k, lv, tables, iv, rl, weights, vary[sub], 1.0, tol)
            lo = sec + _search_directed(k, lv, tables, iv, rl, weights, vary[sub], -1.0, tol)
            out["security"][i, r], out["sec_max"][i, r], out["sec_min"][i, r] = sec, hi, lo
            out["risk"][i, r] = 0.0 if hi == lo else (2 * sec - hi - lo) / (hi - lo)
    return out
