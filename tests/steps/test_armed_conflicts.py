"""UCDP/PRIO armed conflicts as a step, checked against the raw ACD 25.1 file read independently."""

from __future__ import annotations

import csv
from collections import defaultdict

import pandas as pd
import pytest

import detente
from detente.errors import InputError

from helpers import assert_all, one

FILE = "ucdp-acd/UcdpPrioConflict_v25_1.csv"


@pytest.fixture(scope="module")
def raw(mirror) -> list[dict[str, str]]:
    with open(mirror / FILE, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def codes(field: str, year: int) -> set[int]:
    """G&W codes of a raw multi-party field; UCDP keeps Serbia at 345 after 2006 (G&W: 340)."""
    found = {int(x) for x in field.replace(" ", "").split(",") if x}
    return {340 if c == 345 and year >= 2006 else c for c in found}


@pytest.fixture(scope="module")
def gw_states(wh) -> pd.DataFrame:
    return detente.state_years("gw", years=(1940, 2017)).add_armed_conflicts().to_pandas()


@pytest.fixture(scope="module")
def dyads(wh) -> pd.DataFrame:
    return detente.dyad_years(years=(1946, 2016)).add_armed_conflicts().to_pandas()


def test_state_counts_equal_the_raw_file_for_every_gw_state_year(raw, gw_states) -> None:
    """Under G&W (UCDP's own codes) every state-year's conflict count is the raw file's."""
    primary, second = defaultdict(set), defaultdict(set)
    for r in raw:
        key = int(r["year"])
        for gw in codes(r["gwno_a"], key) | codes(r["gwno_b"], key):
            primary[gw, key].add(r["conflict_id"])
        for gw in codes(r["gwno_a_2nd"], key) | codes(r["gwno_b_2nd"], key):
            second[gw, key].add(r["conflict_id"])
    inside = gw_states[gw_states.year >= 1946]
    got = dict(zip(zip(inside.gwcode, inside.year, strict=True), inside.ucdp_n, strict=True))
    want = {k: len(primary.get(k, ())) for k in got}
    assert got == want
    # and it covers every raw party-year of 1946-2017 but three outside the G&W state list:
    # Grenada 1983 (a G&W microstate) and Hyderabad 1947-48
    uncovered = {k for k in primary if k[1] <= 2017 and k not in got}
    assert uncovered == {(55, 1983), (751, 1947), (751, 1948)}
    sec = dict(zip(zip(inside.gwcode, inside.year, strict=True), inside.ucdp_secondary_n, strict=True))
    assert sec == {k: len(second.get(k, ())) for k in sec}


def test_domain_edges(gw_states, dyads) -> None:
    """Null before 1946, 0 inside when no conflict (Sweden 1946)."""
    assert_all(gw_states[gw_states.year < 1946].ucdpongoing.isna())
    assert one(gw_states, gwcode=380, year=1946).ucdpongoing == 0
    assert gw_states[gw_states.year >= 1946].ucdpongoing.notna().all()
    assert dyads.ucdpongoing.notna().all()


def test_india_pakistan(dyads) -> None:
    """Conflict 218 (1948, 1964-65, 1971, 1984-2003, 2013-): war intensity in 1948, 1965 and 1971;
    Kargil 1999, a COW war, is a minor year in UCDP (under 1,000 battle deaths in its count)."""
    ip = dyads[(dyads.ccode1 == 750) & (dyads.ccode2 == 770) & (dyads.ucdpongoing == 1)]
    years = [1948, 1964, 1965, 1971, 1984, 1987, *range(1989, 1993), 1994, *range(1996, 2004),
             *range(2013, 2017)]  # fmt: skip
    assert ip.year.tolist() == years
    assert set(ip.ucdp_conflict_id) == {218}
    assert ip[ip.ucdponset == 1].year.tolist() == [1948, 1964, 1971, 1984, 1987, 1989, 1994, 1996, 2013]
    assert ip[ip.maxintensity == 2].year.tolist() == [1948, 1965, 1971]


def test_gulf_war_coalition_is_secondary(wh) -> None:
    """1991: Iraq v Kuwait (conflict 371) with 30 coalition states as secondary parties on side B."""
    base = detente.dyad_years(years=(1991, 1991))
    plain = base.add_armed_conflicts().to_pandas()
    both = base.add_armed_conflicts(secondary=True).to_pandas()
    assert one(plain, ccode1=2, ccode2=645, year=1991).ucdpongoing == 0
    us_iraq = one(both, ccode1=2, ccode2=645, year=1991)
    assert (us_iraq.ucdpongoing, us_iraq.ucdp_conflict_id, us_iraq.maxintensity) == (1, 371, 2)
    assert one(both, ccode1=690, ccode2=645, year=1991).ucdp_conflict_id == 371
    assert one(both, ccode1=2, ccode2=200, year=1991).ucdpongoing == 0  # same side
    usa = detente.state_years(years=(1991, 1991)).add_armed_conflicts().to_pandas()
    assert one(usa, ccode=2).ucdp_secondary_n == 1 and one(usa, ccode=2).ucdpongoing == 0


def test_properties(dyads) -> None:
    """Onset implies ongoing; directed dyads are symmetric; undirected rows are the same facts."""
    assert_all(dyads[dyads.ucdponset == 1].ucdpongoing == 1)
    on = dyads[dyads.ucdpongoing == 1]
    fwd = set(zip(on.ccode1, on.ccode2, on.year, strict=True))
    assert fwd == {(b, a, y) for a, b, y in fwd}
    und = detente.dyad_years(years=(1946, 2016), directed=False).add_armed_conflicts().to_pandas()
    assert int(und.ucdpongoing.sum()) * 2 == int(dyads.ucdpongoing.sum())


def test_types_and_bad_input(wh) -> None:
    inter = detente.dyad_years(years=(1991, 1991)).add_armed_conflicts(types=["interstate"])
    assert set(inter.to_pandas().ucdp_type.dropna()) == {2}
    with pytest.raises(InputError, match="unknown conflict type"):
        detente.state_years(years=(1991, 1991)).add_armed_conflicts(types=["civil"])
    assert "ucdp-acd" in inter.sources and "davies_et_al_2025" in inter.cite()


def test_peace_years_from_ucdp_onsets(wh) -> None:
    """Peace years count from the last episode onset: each onset year is followed by a 1."""
    d = (
        detente.dyad_years(years=(1946, 2016))
        .add_armed_conflicts()
        .add_peace_years(event="ucdp")
        .to_pandas()
        .sort_values(["ccode1", "ccode2", "year"])
    )
    following = d.groupby(["ccode1", "ccode2"]).ucdp_peaceyrs.shift(-1)
    assert_all(following[(d.ucdponset == 1) & following.notna()] == 1)
    ip = d[(d.ccode1 == 750) & (d.ccode2 == 770)].set_index("year").ucdp_peaceyrs
    # both states from 1947; first episode onset 1948; the next 1964, then 1971 ...
    assert (ip[1947], ip[1948], ip[1949], ip[1964], ip[1965], ip[2013]) == (0, 1, 1, 16, 1, 17)
