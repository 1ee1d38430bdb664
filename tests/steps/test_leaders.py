"""Leaders step: Archigos spells as state-years, the year-end rules, coverage, G&W keys and dyads."""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest

import detente
from detente.steps.leaders import COLUMNS

from helpers import assert_all

pytestmark = pytest.mark.usefixtures("wh")  # the warehouse reads the mirror


@pytest.fixture(scope="module")
def cow_sy() -> pd.DataFrame:
    """Every COW state-year with the leader columns, indexed by (ccode, year)."""
    return detente.state_years(years=(1816, 2016)).add_leaders().to_pandas().set_index(["ccode", "year"])


@pytest.fixture(scope="module")
def raw(mirror) -> pd.DataFrame:
    """The Archigos file read directly with pandas (dates parsed here, not by detente)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 14 Latin-1 names in the UTF-8 file
        frame = pd.read_stata(mirror / "archigos-4.1-subset" / "Archigos_4.1_stata14.dta")
    for col in ("startdate", "enddate"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def test_columns_and_one_row_per_panel_row(cow_sy) -> None:
    assert len(cow_sy) == 15951 and cow_sy.index.is_unique
    assert list(cow_sy.columns) == ["stateabb", *COLUMNS]
    dyads = detente.dyad_years(directed=False, years=(1990, 2016))
    assert dyads.add_leaders().count() == dyads.count()


def test_uk_1945_and_obama(cow_sy) -> None:
    uk = cow_sy.loc[200]
    assert uk.loc[1944, ["leader", "n_leaders", "leader_change"]].tolist() == ["Churchill", 1, 0]
    assert uk.loc[1945, ["leader", "leader_obsid", "n_leaders", "leader_change"]].tolist() == [
        "Atlee",  # Archigos's spelling; Attlee took office on 27 July 1945
        "UKG-1945",
        2,
        1,
    ]
    assert uk.loc[1945, "leader_tenure"] == pytest.approx(157 / 365.25)  # 27 July to 31 December
    usa = cow_sy.loc[2]
    assert usa.loc[2009, ["leader", "n_leaders", "leader_change"]].tolist() == ["Obama", 2, 1]
    assert usa.loc[2009, "leader_tenure"] == pytest.approx(345 / 365.25)  # from 20 January 2009
    assert usa.loc[2015, ["leader", "n_leaders", "leader_change"]].tolist() == ["Obama", 1, 0]
    assert usa.loc[2015, "leader_tenure"] == pytest.approx(2536 / 365.25)  # 6.94 years
    assert usa.loc[2001, ["leader", "n_leaders"]].tolist() == ["G.W. Bush", 2]


def test_domain_edges(cow_sy) -> None:
    usa = cow_sy.loc[2]
    assert usa.loc[1874, list(COLUMNS)].isna().all()  # before Archigos's 1875
    assert usa.loc[1875, ["leader", "n_leaders", "leader_change"]].tolist() == ["Grant", 1, 0]
    assert usa.loc[2015, "leader"] == "Obama"
    assert cow_sy.loc[(slice(None), 2016), list(COLUMNS)].isna().all().all()  # after 2015
    assert cow_sy.loc[(slice(None), 1874), list(COLUMNS)].isna().all().all()
    gw = detente.state_years("gw", years=(2015, 2017)).add_leaders().to_pandas()
    assert_all(gw.loc[gw.year > 2015, list(COLUMNS)].isna())


def test_coverage_zeros_and_nulls(cow_sy) -> None:
    somalia = cow_sy.loc[520]  # no central government between Siad Barre (1991) and 2012
    assert somalia.loc[1992, "n_leaders"] == 0 and somalia.loc[1992, "leader_change"] == 0
    assert pd.isna(somalia.loc[1992, "leader"]) and math.isnan(somalia.loc[1992, "leader_tenure"])
    assert somalia.loc[2012, ["leader", "leader_change"]].tolist() == ["Hassan Sheikh Mohamud", 1]
    assert cow_sy.loc[(531, 1993), ["leader", "leader_change"]].tolist() == ["Afeworki", 0]  # first
    assert cow_sy.loc[(366, 1991), ["leader", "leader_change"]].tolist() == ["Savisaar", 1]
    assert cow_sy.loc[(232, 2000), list(COLUMNS)].isna().all()  # Andorra: not in Archigos
    assert cow_sy.loc[(651, 1882), list(COLUMNS)].isna().all()  # Egypt: Archigos starts in 1922
    assert cow_sy.loc[(41, 2015), list(COLUMNS)].isna().all()  # Haiti: the record stops in 2014
    in_domain = cow_sy.loc[(slice(None), slice(1875, 2015)), :]
    zero = in_domain[in_domain.n_leaders == 0]
    assert sorted(set(zero.index.get_level_values(0))) == [212, 339, 345, 520, 600]
    assert zero.leader.isna().all()
    assert_all(zero.leader_change == 0)
    assert (in_domain.n_leaders.isna() == in_domain.leader_change.isna()).all()
    has = in_domain[in_domain.n_leaders > 0]
    assert has.leader.notna().all()
    assert_all(has.leader_tenure >= 0)


def test_unification_years_count_for_both_cow_codes(cow_sy) -> None:
    for ccode in (260, 255):  # Archigos GFR: the FRG's 1990 row and unified Germany's
        assert cow_sy.loc[(ccode, 1990), ["leader", "leader_change"]].tolist() == ["Kohl", 0]
    assert cow_sy.loc[(255, 1991), "leader_obsid"] == "GFR-1982"
    assert cow_sy.loc[(265, 1990), "leader"] == "Gysi"  # the GDR's last leader (to 3 October)
    for ccode in (678, 679):  # Archigos YEM: North Yemen, then unified Yemen
        assert cow_sy.loc[(ccode, 1990), "leader"] == "Saleh al-Hashidi"
    assert cow_sy.loc[(680, 1990), "leader"] == "Attas"
    assert cow_sy.loc[(345, 2006), ["leader", "n_leaders", "leader_change"]].tolist() == [
        "Kostunica",  # Serbia (Archigos SER) after Serbia and Montenegro (YUG)
        2,
        1,
    ]


@pytest.mark.parametrize("idacr,ccode", [("USA", 2), ("UKG", 200), ("FRN", 220), ("JPN", 740)])
def test_recomputed_from_the_raw_file(cow_sy, raw, idacr, ccode) -> None:
    spells = raw[raw.idacr == idacr]
    first = spells.startdate.min()
    got = cow_sy.loc[ccode].loc[1875:2015]
    for year, row in got.iterrows():
        jan1, dec31 = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        touch = spells[(spells.startdate <= dec31) & (spells.enddate >= jan1)]
        assert row.n_leaders == len(touch), (idacr, year)
        started = touch[(touch.startdate.dt.year == year) & (touch.startdate > first)]
        assert row.leader_change == int(len(started) > 0), (idacr, year)
        if len(touch):
            last = touch.sort_values(["startdate", "enddate", "obsid"]).iloc[-1]
            assert row.leader_obsid == last.obsid, (idacr, year)
            days = (min(last.enddate, dec31) - last.startdate).days
            assert row.leader_tenure == pytest.approx(days / 365.25), (idacr, year)


def test_gw_panel() -> None:
    gw = detente.state_years("gw", years=(1900, 2015)).add_leaders().to_pandas()
    assert len(gw) == detente.state_years("gw", years=(1900, 2015)).count()
    frame = gw.set_index(["gwcode", "year"])
    assert frame.loc[(711, 1920), "leader"] == "13th Dalai Lama"  # Tibet: a G&W state only
    assert frame.loc[(260, 2000), "leader"] == "Schroder"  # G&W 260 = COW 255
    assert frame.loc[(340, 1900), "leader"] == "Alexander I"  # Serbia: G&W 340 = COW 345
    assert frame.loc[(340, 2010), "leader"] == "Cvetkovic"
    assert frame.loc[(678, 2000), "leader"] == "Saleh al-Hashidi"  # G&W 678 = COW 679
    assert frame.loc[(2, 2009), "leader_change"] == 1


def test_dyads_and_leader_change_any() -> None:
    frame = detente.dyad_years(years=(1945, 1945)).add_leaders().to_pandas()
    usa_uk = frame[(frame.ccode1 == 2) & (frame.ccode2 == 200)].iloc[0]
    assert (usa_uk.leader1, usa_uk.leader2) == ("Truman", "Atlee")
    assert (usa_uk.leader_change1, usa_uk.leader_change2, usa_uk.leader_change_any) == (1, 1, 1)
    later = detente.dyad_years(years=(2000, 2009)).add_leaders().to_pandas()
    later = later.set_index(["ccode1", "ccode2", "year"])
    assert later.loc[
        (2, 20, 2000), ["leader_change1", "leader_change2", "leader_change_any"]
    ].tolist() == [
        0,
        0,
        0,
    ]
    assert later.loc[
        (20, 2, 2009), ["leader_change1", "leader_change2", "leader_change_any"]
    ].tolist() == [
        0,
        1,
        1,
    ]
    assert pd.isna(later.loc[(2, 232, 2000), "leader_change_any"])  # Andorra not covered, no change
    assert later.loc[(2, 232, 2009), "leader_change_any"] == 1  # Obama took office
    changes = later[["leader_change1", "leader_change2"]]
    known = later.leader_change_any.notna()
    assert_all(later.leader_change_any[known] == changes[known].max(axis=1))
