"""visits step: counts per host from the raw sheet, gap years null, U.S. sender only."""

from __future__ import annotations

import pandas as pd
import pytest

import detente
from detente.sources._formats import xls_frame
from detente.sources.us_visits import FILE, SHEET

from helpers import assert_all, one


@pytest.fixture(scope="module")
def raw(mirror) -> pd.DataFrame:
    return xls_frame(mirror / "mme-7" / FILE, SHEET).drop_duplicates()


@pytest.fixture(scope="module")
def states(wh) -> pd.DataFrame:
    return detente.state_years(years=(1990, 2014)).add_visits().to_pandas()


def test_host_counts_equal_the_raw_sheet(raw, states) -> None:
    for iso, code in (("AFG", 700), ("DEU", 255), ("JPN", 740), ("KOR", 732), ("IRQ", 645)):
        per_year = raw[raw["State Visit"] == iso]["Start Year"].astype(int).value_counts()
        got = states[states.ccode == code].set_index("year").us_visits
        for year in (*range(1992, 1993), *range(1994, 2003), *range(2004, 2013)):
            assert got[year] == per_year.get(year, 0), (iso, year)  # KeyError if the year is missing
    assert one(states, ccode=700, year=2011).us_visits == 6


def test_domain(states) -> None:
    assert_all(states[states.year.isin([1990, 1991, 1993, 2003, 2013, 2014])].us_visits.isna())
    assert_all(states[states.ccode == 2].us_visits.isna())  # the sender itself
    inside = states[states.year.between(1994, 2002) & (states.ccode != 2)]
    assert inside.us_visits.notna().all() and (inside.us_visits == 0).sum() > 0
    # visits in panel years: all state visits but Kosovo's before its 2008 entry (5)
    total = states[states.year.between(1992, 2012)].us_visits.sum()
    assert total == 365 - 5


def test_dyads_us_sender_only(wh) -> None:
    d = detente.dyad_years(years=(2010, 2010)).add_visits().to_pandas()
    assert d[d.ccode1 != 2].us_visits.isna().all()
    us = d[d.ccode1 == 2]
    assert us.us_visits.notna().all() and us.us_visits.sum() == 54
    r = one(d, ccode1=2, ccode2=700, year=2010)
    assert r.us_visits == r.us_visit_secretaries + r.us_visit_commanders
