"""Similarity measures: hand-computed cases, invariants, and agreement with direct formulas."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.measures.similarity import (
    cohen_kappa,
    distance_matrix,
    pair_tables,
    s_score,
    scott_pi,
    similarity,
    tau_b,
)

X = [3, 0, 0, 1, 2]
Y = [3, 0, 1, 1, 2]


def test_s_of_identical_and_opposite_portfolios() -> None:
    """S = 1 for identical portfolios and -1 for opposite ones (Signorino & Ritter 1999)."""
    assert similarity([3, 1, 0, 2], [3, 1, 0, 2], k=4) == 1.0
    # each allied only with itself in a two-state system: |3-0| + |0-3| = 6 = 2 * d_max * 2 / 2
    assert similarity([3, 0], [0, 3], k=4) == -1.0
    assert similarity([3, 0], [0, 3], k=4, distance="squared") == -1.0


def test_s_hand_computed() -> None:
    """One code apart on one of five states: S = 1 - 2 * 1 / (5 * 3) = 13/15; squared 1 - 2/45."""
    assert similarity(X, Y, k=4) == pytest.approx(13 / 15)
    assert similarity(X, Y, k=4, distance="squared") == pytest.approx(43 / 45)
    # each allied only with itself among four states: 1 - 2 * (3 + 3) / (4 * 3) = 0
    assert similarity([3, 0, 0, 0], [0, 3, 0, 0], k=4) == 0.0


def test_weighted_s_hand_computed_and_scale_free() -> None:
    """Weights .5/.3/.2: distance 3 * .5 + 3 * .3 = 2.4 of 3, S = 1 - 2 * 2.4 / 3 = -0.6."""
    x, y = [3, 0, 0], [0, 3, 0]
    assert similarity(x, y, k=4, weights=[0.5, 0.3, 0.2]) == pytest.approx(-0.6)
    # weights need not sum to 1 (NMC's CINC totals do not): only their proportions matter
    assert similarity(x, y, k=4, weights=[5, 3, 2]) == pytest.approx(-0.6)
    # a weightless dimension is ignored: only the shared 0 on the third state is left
    assert similarity(x, y, k=4, weights=[0, 0, 1]) == 1.0


def test_kappa_and_pi_hand_computed() -> None:
    """Häge (2011) kappa and pi with absolute distances on the five-state example.

    Observed mean distance D_o = 1/5. Marginals: x has 0,1,2,3 with .4,.2,.2,.2 and y with
    .2,.4,.2,.2. Kappa: D_e = sum p_a q_b |a-b| = .4*1.4 + .2*.8 + .2*1.0 + .2*1.6 = 1.24, so
    kappa = 1 - .2/1.24. Pi pools them (.3,.3,.2,.2): D_e = 2 * (.09 + .12 + .18 + .06 + .12
    + .04) = 1.22, so pi = 1 - .2/1.22.
    """
    assert similarity(X, Y, k=4, measure="kappa") == pytest.approx(1 - 0.2 / 1.24)
    assert similarity(X, Y, k=4, measure="pi") == pytest.approx(1 - 0.2 / 1.22)


def test_tau_b_hand_computed() -> None:
    """Ten pairs: 8 concordant, 0 discordant, 1 tied on x only, 1 on y only: 8 / sqrt(9 * 9)."""
    assert similarity(X, Y, k=4, measure="tau_b") == pytest.approx(8 / 9)


def test_chance_agreement_gives_zero() -> None:
    """x = 0011, y = 0101: every combination once, so kappa = pi = tau-b = 0 and S = 0."""
    x, y = [0, 0, 1, 1], [0, 1, 0, 1]
    for measure in ("kappa", "pi", "tau_b", "s"):
        assert similarity(x, y, k=2, measure=measure) == pytest.approx(0.0), measure


def test_undefined_cases_are_nan() -> None:
    """Both always yes: S = 1, but kappa, pi and tau-b have no variation to work with."""
    assert similarity([0, 0, 0], [0, 0, 0], k=3) == 1.0
    for measure in ("kappa", "pi", "tau_b"):
        assert np.isnan(similarity([0, 0, 0], [0, 0, 0], k=3, measure=measure)), measure


def test_missing_codes_drop_the_dimension_for_that_pair() -> None:
    """UN-style abstention from voting (-1): compare on the three shared roll calls only."""
    # shared: (0,0), (0,1), (2,2): distance 1 of at most 3 * 2: S = 1 - 2/6
    assert similarity([0, 0, 2, -1], [0, 1, 2, 0], k=3) == pytest.approx(2 / 3)
    assert np.isnan(similarity([0, -1], [-1, 0], k=3))  # nothing shared


def test_regional_tables_use_only_the_pairs_regions() -> None:
    """States 2, 20 (Americas) and 200, 365 (Europe): dimensions restricted to their regions."""
    portfolios = np.array([[3, 3, 0, 0], [3, 3, 0, 3], [0, 0, 3, 0], [0, 3, 0, 3]])
    regions = np.array([0, 0, 1, 1])
    regional = s_score(pair_tables(portfolios, 4, groups=regions, row_groups=regions))
    glob = s_score(pair_tables(portfolios, 4))
    assert regional[0, 1] == 1.0  # on {2, 20}: 33 vs 33
    assert glob[0, 1] == pytest.approx(0.5)  # 3300 vs 3303: 1 - 2 * 3 / 12
    assert regional[0, 2] == glob[0, 2] == pytest.approx(-0.5)  # two regions: every state
    assert regional[2, 3] == -1.0  # on {200, 365}: 30 vs 03


def test_distance_matrix() -> None:
    assert distance_matrix(4).max() == 3
    assert distance_matrix(4, "squared").max() == 9
    with pytest.raises(ValueError):
        distance_matrix(3, "euclid")


def _direct(x: np.ndarray, y: np.ndarray, k: int, distance: str) -> dict[str, float]:
    """The textbook formulas for one pair, written out pair by pair (for comparison only)."""
    keep = (x >= 0) & (y >= 0)
    x, y = x[keep], y[keep]
    d = distance_matrix(k, distance)
    n = len(x)
    s = 1 - 2 * sum(d[a, b] for a, b in zip(x, y, strict=True)) / (n * d.max())
    p = np.bincount(x, minlength=k) / n
    q = np.bincount(y, minlength=k) / n
    do = sum(d[a, b] for a, b in zip(x, y, strict=True)) / n
    de_k = sum(p[a] * q[b] * d[a, b] for a in range(k) for b in range(k))
    m = (p + q) / 2
    de_p = sum(m[a] * m[b] * d[a, b] for a in range(k) for b in range(k))
    conc = disc = tx = ty = 0
    for i, j in itertools.combinations(range(n), 2):
        dx, dy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
        if dx == 0 and dy == 0:
            continue
        if dx == 0:
            tx += 1
        elif dy == 0:
            ty += 1
        elif dx == dy:
            conc += 1
        else:
            disc += 1
    den = np.sqrt((conc + disc + tx) * (conc + disc + ty))
    return {
        "s": s,
        "kappa": 1 - do / de_k if de_k > 0 else np.nan,
        "pi": 1 - do / de_p if de_p > 0 else np.nan,
        "tau_b": (conc - disc) / den if den > 0 else np.nan,
    }


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 5),
    st.integers(3, 12),
    st.integers(0, 2**32 - 1),
    st.sampled_from(["absolute", "squared"]),
)
def test_all_pairs_match_the_direct_formulas(k: int, m: int, seed: int, distance: str) -> None:
    """Every pair of a random portfolio matrix agrees with the one-pair formulas; invariants hold."""
    rng = np.random.default_rng(seed)
    portfolios = rng.integers(-1, k, size=(5, m))
    tables = pair_tables(portfolios, k)
    got = {
        "s": s_score(tables, distance),
        "kappa": cohen_kappa(tables, distance),
        "pi": scott_pi(tables, distance),
        "tau_b": tau_b(tables),
    }
    for i, j in itertools.combinations(range(5), 2):
        if ((portfolios[i] >= 0) & (portfolios[j] >= 0)).sum() == 0:
            assert np.isnan(got["s"][i, j])
            continue
        want = _direct(portfolios[i], portfolios[j], k, distance)
        for name, value in want.items():
            assert got[name][i, j] == pytest.approx(value, nan_ok=True, abs=1e-12), name
            assert got[name][j, i] == pytest.approx(got[name][i, j], nan_ok=True)  # symmetric
    s = got["s"][~np.isnan(got["s"])]
    assert (s >= -1 - 1e-12).all() and (s <= 1 + 1e-12).all()
    for i in range(5):
        if (portfolios[i] >= 0).any():
            assert got["s"][i, i] == pytest.approx(1.0)
        if len(set(portfolios[i][portfolios[i] >= 0])) > 1:
            assert got["kappa"][i, i] == pytest.approx(1.0)
            assert got["pi"][i, i] == pytest.approx(1.0)
            assert got["tau_b"][i, i] == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=3, max_size=15), st.integers(0, 2**32 - 1))
def test_pi_never_exceeds_kappa_with_squared_distances(x: list[int], seed: int) -> None:
    """Squared distances: D_e(pi) = D_e(kappa) - (mean_x - mean_y)^2 / 2, so pi <= kappa;
    and a reordered portfolio has the same marginals, so then pi = kappa."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 4, size=len(x)).tolist()
    k = similarity(x, y, k=4, measure="kappa", distance="squared")
    p = similarity(x, y, k=4, measure="pi", distance="squared")
    if not np.isnan(k):
        assert p <= k + 1e-12
    shuffled = rng.permutation(x).tolist()
    k2 = similarity(x, shuffled, k=4, measure="kappa")
    p2 = similarity(x, shuffled, k=4, measure="pi")
    assert p2 == pytest.approx(k2, nan_ok=True)


def test_unknown_measure() -> None:
    with pytest.raises(ValueError, match="unknown measure"):
        similarity([0], [0], k=2, measure="cosine")
