"""Alliance networks: networkx graphs on hand-made edges, and facts about ATOP's real networks."""

from __future__ import annotations

import pytest

import detente
from detente.errors import InputError
from detente.measures import networks as nw
from detente.steps.alliances import member_years_sql

from helpers import q

NATO_1980 = {2, 20, 200, 210, 211, 212, 220, 235, 260, 325, 350, 385, 390, 395, 640}
WARSAW_1980 = {265, 290, 310, 315, 355, 360, 365}


def test_graph_merges_alliances_per_edge_and_keeps_isolates() -> None:
    g = nw.alliance_graph([1, 2, 3, 4], [(2, 1, 20), (1, 2, 10), (1, 2, 10), (3, 3, 5)])
    assert sorted(g.nodes) == [1, 2, 3, 4]
    assert g[1][2]["atopids"] == [10, 20]  # sorted, no repeats
    assert g.number_of_edges() == 1  # no self-loop for a state "allied" with itself
    assert nw.degree(g) == {1: 1, 2: 1, 3: 0, 4: 0}


def test_eigenvector_of_a_star_and_of_isolates() -> None:
    """A star: the hub is the most central, the leaves equal; an isolate and an empty graph get 0."""
    g = nw.alliance_graph([1, 2, 3, 4, 9], [(1, 2, 7), (1, 3, 7), (1, 4, 7)])
    eig = nw.eigenvector(g)
    assert eig[1] > eig[2] == pytest.approx(eig[3]) == pytest.approx(eig[4])
    # star K(1,3): leading eigenvector (sqrt 3, 1, 1, 1) / sqrt 6
    assert eig[1] == pytest.approx(3**0.5 / 6**0.5, abs=1e-4)
    assert eig[9] == 0.0
    assert nw.eigenvector(nw.alliance_graph([1, 2], [])) == {1: 0.0, 2: 0.0}


def test_blocs_are_deterministic_and_split_separate_cliques() -> None:
    edges = [(a, b, 1) for a in range(1, 6) for b in range(a + 1, 6)]
    edges += [(a, b, 2) for a in range(10, 14) for b in range(a + 1, 14)] + [(5, 10, 3)]
    g = nw.alliance_graph([*range(1, 6), *range(10, 14), 99], edges)
    first = nw.blocs(g, seed=1)
    assert first == nw.blocs(g, seed=1)
    assert [sorted(b) for b in first] == [[1, 2, 3, 4, 5], [10, 11, 12, 13]]  # 99 has no ally
    assert nw.bloc_membership(first)[12] == 1
    assert nw.blocs(nw.alliance_graph([1, 2], [])) == []


def test_shortest_path() -> None:
    g = nw.alliance_graph([1, 2, 3, 4, 5], [(1, 2, 1), (2, 3, 1), (3, 4, 1), (1, 4, 2)])
    assert nw.shortest_path(g, 1, 3) in ([1, 2, 3], [1, 4, 3])
    assert nw.shortest_path(g, 1, 5) is None
    assert nw.shortest_path(g, 1, 777) is None  # not a state that year


def test_usa_defense_degree_1960_equals_partners_from_member_years(wh) -> None:
    """Independently of the network code: partners sharing an alliance with a defense promise."""
    my = member_years_sql(wh.view_name("atop-5.1", "members"))
    states = wh.view_name("cow-states-2016", "states")
    partners = q(
        wh,
        f"""WITH my AS ({my})
            SELECT count(DISTINCT b.ccode) FROM my a JOIN my b
              ON a.atopid = b.atopid AND a.year = b.year AND a.ccode = 2 AND b.ccode <> 2
             AND a._s <= b._e AND b._s <= a._e AND (a.defense = 1 OR b.defense = 1)
            WHERE a.year = 1960 AND b.ccode IN (SELECT ccode FROM {states}
                                                WHERE year(start) <= 1960 AND year("end") >= 1960)""",
    )[0][0]
    net = detente.alliance_network(1960)
    assert net.degree()[2] == partners == 43
    # and the undirected alliances step agrees: 43 dyads with atop_defense = 1 involving the USA
    panel = detente.dyad_years(directed=False, years=(1960, 1960)).add_alliances(obligations=["defense"])
    frame = panel.to_pandas()
    assert int(frame[(frame.ccode1 == 2) | (frame.ccode2 == 2)].atop_defense.sum()) == 43


def test_nato_and_warsaw_pact_are_separate_blocs_in_1980() -> None:
    net = detente.alliance_network(1980)
    member = nw.bloc_membership(net.blocs())
    assert len({member[s] for s in NATO_1980}) == 1
    assert len({member[s] for s in WARSAW_1980}) == 1
    assert member[2] != member[365]
    assert net.graph[2][200]["atopids"] == [3180]  # NATO only (SEATO ended in 1977)


def test_shortest_alliance_paths_1980() -> None:
    assert detente.shortest_alliance_path(2, 740, 1980) == [2, 740]  # US-Japan treaty
    assert detente.shortest_alliance_path(20, 740, 1980) == [20, 2, 740]  # via the USA
    assert detente.shortest_alliance_path(2, 365, 1980) is None  # no defense chain across blocs
    assert detente.shortest_alliance_path(2, 365, 1944, obligation="any") == [2, 365]


def test_bad_year_or_obligation() -> None:
    with pytest.raises(InputError, match="outside"):
        detente.alliance_network(2019)  # ATOP 5.1 ends in 2018
    with pytest.raises(InputError, match="unknown obligation"):
        detente.alliance_network(1980, obligation="friendship")
