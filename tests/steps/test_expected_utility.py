"""Expected utility (War Trap, 1985 utilities, War and Reason) on hand-computed cases and real dyads."""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.errors import InputError
from detente.measures import expected_utility as eu

from helpers import assert_all

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
    assert_all(six.to_pandas().eu_wartrap1.isna())  # NMC 6.0 ends in 2016: no CINC, no EU
    with pytest.raises(InputError, match="similarity must be one of"):
        detente.dyad_years(years=(1990, 1990)).add_expected_utility(similarity="kappa")


# -- 1985 risk attitudes -------------------------------------------------------------------------


def _portfolio_case() -> tuple[np.ndarray, np.ndarray]:
    """Seven states: hand-written alliance codes (0 none .. 3 defence; symmetric, self 3) and
    capabilities summing to 1, chosen to give two blocs and a loner."""
    levels = np.array(
        [
            [3, 3, 1, 0, 0, 2, 0],
            [3, 3, 0, 0, 0, 0, 0],
            [1, 0, 3, 3, 3, 0, 0],
            [0, 0, 3, 3, 0, 0, 1],
            [0, 0, 3, 0, 3, 0, 0],
            [2, 0, 0, 0, 0, 3, 0],
            [0, 0, 0, 1, 0, 0, 3],
        ]
    )
    c = np.array([0.30, 0.05, 0.25, 0.10, 0.05, 0.15, 0.10])
    return c, levels


def _naive_security(c: np.ndarray, levels: np.ndarray, i: int) -> float:
    """sum_j EU_ji from scratch: tau-b of every pair (the similarity module), War Trap EU."""
    from detente.measures import similarity as sim

    tables = sim.pair_tables(levels, 4)
    u = sim.tau_b(tables)
    np.fill_diagonal(u, 1.0)
    return float(np.nansum(eu.war_trap(c, u)["eu"][:, i]))


def _naive_steepest(levels: np.ndarray, i: int, sense: float, security, partners) -> float:
    """EUGene's steepest search written out: every single-tie change of i with a partner
    recomputed from scratch by ``security(levels) -> (value, defined)``; a change whose security
    is undefined is skipped."""
    levels = levels.copy()
    current = security(levels)[0]
    for _ in range(2 * len(partners) + 1):  # EUGene: until loop_count > 2n
        best = (0.0, None, None, None)
        for m in partners:
            for v in (3, 2, 1, 0):  # EUGene's order: defence (its 1) .. none (its 4)
                if m == i or v == levels[i, m]:
                    continue
                trial = levels.copy()
                trial[i, m] = trial[m, i] = v
                s, ok = security(trial)
                if ok and sense * (s - current) > best[0]:
                    best = (sense * (s - current), m, v, s)
        if best[1] is None:
            break
        levels[i, best[1]] = levels[best[1], i] = best[2]
        current = best[3]
        if best[0] < 0.01:
            break
    return current


def test_risk_attitudes_equal_a_search_recomputed_from_scratch():
    c, levels = _portfolio_case()
    r = eu.risk_attitudes(c, levels)
    for i in range(len(c)):
        sec = _naive_security(c, levels, i)
        secure = lambda lv, i=i: (_naive_security(c, lv, i), True)  # noqa: E731
        partners = range(len(levels))
        hi = _naive_steepest(levels, i, 1.0, secure, partners)
        lo = _naive_steepest(levels, i, -1.0, secure, partners)
        assert r["security"][i] == pytest.approx(sec)
        assert (r["sec_max"][i], r["sec_min"][i]) == pytest.approx((hi, lo))
        # R = (2 S - S_max - S_min) / (S_max - S_min), Bueno de Mesquita 1985
        assert r["risk"][i] == pytest.approx((2 * sec - hi - lo) / (hi - lo))
        assert lo <= sec <= hi and -1 <= r["risk"][i] <= 1


def test_security_weights_are_the_war_trap_sum():
    # S_i is linear in the similarities: const + sum_{p<q} H[p, q] U[p, q] equals sum_j EU_ji
    c, _ = _portfolio_case()
    u = np.array(U.tolist())
    for i in range(3):
        const, h = eu.security_weights(C, i)
        assert const + 0.5 * (h * u).sum() == pytest.approx(np.nansum(eu.war_trap(C, u)["eu"][:, i]))
    assert c.sum() == pytest.approx(1)


def test_distance_discount_by_hand():
    # 1900 (250 miles a day), states 0 and 1 at 2,500 miles, 2 at 0 miles from 1:
    # adj = c ** log10(d / 250 + 10 - e); at home c ** 0.8622
    miles = np.array([[0, 2500.0, 2500], [2500, 0, 0], [2500, 0, 0]])
    adj = eu.discounted_capability(np.array([0.5, 0.3, 0.2]), miles, 1900)
    assert adj[0, 1] == pytest.approx(0.5 ** np.log10(10 + 10 - np.e))
    assert adj[1, 1] == pytest.approx(0.3 ** np.log10(10 - np.e))
    out = eu.war_trap_discounted(adj, U)
    # bilateral (0 vs 1): P = adj01 / (adj01 + adj11), times (1 - U_01) = 1
    p = adj[0, 1] / (adj[0, 1] + adj[1, 1])
    assert out["bilateral"][0, 1] == pytest.approx(2 * p - 1)
    # third state 2 helps where it is strongest: M = max(adj20, adj21) = adj21
    m = max(adj[2, 0], adj[2, 1])
    pik = (adj[0, 1] + m) / (adj[0, 1] + m + adj[1, 1])
    pjk = (adj[1, 0] + m) / (adj[1, 0] + m + adj[0, 0])
    assert out["eu"][0, 1] == pytest.approx(2 * p - 1 + (pik + pjk - 1) * (U[2, 0] - U[2, 1]))


def test_war_and_reason_probability_with_risk_by_hand():
    # R_1 = .5: k's weight d/2 * exp(.5 d); (1 vs 2) d = 1 (k=1), -1 (k=2), 1 (k=3)
    p = eu.war_and_reason_probability(C, U, np.array([0.5, 0.0, 0.0]))
    w = 0.5 * np.exp(0.5)
    num = 0.5 * w + 0.2 * w
    den = num + 0.3 * 0.5 * np.exp(-0.5)
    assert p[0, 1] == pytest.approx(num / den)


# -- the International Interaction Game ------------------------------------------------------------


def _game(ua: dict, ub: dict) -> dict:
    names = eu.IIG_OUTCOMES
    return {k: (np.array([ua.get(k, 0.0)]), np.array([ub.get(k, 0.0)])) for k in names}


@pytest.mark.parametrize(
    ("ua", "ub", "expected"),
    [
        # neither demands: B's status quo beats anything after its own demand
        ({"sq": 1, "acq_b": 0.5}, {"sq": 1}, "sq"),
        # A demands; B gives in rather than fight a war it values at -1
        ({"acq_b": 2, "war_a": 1}, {"acq_b": 0, "war_a": -1, "cap_b": -0.5}, "acq_b"),
        # both prefer negotiating to anything force brings
        ({"nego": 1, "acq_b": 0.5}, {"nego": 1, "acq_b": -1}, "nego"),
        # B refuses, A prefers war to backing down, B would rather fight than capitulate
        ({"war_a": 1, "cap_a": -1, "nego": 0}, {"war_a": 0.5, "cap_b": -1, "nego": 0.2}, "war_a"),
    ],
)
def test_iig_equilibrium_by_hand(ua, ub, expected):
    assert eu.iig_equilibrium(_game(ua, ub)).tolist() == [expected]


def _solve_row(r, tail: str = "") -> str:
    """Backward induction written node by node for one panel row (EUGene's tree and tie rules)."""
    ua = {o: r[f"iig_{o}{tail}1"] for o in eu.IIG_OUTCOMES}
    ub = {o: r[f"iig_{o}{tail}2"] for o in eu.IIG_OUTCOMES}
    n12 = "cap_a" if ua["cap_a"] > ua["war_b"] else "war_b"
    n11 = "cap_b" if ub["cap_b"] > ub["war_a"] else "war_a"
    n9 = "nego" if ub["nego"] > ub[n12] else n12
    n7 = "nego" if ua["nego"] > ua[n11] else n11
    n6 = n7 if ub[n7] > ub[n12] else n12
    n5 = n9 if ua[n9] > ua[n11] else n11
    n4 = n6 if ua[n6] > ua["acq_a"] else "acq_a"
    n3 = n5 if ub[n5] > ub["acq_b"] else "acq_b"
    n2 = "sq" if ub["sq"] > ub[n4] else n4
    return n2 if ua[n2] > ua[n3] else n3


@pytest.fixture(scope="module")
def risk1914(wh):
    p = detente.dyad_years(years=(1914, 1914)).add_capabilities().add_similarity(measures=["tau_b"])
    return p.add_expected_utility(risk=True).to_pandas()


def test_risk_and_game_on_real_dyads_1914(risk1914):
    d = risk1914
    assert len(d) == 1980 and d.risk1.notna().all()
    assert d.risk1.between(-1, 1).all()
    # Germany (255) and Russia (365): p_wr from the panel's own CINC, tau-b and R columns
    cinc = d.groupby("ccode1").cinc1.first().astype(float)
    tau = d.set_index(["ccode1", "ccode2"]).atop_tau_b.astype(float)
    risk = d.groupby("ccode1").risk1.first()
    i, j = 255, 365
    num = den = 0.0
    for k in cinc.index:
        # War and Reason's similarities: EUGene's 0.999 for a tau-b of 1 between two states
        uki = 1.0 if k == i else min(tau[k, i], 0.999)
        ukj = 1.0 if k == j else min(tau[k, j], 0.999)
        w = (uki - ukj) / 2 * np.exp(risk[i] * (uki - ukj))
        num += cinc[k] * max(w, 0)
        den += cinc[k] * abs(w)
    row = d.query("ccode1 == 255 and ccode2 == 365").iloc[0]
    assert row.p_wr1 == pytest.approx(num / den)
    # utilities with r = (1 - R/3) / (1 + R/3): U(SQ) = 2 - 4 (1/2)^r
    r = (1 - risk[i] / 3) / (1 + risk[i] / 3)
    assert row.u_sq1 == pytest.approx(2 - 4 * 0.5**r)
    assert row.u_win1 == pytest.approx(2 - 4 * ((1 + tau[i, j]) / 4) ** r)
    # the game's outcome utilities are the W&R ones, and its solution a plain induction
    assert (row.iig_sq1, row.iig_nego1, row.iig_acq_b1) == pytest.approx(
        (row.u_sq1, row.u_nego1, row.u_win1)
    )
    sample = d.sample(200, random_state=0)
    assert [_solve_row(r) for _, r in sample.iterrows()] == sample.iig_eq.tolist()
    assert set(d.iig_eq) <= set(eu.IIG_OUTCOMES)


def test_game_risk_neutral_and_parameters(d1914):
    assert_all(d1914.u_sq1 == 0)
    assert "risk1" not in d1914.columns
    assert d1914.iig_eq.notna().all()
    # EUGene's costs: War_A = Nego - phi P - alpha (1 - P), phi = U(SQ) = 0 when risk neutral
    assert np.allclose(d1914.iig_war_a1, d1914.u_nego1 - 0.5 * (1 - d1914.p_wr1))
    assert np.allclose(d1914.iig_war_b1, d1914.u_nego1 - 1.0 * (1 - d1914.p_wr1))
    cheap = detente.dyad_years(years=(1914, 1914)).add_expected_utility(alpha=0.0).to_pandas()
    assert np.allclose(cheap.iig_war_a1, cheap.u_nego1)
    with pytest.raises(InputError, match="alpha must be a finite cost"):
        detente.dyad_years(years=(1914, 1914)).add_expected_utility(alpha=-1.0)
    with pytest.raises(InputError, match="risk=True searches tau-b"):
        detente.dyad_years(years=(1914, 1914)).add_expected_utility(risk=True, similarity="s")


def test_cli_adds_risk_and_game_columns(tmp_path, mirror, cache):
    # the step's declaration drives the CLI: --add expected_utility:risk=true,alpha=0.25
    import os
    import subprocess
    import sys

    import pyarrow.parquet as pq

    out = tmp_path / "eu1816.parquet"
    env = {**os.environ, "DETENTE_CACHE": str(cache), "DETENTE_MIRROR": str(mirror)}

    def cli(add: str):  # the 1816 panel with expected utility as `detente panel` writes it
        done = subprocess.run(
            [sys.executable, "-m", "detente", "panel", "dyad-years", "--years", "1816",
             "--add", f"expected_utility:{add}", "--out", str(out)],
            capture_output=True, text=True, env=env, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return pq.read_table(out).to_pandas()

    t = cli("risk=true,alpha=0.25")
    assert len(t) == 506 and t.risk1.between(-1, 1).all() and t.iig_eq.notna().all()
    # alpha = .25: War_A = Nego - phi P - .25 (1 - P), phi = U_1(SQ)
    expected = t.iig_nego1 - t.u_sq1 * t.p_wr1 - 0.25 * (1 - t.p_wr1)
    assert np.allclose(t.iig_war_a1, expected)
    # EUGene's regional rules and regional risk from the command line too
    r = cli("regional=true,risk=true")
    assert len(r) == 506 and r.risk1.between(-1, 1).all() and not np.allclose(r.risk1, t.risk1)


def test_security_with_an_unknown_distance_skips_only_what_needs_it():
    # discounted capabilities, the capitals of states 0 and 5 at unknown distance: S_i from the
    # linear weights equals the discounted War Trap sum over the pairs that can be computed
    c, levels = _portfolio_case()
    rng = np.random.default_rng(3)
    miles = rng.uniform(100, 5000, (7, 7))
    miles = (miles + miles.T) / 2
    np.fill_diagonal(miles, 0)
    miles[0, 5] = miles[5, 0] = np.nan
    adj = eu.discounted_capability(c, miles, 1900)
    from detente.measures import similarity as sim

    u = sim.tau_b(sim.pair_tables(levels, 4))
    np.fill_diagonal(u, 1.0)
    eu_ji = eu.war_trap_discounted(adj, u)["eu"]
    assert np.isnan(eu_ji[0, 5]) and np.isnan(eu_ji[5, 0])
    r = eu.risk_attitudes(adj, levels)
    for i in range(7):
        const, h = eu.security_weights(adj, i)
        assert const + 0.5 * (h * u).sum() == pytest.approx(np.nansum(eu_ji[:, i]))
        assert r["security"][i] == pytest.approx(np.nansum(eu_ji[:, i]))
    assert np.isfinite(r["risk"]).all()


# -- EUGene's 0.999 rule for War and Reason (modifyTauForWarReason) ------------------------------------


def test_war_and_reason_rule_for_identical_portfolios_by_hand():
    # states 1 and 2 have identical portfolios (tau-b 1), both 0 with state 3
    u = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    uw = eu.war_and_reason_similarity(u)
    assert uw[0, 1] == uw[1, 0] == 0.999 and (np.diagonal(uw) == 1).all() and uw[0, 2] == 0
    # P_12: k=1 d = 1 - .999 = .001 (A's side, weight .0005), k=2 d = .999 - 1 (B's side),
    # k=3 d = 0: P = .5 * .0005 / (.5 * .0005 + .3 * .0005) = .625, and P_21 = .375
    pa, pb = eu.war_and_reason_probabilities(C, uw)
    assert pa[0, 1] == pytest.approx(0.625) and pb[0, 1] == pytest.approx(0.375)
    # without the rule no state prefers either side: EUGene's P is missing (denominator 0)
    assert np.isnan(eu.war_and_reason_probability(C, u)[0, 1])
    # r = 1: U(D_A) = 2 - 4 (2 - (1 - .999)) / 4 = .001, U(D_B) = 2 - 4 (2.001 / 4) = -.001
    ut = eu.utilities(uw, 1.0)
    assert (ut["win"][0, 1], ut["lose"][0, 1]) == pytest.approx((0.001, -0.001))


def test_b_probability_is_the_dyads_own_with_distance():
    # EUGene keeps B's P in the record of dyad (A, B): A projects to B (adj[A, B]), B at home
    # (adj[B, B]); the third state at max(adj[k, A], adj[k, B]). Same distances as above.
    miles = np.array([[0, 2500.0, 2500], [2500, 0, 0], [2500, 0, 0]])
    adj = eu.discounted_capability(C, miles, 1900)
    pa, pb = eu.war_and_reason_probabilities(adj, U)
    # dyad (0, 1): d_k = U_k0 - U_k1 = 1 (k=0), -1 (k=1), 1 (k=2); B gains only from k = 1
    caps = [adj[0, 1], adj[1, 1], max(adj[2, 0], adj[2, 1])]
    total = sum(caps)
    assert pa[0, 1] == pytest.approx((caps[0] + caps[2]) / total)
    assert pb[0, 1] == pytest.approx(caps[1] / total)
    # the reverse dyad projects the other way, so its own P differs from B's here
    assert pb[0, 1] != pytest.approx(pa[1, 0])
    # without discount the two coincide
    flat_a, flat_b = eu.war_and_reason_probabilities(C, U)
    assert np.allclose(flat_b, flat_a.T, equal_nan=True)


def test_war_and_reason_rule_on_real_dyads_1914(d1914):
    # risk neutral (r = 1): U(D_1) = 2 - 4 (1 + tau') / 4 = 1 - tau', tau' = .999 where tau-b is 1
    tau = d1914.atop_tau_b.astype(float)
    assert (tau == 1).sum() == 2  # one pair of identical portfolios in 1914
    rule = np.where(tau == 1, 0.999, tau)
    assert np.allclose(d1914.u_win1, 1 - rule) and np.allclose(d1914.u_lose1, rule - 1)
    same = d1914[tau == 1].iloc[0]
    assert same.u_win1 == pytest.approx(0.001) and 0 < same.p_wr1 < 1
    # the War Trap keeps the unmodified tau-b: its bilateral term is 0 for that pair
    assert same.eu_wartrap_bilateral1 == 0


# -- EUGene's regional rules ---------------------------------------------------------------------

#: The seven portfolio states given real COW codes: USA, UK, Russia, Turkey, China, Japan, Nigeria
CODES = np.array([2, 200, 365, 640, 710, 740, 475])


def test_involvement_and_relevant_region_by_hand():
    inv = eu.involvement(CODES, 1914)
    europe, asia = eu.REGIONS.index("europe"), eu.REGIONS.index("asia")
    # Europe 1914: USA (from 1898), UK (home), Turkey (listed), Japan (1895-1945); Russia not
    # (EUGene's 1901-1944 rule), China (from 1950) and Nigeria not
    assert inv[europe].tolist() == [True, True, False, True, False, True, False]
    assert inv[asia].tolist() == [True, True, False, False, True, True, False]
    assert eu.involvement(CODES, 1950)[europe].tolist() == [True, True, True, True, True, False, False]
    rel = eu.relevant_region(CODES, 1914)
    name = {(a, b): eu.REGIONS[rel[a, b]] for a in range(7) for b in range(7)}
    assert name[0, 1] == "europe"  # USA involved in Europe: the target's region
    assert name[1, 0] == "americas"  # UK involved in the Americas
    assert name[6, 1] == "africa"  # Nigeria not involved in Europe: its own region
    assert name[4, 5] == "asia" and name[2, 1] == "europe"  # shared home region


def _naive_regional_tau(levels, inv, rel, p, q):
    """Tau-b of p and q over the states involved in the pair's region plus p and q (by hand)."""
    from detente.measures import similarity as sim

    dims = [d for d in range(len(levels)) if inv[rel[p, q], d] or d in (p, q)]
    return float(sim.tau_b(sim.pair_tables(levels[[p, q]][:, dims], 4))[0, 1])


def test_regional_similarity_and_war_trap_equal_loops():
    c, levels = _portfolio_case()
    u, rel, inv = eu.regional_similarity(CODES, levels, 1914)
    for p in range(7):
        for q in range(7):
            if p != q:
                expected = _naive_regional_tau(levels, inv, rel, p, q)
                assert u[p, q] == pytest.approx(expected, nan_ok=True)
    # every state involved everywhere: the regional tables are the global ones
    from detente.measures import similarity as sim

    glob = sim.tau_b(sim.pair_tables(levels, 4))
    every = eu._similarity_from_tables(eu.regional_tables(levels, np.ones(7, bool)), "tau_b")
    off = ~np.eye(7, dtype=bool)
    assert np.allclose(every[off], glob[off], equal_nan=True)
    # War Trap, regional: bilateral (2 P - 1)(1 - U_ij) plus k involved in the dyad's region only
    wt = eu.war_trap(c, u, (rel, inv))
    for i in range(7):
        for j in range(7):
            if i == j:
                continue
            total = (2 * c[i] / (c[i] + c[j]) - 1) * (1 - u[i, j])
            for k in range(7):
                if k not in (i, j) and inv[rel[i, j], k]:
                    total += c[k] / (c[i] + c[j] + c[k]) * np.nan_to_num(u[k, i] - u[k, j])
            assert wt["eu"][i, j] == pytest.approx(total, nan_ok=True)  # NaN: U_ij undefined
    assert np.isfinite(wt["eu"][off]).sum() >= 30  # of 42 dyads


def test_regional_s_by_hand():
    # S over the region's states plus the pair: 1 - 2 * sum |a - b| / (3 N)
    _, levels = _portfolio_case()
    s, rel, inv = eu.regional_similarity(CODES, levels, 1914, "s")
    p, q = 0, 1  # USA and UK, Europe: dimensions USA, UK, Turkey, Japan
    dims = [d for d in range(7) if inv[rel[p, q], d] or d in (p, q)]
    assert dims == [0, 1, 3, 5]
    gaps = np.abs(levels[p, dims] - levels[q, dims])  # 3-3, 3-3, 0-0, 0-0
    assert s[p, q] == pytest.approx(1 - 2 * gaps.sum() / (3 * len(dims)))


def test_regional_step_on_real_dyads_1914(wh):
    from detente.steps.expected_utility import portfolios

    d = detente.dyad_years(years=(1914, 1914)).add_expected_utility(regional=True).to_pandas()
    assert len(d) == 1980 and d.eu_wartrap1.notna().all() and d.iig_eq.notna().all()
    codes, levels = portfolios(wh, (1914, 1914))[1914]
    inv = eu.involvement(codes, 1914)
    rel = eu.relevant_region(codes, 1914)
    at = {int(c): k for k, c in enumerate(codes)}
    i, j = at[255], at[365]  # Germany challenging Russia: Europe; Russia involved nowhere
    assert eu.REGIONS[rel[i, j]] == "europe" and not inv[:, j].any()
    # the bilateral term from a tau-b over Europe's involved states plus Germany and Russia
    caps = detente.dyad_years(years=(1914, 1914)).add_capabilities().to_pandas()
    c = caps.groupby("ccode1").cinc1.first().astype(float)
    row = d.query("ccode1 == 255 and ccode2 == 365").iloc[0]
    u_ij = _naive_regional_tau(levels, inv, rel, i, j)
    bilateral = (2 * c[255] / (c[255] + c[365]) - 1) * (1 - u_ij)
    assert row.eu_wartrap_bilateral1 == pytest.approx(bilateral)
    total = bilateral
    for code, k in at.items():
        if k in (i, j) or not inv[rel[i, j], k]:
            continue
        uki, ukj = (_naive_regional_tau(levels, inv, rel, k, x) for x in (i, j))
        total += c[code] / (c[255] + c[365] + c[code]) * (uki - ukj)
    assert row.eu_wartrap1 == pytest.approx(total)


# -- EUGene's regional risk ----------------------------------------------------------------------


def _naive_regional(c, levels, year, i, r):
    """EUGene's regional security and steepest search written out (euprocs1 computed_risk):
    every similarity recomputed from the portfolios for every candidate; a challenger whose
    similarity with i is undefined adds nothing, nor a third state with an undefined one; a
    candidate whose security has no defined term is ignored. Returns (S, S_max, S_min) or None."""
    from detente.measures import similarity as sim

    inv, rel = eu.involvement(CODES, year), eu.relevant_region(CODES, year)
    home, n = eu.home_region(CODES), len(CODES)
    vary = inv[r] | (np.arange(n) == i)
    every = vary | inv[home[i]]  # EUGene's EUvary list: dimensions and third states

    def sec(lv):
        def tau(p, q):
            if p == q:
                return 1.0
            dims = [d for d in range(n) if every[d] and (inv[rel[p, q], d] or d in (p, q))]
            return float(sim.tau_b(sim.pair_tables(lv[[p, q]][:, dims], 4))[0, 1])

        total, valid = 0.0, False
        for j in np.flatnonzero(vary):
            if j == i or np.isnan(tau(j, i)):
                continue
            valid = True
            total += (2 * c[j] / (c[j] + c[i]) - 1) * (1 - tau(j, i))
            for k in np.flatnonzero(every):
                if k not in (i, j) and inv[rel[j, i], k]:
                    ukj, uki = tau(k, j), tau(k, i)
                    if not (np.isnan(ukj) or np.isnan(uki)):
                        total += c[k] / (c[i] + c[j] + c[k]) * (ukj - uki)
        return total, valid

    s0, valid = sec(levels)
    if not valid:
        return None
    partners = np.flatnonzero(vary)
    return (s0, *(_naive_steepest(levels, i, sense, sec, partners) for sense in (1.0, -1.0)))


def test_regional_risk_equals_a_search_recomputed_from_scratch():
    # the seven hand-written portfolios with real codes, 1914: Russia involved nowhere, few
    # states per region, so many regional tau-b are undefined (EUGene's missing values matter)
    c, levels = _portfolio_case()
    out = eu.regional_risk_attitudes(c, levels, CODES, 1914)
    checked = 0
    for i in range(7):
        for r in range(len(eu.REGIONS)):
            expected = _naive_regional(c, levels, 1914, i, r)
            got = (out["security"][i, r], out["sec_max"][i, r], out["sec_min"][i, r])
            if expected is None:
                assert np.isnan(got).all()
                continue
            checked += 1
            assert got == pytest.approx(expected)
            s, hi, lo = expected
            r_expected = 0.0 if hi == lo else (2 * s - hi - lo) / (hi - lo)
            assert out["risk"][i, r] == pytest.approx(r_expected)
    assert checked >= 25  # of 35 state-regions


def test_regional_risk_on_real_dyads_1914(wh):
    from detente.steps.expected_utility import portfolios, risk_table

    d = detente.dyad_years(years=(1914, 1914)).add_capabilities()
    d = d.add_expected_utility(regional=True, risk=True).to_pandas()
    assert len(d) == 1980 and d.risk1.notna().all() and d.risk1.between(-1, 1).all()
    t = risk_table(wh, (1914, 1914), regional=True).to_pandas()
    assert len(t) == 45 * 5 and set(t.region) == set(eu.REGIONS)
    codes, levels = portfolios(wh, (1914, 1914))[1914]
    u, rel, inv = eu.regional_similarity(codes, levels, 1914)
    uw = eu.war_and_reason_similarity(u)
    at = {int(x): k for k, x in enumerate(codes)}
    i, j = at[255], at[365]  # Germany challenging Russia: Europe
    r_a = t.query("ccode == 255 and region == 'europe'").risk.iloc[0]
    row = d.query("ccode1 == 255 and ccode2 == 365").iloc[0]
    assert row.risk1 == pytest.approx(r_a)  # A's risk toward the dyad's region
    # P: Germany, Russia and the states involved in Europe, each with its regional tau-b
    cinc = d.groupby("ccode1").cinc1.first().astype(float)
    num = den = 0.0
    for code, k in at.items():
        if k not in (i, j) and not inv[rel[i, j], k]:
            continue
        uki = 1.0 if k == i else uw[i, j] if k == j else uw[k, i]
        ukj = 1.0 if k == j else uw[i, j] if k == i else uw[k, j]
        if np.isnan(uki - ukj):
            continue
        w = (uki - ukj) / 2 * np.exp(r_a * (uki - ukj))
        num += cinc[code] * max(w, 0)
        den += cinc[code] * abs(w)
    assert row.p_wr1 == pytest.approx(num / den)
    r_exp = (1 - r_a / 3) / (1 + r_a / 3)
    assert row.u_win1 == pytest.approx(2 - 4 * ((1 + uw[i, j]) / 4) ** r_exp)
