"""defence_diplomacy step: the SQL index equals the pure composite, coverage never counts missing
as zero, leave-out and sensitivity (the figures docs/defence_diplomacy.md shows)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import detente
from detente.errors import InputError
from detente.measures.defence_diplomacy import check_weights, composite, leave_one_out
from detente.steps.defence_diplomacy import COMPONENTS, US_ONLY, WEIGHTS

from helpers import one

COLS = [f"dd_{c}" for c in COMPONENTS]


@pytest.fixture(scope="module")
def year2005(wh) -> pd.DataFrame:
    return detente.dyad_years(years=(2005, 2005)).add_defence_diplomacy().to_pandas()


def test_sql_index_equals_the_pure_composite(year2005) -> None:
    comps = {c: year2005[f"dd_{c}"].astype(float).to_numpy() for c in COMPONENTS}
    index, coverage = composite(comps, WEIGHTS)
    assert np.allclose(year2005.dd_index.astype(float), index, equal_nan=True)
    assert np.allclose(year2005.dd_coverage.astype(float), coverage)
    core = {c: w for c, w in WEIGHTS.items() if c not in US_ONLY}
    core_index, _ = composite({c: comps[c] for c in core}, core)
    assert np.allclose(year2005.dd_core.astype(float), core_index, equal_nan=True)


def test_missing_lowers_coverage_never_zero(year2005) -> None:
    fr = one(year2005, ccode1=220, ccode2=255, year=2005)  # France -> Germany: no U.S. measures
    assert pd.isna(fr.dd_us_presence) and pd.isna(fr.dd_visits)
    assert fr.dd_coverage == pytest.approx(5 / 7)
    five = [fr[f"dd_{c}"] for c in COMPONENTS if c not in US_ONLY]
    assert fr.dd_index == pytest.approx(np.mean(five))  # not sum / 7
    us = one(year2005, ccode1=2, ccode2=740, year=2005)  # United States -> Japan
    assert us.dd_coverage == 1 and us.dd_alliance == 1 and us.dd_us_presence == 1
    assert all(year2005[c].min() >= 0 and year2005[c].max() <= 1 for c in COLS)


def test_coverage_outside_source_years(wh) -> None:
    d = detente.dyad_years(years=(2015, 2015)).add_defence_diplomacy(min_coverage=0.5).to_pandas()
    assert d.dd_exercises.isna().all()  # MME ends 2010
    r = one(d, ccode1=220, ccode2=255, year=2015)
    assert r.dd_coverage == pytest.approx(4 / 7) and r.dd_index > 0
    low = detente.dyad_years(years=(2015, 2015)).add_defence_diplomacy(min_coverage=0.6).to_pandas()
    assert pd.isna(one(low, ccode1=220, ccode2=255, year=2015).dd_index)


def test_leave_out_and_errors(wh) -> None:
    p = detente.dyad_years(years=(2005, 2005)).add_defence_diplomacy(leave_out=["un_votes"])
    assert "dd_un_votes" not in p.columns and "unga-votes" not in p.sources
    with pytest.raises(InputError, match="unknown component"):
        detente.dyad_years(years=(2005, 2005)).add_defence_diplomacy(leave_out=["tanks"])
    with pytest.raises(InputError, match="directed"):
        detente.dyad_years(years=(2005, 2005), directed=False).add_defence_diplomacy()
    with pytest.raises(InputError, match="min_coverage"):
        detente.dyad_years(years=(2005, 2005)).add_defence_diplomacy(min_coverage=2)
    with pytest.raises(InputError):
        check_weights({"a": -1}, ["a"])


def test_sensitivity_as_documented(year2005) -> None:
    """Leave-one-out rank correlations for 2005 (the table in docs/defence_diplomacy.md)."""
    frame = year2005[COLS].astype(float).rename(columns=lambda c: c[3:])
    table = leave_one_out(frame, WEIGHTS).set_index("left_out")
    assert list(table.index) == list(COMPONENTS)
    assert (table.rows == len(year2005)).all()
    got = table.spearman.round(2).to_dict()
    assert got == SENSITIVITY_2005, got
    assert table.top100_kept.round(2).to_dict() == TOP100_2005, table.top100_kept.round(2).to_dict()


SENSITIVITY_2005 = {
    "alliance": 0.95, "provisions": 1.0, "exercises": 0.98, "arms": 0.99, "us_presence": 1.0,
    "visits": 1.0, "un_votes": 0.7,
}  # fmt: skip
TOP100_2005 = {
    "alliance": 0.98, "provisions": 0.64, "exercises": 0.77, "arms": 0.81, "us_presence": 1.0,
    "visits": 0.93, "un_votes": 0.92,
}  # fmt: skip
