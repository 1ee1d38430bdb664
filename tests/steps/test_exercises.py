"""exercises step: counts agree with the raw MME/JME files, filters, domains, G&W, the cross-check."""

from __future__ import annotations

import pandas as pd
import pytest

import detente
from detente.errors import InputError
from detente.sources._formats import xls_frame
from detente.sources.jme import FILE as JME_FILE
from detente.sources.jme import SHEET
from detente.sources.jme import SLOTS as JME_SLOTS
from detente.sources.mme import FILE, SLOTS
from detente.steps.exercises import compare_sources, match_sources_sql

from helpers import assert_all, one, q

YEARS = (1975, 2012)


@pytest.fixture(scope="module")
def raw(mirror) -> pd.DataFrame:
    return pd.read_csv(mirror / "mme-7" / FILE, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def states(wh) -> pd.DataFrame:
    return detente.state_years(years=YEARS).add_exercises().to_pandas()


@pytest.fixture(scope="module")
def dyads(wh) -> pd.DataFrame:
    return detente.dyad_years(years=(2000, 2010)).add_exercises().to_pandas()


def _listing(raw: pd.DataFrame, *names: str) -> pd.Series:
    """Rows of the raw CSV that list every one of ``names`` in a participant slot."""
    mask = pd.Series(True, index=raw.index)
    for name in names:
        mask &= raw[SLOTS].eq(name).any(axis=1)
    return mask


def test_us_exercises_per_year_equal_the_raw_file(raw, states) -> None:
    us = states[states.ccode == 2].set_index("year").mme_exercises
    counts = raw[_listing(raw, "United States")]["s.year"].astype(int).value_counts()
    for year in range(1980, 2011):
        assert us[year] == counts.get(year, 0), year
    assert us[[1975, 1979, 2011, 2012]].isna().all()  # outside MME's 1980-2010: null, not 0
    assert int(us[2002]) == 89


def test_us_thailand_dyad_equals_the_raw_file(raw, dyads) -> None:
    both = raw[_listing(raw, "United States", "Thailand")]
    for year in range(2000, 2011):
        row = one(dyads, ccode1=2, ccode2=800, year=year)
        back = one(dyads, ccode1=800, ccode2=2, year=year)
        sub = both[both["s.year"] == str(year)]
        assert row.mme_exercises == back.mme_exercises == len(sub), year
    r = one(dyads, ccode1=2, ccode2=800, year=2010)
    assert (r.mme_largest, r.mme_largest_name) == (24, "Angkor Sentinel 2010")
    cg = both[both.Series_Name == "Cobra Gold"]
    assert len(cg) == 28 and (cg[SLOTS] != "").sum(axis=1).max() == 6  # Cobra Gold 10


def test_combined_endeavor_2010_in_dyads(dyads) -> None:
    """CE 2010's 39 participants: it is the largest exercise of every pair of them that year."""
    r = one(dyads, ccode1=2, ccode2=255, year=2010)
    assert (r.mme_largest, r.mme_largest_name) == (39, "Combined Endeavor 2010")
    ce = dyads[(dyads.year == 2010) & (dyads.mme_largest_name == "Combined Endeavor 2010")]
    assert ce.ccode1.nunique() == 39 and len(ce) == 39 * 38


def test_share_with_third_party(dyads, raw) -> None:
    r = one(dyads, ccode1=2, ccode2=800, year=2008)
    both = raw[_listing(raw, "United States", "Thailand") & (raw["s.year"] == "2008")]
    listed = (both[SLOTS] != "").sum(axis=1)
    assert r.mme_third_share == pytest.approx((listed > 2).mean())
    none = dyads[dyads.mme_exercises == 0]
    assert none.mme_third_share.isna().all() and none.mme_largest.isna().all()
    assert len(none) > 0


def test_focus_and_domain_filters(wh, raw) -> None:
    p = detente.state_years(years=(2005, 2005)).add_exercises(focus=["humanitarian"], domain=["sea"])
    us = one(p.to_pandas(), ccode=2, year=2005)
    rows = raw[_listing(raw, "United States") & (raw["s.year"] == "2005")]
    assert us.mme_exercises == ((rows.Humanitarian == "1") & (rows.Sea == "1")).sum()
    with pytest.raises(InputError, match="focus"):
        detente.state_years(years=(2005, 2005)).add_exercises(source="jme", focus=["humanitarian"])
    with pytest.raises(InputError, match="domain"):
        detente.state_years(years=(2005, 2005)).add_exercises(domain=["space"])
    with pytest.raises(InputError, match="unknown source"):
        detente.state_years(years=(2005, 2005)).add_exercises(source="nato")


def test_jme_counts_equal_the_raw_sheet(wh, mirror) -> None:
    sheet = xls_frame(mirror / "mme-7" / JME_FILE, SHEET)
    dated = sheet[sheet["s.year"].notna()]
    us_rows = dated[dated[JME_SLOTS].apply(lambda c: c.astype(str).str.upper().eq("USA")).any(axis=1)]
    p = detente.state_years(years=(1974, 1990)).add_exercises(source="jme").to_pandas()
    us = p[p.ccode == 2].set_index("year").jme_exercises
    for year in range(1974, 1991):
        assert us[year] == (us_rows["s.year"].astype(int) == year).sum(), year


def test_gw_panel_and_participant_codes(wh) -> None:
    g = detente.state_years("gw", years=(1995, 1995)).add_exercises().to_pandas()
    c = detente.state_years(years=(1995, 1995)).add_exercises().to_pandas()
    assert one(g, gwcode=260, year=1995).mme_exercises == one(c, ccode=255, year=1995).mme_exercises > 0
    t = detente.exercise_participants("mme", warehouse=wh).to_pandas()
    de = t[(t.ccode == 255) & (t.year == 1995)]
    assert set(de.gwcode) == {260}
    assert set(t[(t.ccode == 345) & (t.year == 2004)].gwcode) == {345}  # Serbia and Montenegro
    assert_all(t[t.kind != "state"].gwcode.isna())


def test_cross_check_mme_jme(wh) -> None:
    """docs/exercises.md states these figures."""
    c = compare_sources(wh)
    assert c == {
        "mme_exercises": 3707, "jme_exercises": 1739, "mme_in_jme": 1792, "jme_in_mme": 1590,
        "pairs": 2479, "pairs_by_name": 918, "pairs_same_states": 1807,
        "pairs_mme_more_states": 333, "pairs_jme_more_states": 277, "pairs_same_month": 1849,
    }  # fmt: skip
    # Cobra Gold 86 is in both, matched by name
    got = q(wh, f"SELECT rule FROM ({match_sources_sql(wh)}) WHERE mme_name = 'Cobra Gold 86'")
    assert got == [("name",)]
