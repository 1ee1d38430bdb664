"""State systems: state-years and dyad-years agree with the publishers' lists and the overlap rule."""

from __future__ import annotations

import pytest

import detente
from detente.errors import InputError
from detente.systems import SYSTEMS, parse_years

from helpers import q


def test_cow_state_years_equal_the_publishers_system_list(wh) -> None:
    panel = detente.state_years("cow2016")
    ours = set(map(tuple, panel.to_pandas()[["ccode", "year"]].itertuples(index=False)))
    theirs = set(q(wh, f"SELECT ccode, year FROM {wh.view_name('cow-states-2016', 'system')}"))
    assert len(ours) == panel.count() == 15951
    assert ours == theirs


def test_directed_cow_dyad_years_follow_the_day_overlap_rule(wh) -> None:
    panel = detente.dyad_years("cow", directed=True, years=(1816, 2016))
    assert panel.count() == 1_912_290
    # a naive same-year join of the publisher's state-year list gives 60 more directed rows
    system = wh.view_name("cow-states-2016", "system")
    naive = q(
        wh, f"SELECT count(*) FROM {system} a JOIN {system} b ON a.year = b.year AND a.ccode <> b.ccode"
    )
    assert naive[0][0] == 1_912_350
    # ... and those 30 pairs never shared a day of membership in that year
    states = wh.view_name("cow-states-2016", "states")
    extra = q(
        wh,
        f"""WITH naive AS (SELECT a.ccode c1, b.ccode c2, a.year FROM {system} a JOIN {system} b
                          ON a.year = b.year AND a.ccode < b.ccode),
            ours AS ({panel.sql})
            SELECT n.c1, n.c2, n.year FROM naive n ANTI JOIN ours o
              ON o.ccode1 = n.c1 AND o.ccode2 = n.c2 AND o.year = n.year""",
    )
    assert len(extra) == 30
    for c1, c2, year in extra:
        overlap = q(
            wh,
            f"""SELECT count(*) FROM {states} a JOIN {states} b ON a.ccode = {c1} AND b.ccode = {c2}
                WHERE greatest(a.start, b.start, make_date({year}, 1, 1))
                   <= least(a."end", b."end", make_date({year}, 12, 31))""",
        )
        assert overlap[0][0] == 0, (c1, c2, year)


def test_undirected_is_half_of_directed_and_directed_is_symmetric(cow_dyads) -> None:
    undirected = detente.dyad_years("cow2016", directed=False)
    assert undirected.count() * 2 == cow_dyads.num_rows
    frame = cow_dyads.select(["ccode1", "ccode2", "year"]).to_pandas()
    forward = set(frame.itertuples(index=False, name=None))
    assert {(b, a, y) for a, b, y in forward} == forward


def test_relevant_dyads_are_contiguous_or_involve_a_major(cow_dyads) -> None:
    frame = cow_dyads.select(["conttype", "cowmaj1", "cowmaj2"]).to_pandas()
    expected = int(((frame.conttype > 0) | (frame.cowmaj1 == 1) | (frame.cowmaj2 == 1)).sum())
    assert detente.dyad_years("cow2016", relevant=True).count() == expected
    assert 0 < expected < cow_dyads.num_rows


def test_gw_panels_use_gw_codes_and_coverage() -> None:
    states = detente.state_years("gw").to_pandas()
    assert states.year.min() == 1816 and states.year.max() == 2017
    in_2010 = set(states.loc[states.year == 2010, "gwcode"])
    assert 340 in in_2010 and 345 not in in_2010  # Serbia is 340 under G&W after 2006
    assert 260 in set(states.loc[states.year == 2017, "gwcode"])  # G&W continue the FRG
    micro = detente.state_years("gw", microstates=True).to_pandas()
    assert len(micro) > len(states)
    assert 221 in set(micro.loc[micro.year == 2000, "gwcode"])  # Monaco is a G&W microstate
    assert "gw-microstates" in detente.state_years("gw", microstates=True).sources


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ("1990-2000", (1990, 2000)),
        ((1816, 1816), (1816, 1816)),
        (range(1900, 1911), (1900, 1910)),
        (2016, (2016, 2016)),
    ],
)
def test_year_ranges_are_parsed(years, expected) -> None:
    assert parse_years(years, SYSTEMS["cow"]) == expected


@pytest.mark.parametrize("years", ["2000-1990", "1700-1800", "1816-2025", "nineteen", range(0), (1990,)])
def test_impossible_year_ranges_are_refused(years) -> None:
    with pytest.raises(InputError, match="years"):
        detente.dyad_years("cow", years=years)


def test_years_after_a_systems_list_need_an_extension() -> None:
    with pytest.raises(
        InputError, match="Correlates of War 2016 system's coverage 1816-2016 .extend_to"
    ):
        detente.dyad_years("cow2016", years="1816-2017")
    assert detente.state_years("cow2016", years=2017, extend_to=2017).count() == 195


def test_unknown_system_is_refused() -> None:
    with pytest.raises(InputError, match="unknown state system 'cowgw'"):
        detente.state_years("cowgw")
