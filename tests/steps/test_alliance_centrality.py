"""alliance_centrality step: degree and eigenvector centrality per state-year from the networks."""

from __future__ import annotations

import pytest

import detente
from detente.errors import InputError

from helpers import assert_all

pytestmark = pytest.mark.usefixtures("wh")  # the warehouse reads the mirror


def test_centrality_matches_the_network_and_the_domain() -> None:
    panel = detente.state_years("gw", years=(2018, 2019), extend_to=2019).add_alliance_centrality()
    assert panel.columns[-2:] == ["atop_defense_degree", "atop_defense_eigenvector"]
    frame = panel.to_pandas()
    usa = frame[frame.gwcode == 2].set_index("year")
    net = detente.alliance_network(2018)
    assert usa.loc[2018, "atop_defense_degree"] == net.degree()[2]
    assert usa.loc[2018, "atop_defense_eigenvector"] == pytest.approx(net.eigenvector()[2])
    assert usa.loc[[2019]].atop_defense_degree.isna().all()  # beyond ATOP's 2018


def test_states_outside_the_cow_system_are_null() -> None:
    """G&W counts Afghanistan (700) in 1816-1888 and from 1919, COW only from 1919: no node, so
    null in 1816-1888 (iisystem.dat)."""
    frame = detente.state_years("gw", years=(1880, 1920)).add_alliance_centrality().to_pandas()
    afg = frame[frame.gwcode == 700].set_index("year").atop_defense_degree
    assert afg.index.tolist() == [*range(1880, 1889), 1919, 1920]  # not a G&W state in 1889-1918
    assert_all(afg.loc[1880:1888].isna())
    assert_all(afg.loc[1919:1920].notna())


def test_usa_1960_any_obligation_and_bad_obligation() -> None:
    frame = detente.state_years(years=(1960, 1960)).add_alliance_centrality(obligation="any").to_pandas()
    usa = frame[frame.ccode == 2].iloc[0]
    assert usa.atop_any_degree == detente.alliance_network(1960, "any").degree()[2] >= 43
    assert_all(frame.atop_any_eigenvector.between(0, 1))
    assert (frame.atop_any_degree == 0).sum() > 0  # true zeros: states without allies
    with pytest.raises(InputError, match="unknown obligation"):
        detente.state_years(years=(1960, 1960)).add_alliance_centrality(obligation="bff")
