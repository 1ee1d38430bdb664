"""Contiguity: types from COW Direct Contiguity 3.2, true zeros inside the domain, nulls outside."""

from __future__ import annotations

import detente

from helpers import assert_all


def test_known_contiguity_and_publisher_counts(wh, cow_dyads) -> None:
    frame = cow_dyads.select(["ccode1", "ccode2", "year", "conttype"]).to_pandas()
    contiguous = frame[frame.conttype > 0]
    # every contiguous dyad-year the publisher lists (after folding its 58 repeated rows) is found
    publisher = wh.con.sql(
        f"SELECT count(*) FROM {wh.view_name('cow-contiguity-3.2', 'contiguity')}"
    ).fetchall()
    assert len(contiguous) == publisher[0][0] == 82498 - 58
    lookup = frame.set_index(["ccode1", "ccode2", "year"]).conttype
    assert lookup[(2, 20, 2000)] == 1  # USA-Canada land border
    assert lookup[(2, 40, 2000)] == 4  # USA-Cuba, up to 150 miles of water
    assert lookup[(2, 365, 2000)] == 2  # USA-Russia: the Diomede Islands lie under 12 miles apart
    assert lookup[(2, 200, 2000)] == 0  # a true zero inside the domain
    assert lookup[(210, 220, 1830)] == 1  # listed twice (types 1 and 5) by the publisher


def test_domain_edge_under_gw() -> None:
    frame = detente.dyad_years("gw", years=(2016, 2017)).add_contiguity().to_pandas()
    assert_all(frame.loc[frame.year == 2016, "conttype"].notna())
    assert_all(frame.loc[frame.year == 2017, "conttype"].isna())  # beyond 2016: missing, not 0
    states = (
        detente.state_years("cow", years=(2000, 2000)).add_contiguity().to_pandas().set_index("ccode")
    )
    assert states.loc[2, "n_land"] == 2  # Canada and Mexico
    assert states.loc[200, "n_land"] == 1  # Ireland
