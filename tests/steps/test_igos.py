"""IGO step: COW IGO 3.0 counts on state-years and dyad-years, true zeros, nulls, domain, G&W."""

from __future__ import annotations

import pandas as pd
import pytest

import detente
from detente.sources.cow_igo import COUNTS

from helpers import assert_all

pytestmark = pytest.mark.usefixtures("wh")  # the warehouse reads the mirror


@pytest.fixture(scope="module")
def cow_sy() -> pd.DataFrame:
    """Every COW state-year with the IGO counts, indexed by (ccode, year)."""
    return detente.state_years(years=(1816, 2016)).add_igos().to_pandas().set_index(["ccode", "year"])


def test_state_years_equal_the_file(cow_sy) -> None:
    assert len(cow_sy) == 15951 and list(cow_sy.columns) == ["stateabb", *COUNTS]
    # values read from cow_igo_sy.rda directly
    assert cow_sy.loc[(2, 2000), list(COUNTS)].tolist() == [88, 0, 2, 90]
    assert cow_sy.loc[(2, 2014), list(COUNTS)].tolist() == [89, 0, 4, 93]
    assert cow_sy.loc[(20, 2000), list(COUNTS)].tolist() == [87, 1, 1, 89]
    assert cow_sy.loc[(255, 2014), "sum_igo_anytype"] == 104
    assert cow_sy.loc[(2, 1816), list(COUNTS)].tolist() == [0, 0, 0, 0]  # a true zero
    inside = cow_sy.loc[(slice(None), slice(1816, 2014)), :]
    summed = inside.sum_igo_full + inside.sum_igo_associate + inside.sum_igo_observer
    # equal in every row, and null in the same rows (1990's four missing states)
    pd.testing.assert_series_equal(summed, inside.sum_igo_anytype, check_names=False)


def test_domain_and_missing_rows(cow_sy) -> None:
    assert_all(cow_sy.loc[(slice(None), slice(2015, 2016)), list(COUNTS)].isna())  # after 2014
    inside = cow_sy.loc[(slice(None), slice(1816, 2014)), "sum_igo_full"]
    missing = inside[inside.isna()]
    assert sorted(missing.index) == [(260, 1990), (265, 1990), (678, 1990), (680, 1990)]
    assert cow_sy.loc[(255, 1990), "sum_igo_full"] > 0 and cow_sy.loc[(679, 1990), "sum_igo_full"] > 0


def test_dyads_shared_memberships() -> None:
    frame = detente.dyad_years(years=(1950, 2016)).add_igos().to_pandas()
    frame = frame.set_index(["ccode1", "ccode2", "year"])
    assert len(frame) == detente.dyad_years(years=(1950, 2016)).count()
    # values read from cow_igo_ndy.rda directly: USA-Canada and USA-Russia
    assert [frame.loc[(2, 20, y), "dyadigos"] for y in (1950, 2000, 2014)] == [39, 73, 72]
    assert [frame.loc[(20, 2, y), "dyadigos"] for y in (1950, 2000, 2014)] == [39, 73, 72]
    assert frame.loc[(365, 2, 2000), "dyadigos"] == 54
    assert frame.loc[(2, 20, 2000), ["sum_igo_full1", "sum_igo_full2"]].tolist() == [88, 87]
    assert pd.isna(frame.loc[(2, 20, 2015), "dyadigos"])  # after 2014
    assert_all(frame.loc[(slice(None), slice(None), slice(2015, 2016)), :].filter(like="igo").isna())


def test_undirected_zero_and_the_642_missing_dyad_years() -> None:
    panel = detente.dyad_years(directed=False, years=(1816, 2014)).add_igos()
    frame = panel.to_pandas()
    assert len(frame) == 918315  # one row per undirected COW dyad-year 1816-2014
    first = frame[(frame.ccode1 == 2) & (frame.ccode2 == 365) & (frame.year == 1816)]
    assert first.dyadigos.tolist() == [0]  # USA-Russia 1816: a true zero
    # shared full memberships never exceed either state's memberships of any type; COW's dyadic and
    # state-year files disagree by one IGO in 59 dyad-years (dyadigos = smaller full count + 1)
    known = frame[frame.dyadigos.notna()]
    assert_all(known.dyadigos <= known[["sum_igo_anytype1", "sum_igo_anytype2"]].min(axis=1))
    over = known.dyadigos - known[["sum_igo_full1", "sum_igo_full2"]].min(axis=1)
    assert len(over[over > 0]) == 59 and over.max() == 1
    missing = frame[frame.dyadigos.isna()]
    assert len(missing) == 642 and set(missing.year) == {1990}
    gone = {260, 265, 678, 680}  # the states the summaries leave out in 1990
    assert (missing.ccode1.isin(gone) | missing.ccode2.isin(gone)).all()


def test_gw_panel() -> None:
    gw = (
        detente.state_years("gw", years=(2000, 2017))
        .add_igos()
        .to_pandas()
        .set_index(["gwcode", "year"])
    )
    assert gw.loc[(260, 2000), "sum_igo_anytype"] == 103  # G&W 260 = COW 255
    assert gw.loc[(2, 2014), "sum_igo_full"] == 89
    assert_all(gw.loc[(slice(None), slice(2015, 2017)), list(COUNTS)].isna())
    early = detente.state_years("gw", years=(1920, 1920)).add_igos().to_pandas().set_index("gwcode")
    assert early.loc[711, list(COUNTS)].isna().all()  # Tibet is no COW state: no IGO data
    dyads = detente.dyad_years("gw", years=(2014, 2014)).add_igos().to_pandas()
    usa_ger = dyads[(dyads.gwcode1 == 260) & (dyads.gwcode2 == 2)]
    assert len(usa_ger) == 1 and usa_ger.dyadigos.notna().all()
    assert_all(usa_ger.sum_igo_anytype1 == 104)
