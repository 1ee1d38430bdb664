"""U.S. troops abroad and military construction: facts read from the raw troopdata files."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

import detente
from detente.steps.troops_abroad import BASES, TROOPS

from helpers import assert_all, one


@pytest.fixture(scope="module")
def raw_troops(mirror) -> dict[tuple[str, int], int]:
    """troops_ad of the raw rebuilt country-year file, by (countryname, year)."""
    with open(mirror / TROOPS / "troopdata-rebuild-country-year.csv", encoding="utf-8") as f:
        return {(r["countryname"], int(r["year"])): int(r["troops_ad"]) for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def states(wh) -> pd.DataFrame:
    return detente.state_years(years=(1949, 2016)).add_troops_abroad().to_pandas()


@pytest.fixture(scope="module")
def dyads(wh) -> pd.DataFrame:
    return detente.dyad_years(years=(2007, 2016)).add_troops_abroad().to_pandas()


def test_germany_from_the_raw_file(states, raw_troops) -> None:
    assert raw_troops[("Germany", 2014)] == 38892
    assert one(states, ccode=255, year=2014).us_troops == 38892
    assert one(states, ccode=255, year=1991).us_troops == raw_troops[("Germany", 1991)] == 203423
    # 1990: the September report is West Germany's (the file codes it 260); unified Germany null
    assert one(states, ccode=260, year=1990).us_troops == raw_troops[("Germany", 1990)] == 227586
    assert pd.isna(one(states, ccode=255, year=1990).us_troops)


def test_places_recoded_to_the_cow_state_of_the_time(states, raw_troops) -> None:
    # DMDC's "Vietnam" (coded 816 in the rebuild) in 1968 is South Vietnam (COW 817)
    assert one(states, ccode=817, year=1968).us_troops == raw_troops[("Vietnam", 1968)] == 537377
    assert one(states, ccode=816, year=1968).us_troops == 0  # North Vietnam
    # Eritrea (Kagnew Station) was part of Ethiopia
    ethiopia = raw_troops[("Eritrea", 1968)] + raw_troops[("Ethiopia", 1968)]
    assert one(states, ccode=530, year=1968).us_troops == ethiopia == 1779
    # Kosovo (KFOR) was part of Yugoslavia/Serbia until 2008
    assert one(states, ccode=345, year=2000).us_troops >= raw_troops[("Kosovo", 2000)] > 5000


def test_us_is_sender_only_and_domain_edges(wh, states) -> None:
    assert_all(states.loc[states.ccode == 2, ["us_troops", "us_milcon", "us_milcon_sites"]].isna())
    others = states[states.ccode != 2]
    assert_all(others.loc[others.year == 1949, "us_troops"].isna())  # troopdata starts in 1950
    assert_all(others.loc[others.year == 1950, "us_troops"].notna())
    assert_all(others.loc[others.year == 2007, "us_milcon"].isna())  # construction: 2008-2019
    assert_all(others.loc[others.year == 2008, "us_milcon"].notna())
    gw = detente.state_years("gw", years=(2017, 2017)).add_troops_abroad().to_pandas()
    assert one(gw, gwcode=260, year=2017).us_troops == 36680  # G&W's Germany is COW's 255
    assert gw.loc[gw.gwcode != 2, "us_troops"].notna().all()


def test_japan_hosts_many_us_facilities(states) -> None:
    japan = states[(states.ccode == 740) & states.year.between(2008, 2016)]
    assert_all(japan.us_milcon_sites >= 1)  # U.S. construction in Japan every year
    sites = states[states.year.between(2008, 2016)].groupby("ccode").us_milcon_sites.sum()
    assert list(sites.sort_values(ascending=False).index[:2]) == [255, 740]  # Germany, then Japan
    assert one(states, ccode=740, year=2010).us_troops == 46428


def test_dyads_us_to_host_only(dyads, states) -> None:
    assert one(dyads, ccode1=2, ccode2=255, year=2014).us_troops == 38892
    assert pd.isna(one(dyads, ccode1=255, ccode2=2, year=2014).us_troops)  # Germany -> US
    assert pd.isna(one(dyads, ccode1=200, ccode2=255, year=2014).us_troops)  # UK -> Germany
    us = dyads[dyads.ccode1 == 2]
    assert us[["us_troops"]].notna().all().all()
    assert_all(us.loc[us.year >= 2008, ["us_milcon", "us_milcon_sites"]].notna())
    assert_all(us.loc[us.year == 2007, ["us_milcon", "us_milcon_sites"]].isna())
    assert dyads.loc[dyads.ccode1 != 2, ["us_troops", "us_milcon"]].isna().all().all()
    assert (us.us_troops >= 0).all() and (us.us_milcon_sites >= 0).all()
    # a dyad (US, host) carries exactly the host's state-year values
    merged = us.merge(
        states, left_on=["ccode2", "year"], right_on=["ccode", "year"], suffixes=("", "_s")
    )
    assert len(merged) == len(us)
    for col in ("us_troops", "us_milcon", "us_milcon_sites"):
        assert (merged[col].fillna(-1) == merged[f"{col}_s"].fillna(-1)).all(), col


def test_undirected_and_gw_dyads(wh) -> None:
    und = detente.dyad_years(years=(2014, 2014), directed=False).add_troops_abroad().to_pandas()
    assert one(und, ccode1=2, ccode2=740, year=2014).us_troops == 54086
    assert und.loc[und.ccode1 != 2, "us_troops"].isna().all()
    gw = detente.dyad_years("gw", years=(2014, 2014)).add_troops_abroad().to_pandas()
    assert one(gw, gwcode1=2, gwcode2=260, year=2014).us_troops == 38892
    base = detente.dyad_years(years=(2014, 2014))
    assert base.add_troops_abroad().count() == base.count()


def test_construction_from_the_raw_file(mirror, states) -> None:
    raw = pd.read_csv(mirror / BASES / "builddata.csv", encoding="latin-1")
    japan = raw[(raw.ccode == 740) & (raw.year == 2015)]
    row = one(states, ccode=740, year=2015)
    assert row.us_milcon == japan.spend_construction.sum() == 323107  # thousands of US$
    assert row.us_milcon_sites == japan.location.nunique() == 6


def test_troop_series_rebuild_by_default_original_on_request(wh) -> None:
    """Japan and Germany 2020: the rebuilt DMDC series (default) and troopdata's original table."""
    rebuild = detente.state_years(years=(2020, 2024)).add_troops_abroad().to_pandas()
    original = detente.state_years(years=(2020, 2024)).add_troops_abroad(series="original")
    original = original.to_pandas()
    pick = ["ccode", "year", "us_troops"]
    r = rebuild.set_index(["ccode", "year"]).us_troops
    o = original.set_index(["ccode", "year"]).us_troops
    assert (r[740, 2020], r[255, 2020], r[740, 2024]) == (56748, 35138, 55154)
    assert (o[740, 2020], o[255, 2020]) == (53713, 33948)
    assert o.xs(2024, level="year").isna().all()  # the original table ends in 2023
    assert list(original[pick].columns) == pick


def test_unknown_troop_series_is_refused() -> None:
    from detente.errors import InputError

    with pytest.raises(InputError, match="series 'kane' is not one of"):
        detente.state_years(years=2020).add_troops_abroad(series="kane")
