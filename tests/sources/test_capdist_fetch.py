"""Gleditsch's capital distances: no reference copy, read through --accept-hash, and the distance
discount of the expected-utility step, on the tests' loopback server (no network).

The fixture is hand-made, not Gleditsch's file: same header as ``capdist.csv``, four capitals,
distances computed here with the haversine formula (mean Earth radius 6371 km) from the capitals'
coordinates (Washington 38.8951N 77.0364W, London 51.5074N 0.1278W, Berlin 52.52N 13.405E,
Moscow 55.7558N 37.6173E), rounded to the kilometre.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from loopback import Published, assert_refused_until_accepted, sha

import detente
from detente.errors import InputError
from detente.fetch import fetch_file
from detente.measures import expected_utility as eu
from detente.registry import NO_REFERENCE_SHA256

from helpers import assert_all

CSV = b"""numa,ida,numb,idb,kmdist
2,USA,200,UKG,5898
2,USA,255,GMY,6711
2,USA,365,RUS,7822
200,UKG,255,GMY,932
200,UKG,365,RUS,2501
255,GMY,365,RUS,1609
"""


#: what the ``publisher`` fixture (tests/conftest.py) serves: the registered capdist file
PUBLISHED = Published("capdist", "capdist.csv", "/data/capdist.csv", CSV)


FOUR = [2, 200, 255, 365]  # the fixture's capitals: Washington, London, Berlin, Moscow
KM = {(2, 200): 5898, (2, 255): 6711, (2, 365): 7822, (200, 255): 932, (200, 365): 2501,
      (255, 365): 1609}  # fmt: skip


def _war_trap_by_hand(d, i: int, j: int, neighbours=()) -> tuple[np.ndarray, np.ndarray, float]:
    """(discounted capabilities, tau-b, discounted War Trap EU of FOUR[i] against FOUR[j]) in
    1914, written out from the published formula with the panel's own CINC and tau-b; pairs in
    ``neighbours`` are at 0 miles. Only the four states with distances count."""
    cinc = d.groupby("ccode1").cinc1.first().astype(float)[FOUR].to_numpy()
    tau = d.set_index(["ccode1", "ccode2"]).atop_tau_b.astype(float)
    u = np.array([[1.0 if a == b else tau[a, b] for b in FOUR] for a in FOUR])
    miles = np.array(
        [[0 if a == b or (a, b) in neighbours else KM[min(a, b), max(a, b)] / 1.609344
          for b in FOUR] for a in FOUR]
    )  # fmt: skip
    # 1914: 250 miles a day; adj[k, x] = c_k ** log10(miles / 250 + 10 - e)
    adj = cinc[:, None] ** np.log10(miles / 250 + 10 - np.e)
    p = adj[i, j] / (adj[i, j] + adj[j, j])
    total = (2 * p - 1) * (1 - u[i, j])
    for k in {0, 1, 2, 3} - {i, j}:
        m = max(adj[k, i], adj[k, j])
        pik = (adj[i, j] + m) / (adj[i, j] + m + adj[j, j])
        pjk = (adj[j, i] + m) / (adj[j, i] + m + adj[i, i])
        total += (pik + pjk - 1) * (u[k, i] - u[k, j])
    return adj, u, total


def test_no_reference_hash_says_how_to_accept(publisher, tmp_path: Path) -> None:
    source, file = publisher
    assert file.sha256 == NO_REFERENCE_SHA256
    assert_refused_until_accepted(source, file, tmp_path, "capdist.csv", CSV)


def test_accepted_file_parses_to_miles_in_both_orders(publisher, tmp_path: Path) -> None:
    source, file = publisher
    path, how = fetch_file(source, file, cache=tmp_path, accept_hash=sha(CSV))
    assert how == "download" and fetch_file(source, file, cache=tmp_path) == (path, "cached")
    t = source.tables["distances"]({"capdist.csv": path}).to_pandas()
    assert len(t) == 12  # six pairs, both orders
    row = t.query("numa == 365 and numb == 2").iloc[0]
    assert (row.km, row.miles) == pytest.approx((7822, 7822 / 1.609344))


def test_distance_discount_in_the_step(publisher, wh, cache: Path) -> None:
    # the fixture accepted into the test session's cache: the step reads it like a real fetch
    source, file = publisher
    fetch_file(source, file, cache=cache, accept_hash=sha(CSV))
    d = detente.dyad_years(years=(1914, 1914)).add_capabilities().add_similarity(measures=["tau_b"])
    d = d.add_expected_utility(distance=True).to_pandas()
    adj, u, total = _war_trap_by_hand(d, 0, 1)  # the USA challenging the UK
    row = d.query("ccode1 == 2 and ccode2 == 200").iloc[0]
    assert row.eu_wartrap1 == pytest.approx(total)
    uw = eu.war_and_reason_similarity(u)  # EUGene's 0.999 rule for War and Reason
    assert row.p_wr1 == pytest.approx(eu.war_and_reason_probability(adj, uw)[0, 1])
    # a state without a capital distance gets no discounted capability: null, never 0
    assert_all(d.query("ccode1 == 2 and ccode2 == 220").eu_wartrap1.isna())
    # risk with discounted capabilities: every state gets one (unknown distances add nothing)
    both = detente.dyad_years(years=(1914, 1914)).add_expected_utility(distance=True, risk=True)
    r = both.to_pandas()
    assert r.risk1.notna().all() and r.risk1.between(-1, 1).all()
    plain = detente.dyad_years(years=(1914, 1914)).add_expected_utility().to_pandas()
    assert plain.query("ccode1 == 2 and ccode2 == 200").eu_wartrap1.iloc[0] != pytest.approx(total)


def test_contiguity_puts_land_neighbours_at_distance_zero(publisher, wh, cache: Path) -> None:
    # EUGene's "capitals + contiguity": a pair sharing a land border that year (COW type 1) is at
    # 0 miles; the neighbours are read here off the panel's own contiguity column
    source, file = publisher
    fetch_file(source, file, cache=cache, accept_hash=sha(CSV))
    panel = detente.dyad_years(years=(1914, 1914)).add_capabilities().add_contiguity()
    d = panel.add_similarity(measures=["tau_b"]).add_expected_utility(distance=True, contiguity=1)
    d = d.to_pandas()
    cont = d.set_index(["ccode1", "ccode2"]).conttype
    assert cont[255, 365] == 1 and cont[200, 255] != 1  # Germany-Russia by land; UK-Germany not
    land = {(a, b) for a in FOUR for b in FOUR if a != b and cont[a, b] == 1}
    # Germany challenging Russia, at home on each other's border
    adj, u, total = _war_trap_by_hand(d, 2, 3, land)
    assert adj[2, 3] == adj[2, 2] and adj[1, 2] < adj[1, 1]  # 0 miles: no discount by land
    row = d.query("ccode1 == 255 and ccode2 == 365").iloc[0]
    assert row.eu_wartrap1 == pytest.approx(total)
    capitals = detente.dyad_years(years=(1914, 1914)).add_expected_utility(distance=True)
    other = capitals.to_pandas().query("ccode1 == 255 and ccode2 == 365").eu_wartrap1.iloc[0]
    assert other != pytest.approx(total)
    with pytest.raises(InputError, match="needs distance=True"):
        detente.dyad_years(years=(1914, 1914)).add_expected_utility(contiguity=1)
