"""Similarity step: columns, known facts, an independent recomputation, symmetry, domains."""

from __future__ import annotations

import numpy as np
import pytest

import detente
from detente.errors import InputError

from helpers import assert_all, q

pytestmark = pytest.mark.usefixtures("wh")  # the warehouse reads the mirror

ATOP_COLUMNS = ["atop_s_unweighted", "atop_s_weighted", "atop_kappa", "atop_pi", "atop_tau_b"]


@pytest.fixture(scope="module")
def atop_1980(wh):
    """Directed COW dyads of 1980 with every ATOP measure, indexed by (ccode1, ccode2)."""
    panel = detente.dyad_years(years=(1980, 1980)).add_similarity()
    return panel.to_pandas().set_index(["ccode1", "ccode2"])


def test_columns() -> None:
    p = detente.dyad_years(years=(1990, 1990))
    assert p.add_similarity().columns[3:] == ATOP_COLUMNS
    assert p.add_similarity(source="unvotes").columns[3:] == [
        "unvote_s",
        "unvote_kappa",
        "unvote_pi",
        "unvote_tau_b",
    ]
    assert p.add_similarity(measures=["kappa", "tau_b"], distance="squared", scope="regional").columns[
        3:
    ] == ["atop_kappa_sq_regional", "atop_tau_b_regional"]
    # global and regional scores can sit side by side
    both = p.add_similarity(measures=["s_unweighted"]).add_similarity(
        measures=["s_unweighted"], scope="regional"
    )
    assert both.columns[3:] == ["atop_s_unweighted", "atop_s_unweighted_regional"]


def test_usa_closer_to_uk_than_to_ussr_in_1980(atop_1980) -> None:
    """NATO allies share portfolios; the superpowers' are far apart, on every measure."""
    for col in ATOP_COLUMNS:
        assert atop_1980.loc[(2, 200), col] > atop_1980.loc[(2, 365), col], col
    assert atop_1980.loc[(2, 365), "atop_s_weighted"] < 0  # the weighted portfolios are opposed


def test_symmetric_bounded_and_complete_inside_the_domain(atop_1980) -> None:
    frame = atop_1980.reset_index()
    swapped = frame.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    merged = frame.merge(swapped, on=["ccode1", "ccode2", "year"], suffixes=("", "_ba"))
    assert len(merged) == len(frame) == 156 * 155
    for col in ATOP_COLUMNS:
        assert merged[col].notna().all(), col  # every COW state has a portfolio in 1980
        assert np.allclose(merged[col].astype(float), merged[f"{col}_ba"].astype(float)), col
        assert merged[col].between(-1, 1).all(), col


def _portfolio_s(ties, states: list[int], a: int, b: int) -> float:
    """S recomputed the plain way: one line per state of the portfolio, absolute distance."""
    total = 0
    for k in states:
        xa = 3 if k == a else ties.get((min(a, k), max(a, k)), 0)
        xb = 3 if k == b else ties.get((min(b, k), max(b, k)), 0)
        total += abs(xa - xb)
    return 1 - 2 * total / (len(states) * 3)


def test_matches_a_recomputation_from_the_alliances_step(atop_1980) -> None:
    """Levels from the undirected alliances step (either state's obligation), S by a plain loop."""
    und = detente.dyad_years(directed=False, years=(1980, 1980)).add_alliances().to_pandas()
    level = np.select(
        [
            (und.atop_defense == 1) | (und.atop_offense == 1),
            (und.atop_neutral == 1) | (und.atop_consul == 1),
            und.atop_nonagg == 1,
        ],
        [3, 2, 1],
        0,
    )
    ties = dict(zip(zip(und.ccode1, und.ccode2, strict=True), level, strict=True))
    states = sorted(set(und.ccode1) | set(und.ccode2))
    for a, b in [(2, 200), (2, 365), (200, 365), (2, 20), (651, 666), (710, 740)]:
        want = _portfolio_s(ties, states, a, b)
        assert atop_1980.loc[(a, b), "atop_s_unweighted"] == pytest.approx(want)
    # regional: the USA and UK are judged on the Americas and Europe (codes 2-399) only,
    # the UK and USSR on Europe only
    regional = detente.dyad_years(years=(1980, 1980)).add_similarity(
        measures=["s_unweighted"], scope="regional"
    )
    reg = regional.to_pandas().set_index(["ccode1", "ccode2"]).atop_s_unweighted_regional
    west = [s for s in states if s < 400]
    europe = [s for s in states if 200 <= s < 400]
    assert reg[(2, 200)] == pytest.approx(_portfolio_s(ties, west, 2, 200))
    assert reg[(200, 365)] == pytest.approx(_portfolio_s(ties, europe, 200, 365))
    assert reg[(2, 200)] != pytest.approx(atop_1980.loc[(2, 200), "atop_s_unweighted"])


def test_unallied_pairs_in_1816() -> None:
    """23 states in 1816: two states with no alliance differ only on themselves: S = 1 - 12/69."""
    sy = detente.state_years(years=(1816, 1816)).add_alliances().to_pandas()
    alone = set(sy[sy.atop_number == 0].ccode)
    assert 2 in alone and len(sy) == 23
    d = detente.dyad_years(years=(1816, 1816)).add_similarity(measures=["s_unweighted"]).to_pandas()
    pairs = d[d.ccode1.isin(alone) & d.ccode2.isin(alone)]
    assert len(pairs) > 0
    assert np.allclose(pairs.atop_s_unweighted.astype(float), 1 - 12 / 69)


def test_atop_domain_edges() -> None:
    """ATOP ends in 2018: G&W (extended) 2019 is null; 2018 is filled."""
    gw = detente.dyad_years("gw", years=(2018, 2019), extend_to=2019)
    frame = gw.add_similarity(measures=["s_unweighted"]).to_pandas()
    assert frame[frame.year == 2018].atop_s_unweighted.notna().mean() > 0.99
    assert_all(frame[frame.year == 2019].atop_s_unweighted.isna())


def test_un_votes_usa_uk_1946_by_hand(wh) -> None:
    """1946: 43 roll calls both voted on; the cross-tab gives distance 3*1 + 2*2 + 1*1 + 3*2 = 14
    of at most 43 * 2, so S = 1 - 2 * 14 / 86 (votes read by name, bypassing the code mapping)."""
    votes = wh.view_name("unga-votes", "votes")
    calls = wh.view_name("unga-votes", "roll_calls")
    table = q(
        wh,
        f"""SELECT a.vote, b.vote, count(*) FROM {votes} a JOIN {votes} b USING (rcid)
            JOIN {calls} c USING (rcid)
            WHERE a.country = 'United States' AND b.country = 'United Kingdom' AND c.session = 1
            GROUP BY ALL""",
    )
    code = {"yes": 0, "abstain": 1, "no": 2}
    distance = sum(n * abs(code[a] - code[b]) for a, b, n in table)
    shared = sum(n for _, _, n in table)
    assert (distance, shared) == (14, 43)
    p = detente.dyad_years(years=(1945, 1946)).add_similarity(source="unvotes").to_pandas()
    row = p[(p.ccode1 == 2) & (p.ccode2 == 200)].set_index("year")
    assert row.loc[1946, "unvote_s"] == pytest.approx(1 - 2 * 14 / 86)  # 1945: before session 1
    assert row.loc[1945, ["unvote_s", "unvote_kappa", "unvote_pi", "unvote_tau_b"]].isna().all()


def test_un_votes_facts_and_missing_voters() -> None:
    """1985: the USA votes with Israel and the UK, against the USSR; Switzerland (not a UN
    member until 2002) has no votes, so its UN similarity is null while its ATOP one is not."""
    p = detente.dyad_years(years=(1985, 1985)).add_similarity(
        source="unvotes", measures=["s_unweighted"]
    )
    p = p.add_similarity(measures=["s_unweighted"])
    d = p.to_pandas().set_index(["ccode1", "ccode2"])
    assert d.loc[(2, 666), "unvote_s"] > 0.5 > 0 > d.loc[(2, 365), "unvote_s"]
    assert d.loc[(2, 200), "unvote_s"] > d.loc[(2, 365), "unvote_s"]
    assert np.isnan(d.loc[(2, 225), "unvote_s"])
    assert d.loc[(2, 225), "atop_s_unweighted"] > 0


def test_un_similarity_agrees_with_ideal_point_distance() -> None:
    """Across 1980's dyads, voting alike (S) and close ideal points go together."""
    p = detente.dyad_years(directed=False, years=(1980, 1980)).add_similarity(
        source="unvotes", measures=["s_unweighted"]
    )
    d = p.add_ideal_points().to_pandas().dropna()
    corr = np.corrcoef(d.unvote_s.astype(float), d.idealpoint_distance.astype(float))[0, 1]
    assert corr < -0.8


def test_bad_parameters() -> None:
    p = detente.dyad_years(years=(1990, 1990))
    with pytest.raises(InputError, match="unknown source"):
        p.add_similarity(source="cow")
    with pytest.raises(InputError, match="not available for unvotes"):
        p.add_similarity(source="unvotes", measures=["s_weighted"])
    with pytest.raises(InputError, match="regional"):
        p.add_similarity(source="unvotes", scope="regional")
    with pytest.raises(InputError, match="distance"):
        p.add_similarity(distance="euclidean")
    with pytest.raises(InputError, match="dyad-year"):
        detente.state_years(years=(1990, 1990)).add_similarity()
