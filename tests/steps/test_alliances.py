"""Alliances: derived from ATOP member dates, they reproduce ATOP's own state-year file."""

from __future__ import annotations

import pytest

import detente
from detente.errors import InputError
from detente.steps.alliances import state_year_totals_sql

from helpers import assert_all, q

OBLIGATIONS = ["defense", "offense", "neutral", "nonagg", "consul"]


def test_derived_state_year_totals_reproduce_atop_sy_for_every_state_year(wh) -> None:
    ours = state_year_totals_sql(wh.view_name("atop-5.1", "members"))
    sy = wh.view_name("atop-5.1", "state_years")
    cols = ", ".join(f"o.{c} AS o_{c}, s.{c} AS s_{c}" for c in ["number", *OBLIGATIONS])
    rows = q(
        wh,
        f"SELECT coalesce(o.ccode, s.ccode), coalesce(o.year, s.year), {cols} "
        f"FROM ({ours}) o FULL JOIN {sy} s USING (ccode, year)",
    )
    only_ours = {(c, y) for c, y, *v in rows if v[1] is None}
    only_atop = {(c, y) for c, y, *v in rows if v[0] is None}
    assert only_atop == set()
    # ATOP's file leaves out member 8152 (atopid 1320, 1874-1883), which is not a COW state
    assert only_ours == {(8152, y) for y in range(1874, 1884)}
    both = [r for r in rows if r[2] is not None and r[3] is not None]
    assert len(both) == 11923
    mismatches = [r for r in both if any(r[2 + 2 * i] != r[3 + 2 * i] for i in range(6))]
    assert mismatches == []


def test_panel_state_years_agree_with_atop_sy_inside_the_system(wh) -> None:
    frame = detente.state_years("cow", years=(1816, 2016)).add_alliances().to_pandas()
    sy = (
        wh.table("atop-5.1", "state_years")
        .df()
        .rename(columns={c: f"sy_{c}" for c in ["number", *OBLIGATIONS]})
    )
    merged = frame.merge(sy, on=["ccode", "year"], how="left")
    assert merged.atop_number.isna().sum() == 0  # 1816-2016 lies inside ATOP's 1815-2018 domain
    assert (merged.atop_number == merged.sy_number.fillna(0)).all()
    for c in OBLIGATIONS:
        assert_all(merged[f"atop_{c}"] == merged[f"sy_{c}"].fillna(0), c)
    assert (merged.atop_number == 0).sum() > 0  # true zeros stay 0


def _tie(frame, a: int, b: int, year: int, col: str) -> int:
    row = frame[(frame.ccode1 == a) & (frame.ccode2 == b) & (frame.year == year)]
    assert len(row) == 1, (a, b, year)
    return int(row.iloc[0][col])


def test_known_dyadic_ties(cow_dyads) -> None:
    frame = cow_dyads.select(
        ["ccode1", "ccode2", "year", *(f"atop_{c}" for c in OBLIGATIONS)]
    ).to_pandas()
    assert _tie(frame, 2, 200, 1950, "atop_defense") == 1  # NATO
    assert _tie(frame, 2, 20, 1950, "atop_defense") == 1  # NATO
    assert _tie(frame, 2, 365, 1950, "atop_defense") == 0
    assert _tie(frame, 2, 200, 1940, "atop_defense") == 0  # before the wartime alliance
    # Anglo-Japanese alliance (atopid 1415), phase 2 from Aug 1905: Britain's offense obligation
    # to Japan continues, Japan's to Britain ends: the directed panel keeps the asymmetry.
    assert _tie(frame, 200, 740, 1906, "atop_offense") == 1
    assert _tie(frame, 740, 200, 1906, "atop_offense") == 0


def test_undirected_ties_count_either_states_obligation() -> None:
    frame = detente.dyad_years("cow", directed=False, years=(1906, 1906)).add_alliances().to_pandas()
    row = frame[(frame.ccode1 == 200) & (frame.ccode2 == 740)].iloc[0]
    assert row.atop_offense == 1


def test_provision_filter_keeps_only_alliances_with_the_provision() -> None:
    base = detente.dyad_years("cow", years=(1950, 1952)).add_alliances(obligations=["defense"])
    basing = detente.dyad_years("cow", years=(1950, 1952)).add_alliances(
        obligations=["defense"], provisions=["basing"]
    )
    plain, filtered = base.to_pandas(), basing.to_pandas()
    assert list(filtered.columns) == ["ccode1", "ccode2", "year", "atop_defense"]
    # NATO's first phase (1949-51) has no basing provision; its second phase (from June 1951) does
    assert _tie(plain, 2, 200, 1950, "atop_defense") == 1
    assert _tie(filtered, 2, 200, 1950, "atop_defense") == 0
    assert _tie(filtered, 2, 200, 1952, "atop_defense") == 1
    assert_all(filtered.atop_defense <= plain.atop_defense)
    assert filtered.atop_defense.sum() < plain.atop_defense.sum()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"obligations": ["pact"]}, "unknown ATOP obligation"),
        ({"provisions": ["nukes"]}, "unknown ATOP provision"),
    ],
)
def test_bad_parameters_are_refused(params, message) -> None:
    with pytest.raises(InputError, match=message):
        detente.state_years(years=2000).add_alliances(**params)
