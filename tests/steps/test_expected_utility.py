"""Expected utility (War Trap, 1985 utilities, War and Reason) on hand-computed cases and real dyads."""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.errors import InputError
from detente.measures import expected_utility as eu

# Hand-made case: three states, capabilities and portfolio similarities chosen by hand.
C = np.array([0.5, 0.3, 0.2])
U = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, -0.5], [0.5, -0.5, 1.0]])


def test_war_trap_by_hand():
    out = eu.war_trap(C, U)
    # (1 vs 2): bilateral (2 * .5/.8 - 1)(1 - 0) = .25; state 3: .2/1.0 * (.5 - (-.5)) = .2
    assert out["bilateral"][0, 1] == pytest.approx(0.25)
    assert out["eu"][0, 1] == pytest.approx(0.45)
    # (2 vs 3): bilateral (2 * .3/.5 - 1)(1 + .5) = .3; state 1: .5/1.0 * (0 - .5) = -.25 -> .05
    assert out["eu"][1, 2] == pytest.approx(0.05)
    # expected utility of challenging is zero-sum in the dyad
    assert np.allclose(out["eu"], -out["eu"].T, equal_nan=True)


def test_utilities_by_hand():
    # r = 2 (most risk averse), U_13 = .5: sq = 2 - 4 * .25 = 1; win = 2 - 4 * (1.5/4)^2 = 1.4375;
    # lose = 2 - 4 * (2.5/4)^2 = .4375
    ut = eu.utilities(U, eu.risk_exponent(-1.0))
    assert (ut["sq"][0, 2], ut["win"][0, 2], ut["lose"][0, 2]) == pytest.approx((1.0, 1.4375, 0.4375))
    # identical portfolios: winning changes nothing, so win = lose = sq
    same = eu.utilities(np.ones((2, 2)), 1.0)
    assert same["win"][0, 1] == same["lose"][0, 1] == same["sq"][0, 1] == 0


def test_war_and_reason_probability_by_hand():
    p = eu.war_and_reason_probability(C, U)
    assert p[0, 1] == pytest.approx(0.7)  # (.5 + .2) / (.5 + .3 + .2)
    # (2 vs 3): k=1 .5 * (0 - .5) -> 3's side; k=2 .3 * 1.5 -> 2's; k=3 .2 * (-1.5) -> 3's
    assert p[1, 2] == pytest.approx(0.45 / (0.25 + 0.45 + 0.3))
    off = ~np.eye(3, dtype=bool)
    assert np.allclose((p + p.T)[off], 1) and np.isnan(np.diagonal(p)).all()


@pytest.fixture(scope="module")
def d1914(wh):
    p = detente.dyad_years(years=(1914, 1914)).add_capabilities().add_similarity(measures=["tau_b"])
    return p.add_expected_utility().to_pandas()


def test_bilateral_term_from_the_panels_own_columns(d1914):
    # War Trap bilateral term = (2 capshare1 - 1)(1 - tau_b), for every dyad of 1914
    expected = (2 * d1914.capshare1.astype(float) - 1) * (1 - d1914.atop_tau_b.astype(float))
    assert np.allclose(d1914.eu_wartrap_bilateral1.astype(float), expected, atol=1e-12)
    assert len(d1914) == 1980 and d1914.eu_wartrap1.notna().all()


def test_war_trap_recomputed_by_a_loop_over_third_states(d1914):
    # Germany (255) challenging Russia (365) in 1914, third states summed one by one from the
    # panel's CINC and tau-b columns (an independent computation of the published formula).
    cinc = d1914.groupby("ccode1").cinc1.first().astype(float)
    tau = d1914.set_index(["ccode1", "ccode2"]).atop_tau_b.astype(float)
    i, j = 255, 365
    total = (2 * cinc[i] / (cinc[i] + cinc[j]) - 1) * (1 - tau[i, j])
    for k in cinc.index:
        if k in (i, j):
            continue
        total += cinc[k] / (cinc[i] + cinc[j] + cinc[k]) * (tau[k, i] - tau[k, j])
    row = d1914.query("ccode1 == 255 and ccode2 == 365").iloc[0]
    assert row.eu_wartrap1 == pytest.approx(total)
    assert row.eu_wartrap2 == pytest.approx(-total)
    assert row.p_wr1 + row.p_wr2 == pytest.approx(1)


def test_similarity_s_and_domain(wh):
    d = detente.dyad_years(years=(1990, 1990)).add_expected_utility(similarity="s").to_pandas()
    assert "eu_wartrap_s1" in d.columns and d.eu_wartrap_s1.notna().mean() > 0.99
    g = detente.dyad_years("cow", years=(2019, 2019)).add_expected_utility().to_pandas()
    assert len(g) and g.eu_wartrap1.isna().all()  # after ATOP's 2018: null, never 0
    six = detente.dyad_years(years=(2017, 2017), versions={"nmc": "6.0"}).add_expected_utility()
    assert six.to_pandas().eu_wartrap1.isna().all()  # NMC 6.0 ends in 2016: no CINC, no EU
    with pytest.raises(InputError, match="similarity must be one of"):
        detente.dyad_years(years=(1990, 1990)).add_expected_utility(similarity="kappa")
