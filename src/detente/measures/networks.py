"""Alliance networks with networkx: build the graph, centrality, blocs, shortest alliance paths.

Pure functions on edge lists and graphs (no I/O); :func:`detente.alliance_network` feeds them ATOP
member-years. Nodes are state codes, an edge joins two states sharing at least one alliance, and
its ``atopids`` attribute lists those alliances. Every algorithm is networkx's own.
"""

from __future__ import annotations

from collections.abc import Iterable

from .._lazy import lazy

nx = lazy("networkx")


def alliance_graph(nodes: Iterable[int], edges: Iterable[tuple[int, int, int]]) -> nx.Graph:
    """A graph of ``nodes`` (states) and ``edges`` (state, state, atopid); atopids sorted per edge.

    >>> g = alliance_graph([2, 20, 200, 365], [(2, 20, 3180), (2, 200, 3180), (2, 20, 3100)])
    >>> sorted(g.edges(data="atopids"))
    [(2, 20, [3100, 3180]), (2, 200, [3180])]
    """
    graph = nx.Graph()
    graph.add_nodes_from(int(n) for n in nodes)
    for a, b, atopid in edges:
        a, b = int(a), int(b)
        if a == b:
            continue
        if graph.has_edge(a, b):
            ids = graph[a][b]["atopids"]
            if atopid not in ids:
                ids.append(int(atopid))
                ids.sort()
        else:
            graph.add_edge(a, b, atopids=[int(atopid)])
    return graph


def degree(graph: nx.Graph) -> dict[int, int]:
    """Number of alliance partners of every state (0 for a state with none)."""
    return dict(graph.degree())


def eigenvector(graph: nx.Graph) -> dict[int, float]:
    """Eigenvector centrality of every state (networkx, unit-norm); 0 for states without allies.

    Without any edge the leading eigenvector is undefined, so every state gets 0.
    """
    out = dict.fromkeys(graph.nodes, 0.0)
    if graph.number_of_edges() == 0:
        return out
    out.update(nx.eigenvector_centrality(graph, max_iter=10_000))
    for node in graph.nodes:
        if graph.degree(node) == 0:
            out[node] = 0.0
    return out


def blocs(graph: nx.Graph, seed: int = 0, resolution: float = 1.0) -> list[frozenset[int]]:
    """Alliance blocs: Louvain communities (networkx, fixed ``seed``) of states with an ally.

    Sorted largest first, then by smallest code; states without allies belong to no bloc.

    >>> g = alliance_graph(range(1, 7), [(1, 2, 9), (2, 3, 9), (1, 3, 9), (4, 5, 8)])
    >>> [sorted(b) for b in blocs(g)]
    [[1, 2, 3], [4, 5]]
    """
    allied = graph.subgraph([n for n in graph.nodes if graph.degree(n) > 0])
    if allied.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(allied, seed=seed, resolution=resolution)
    return sorted((frozenset(c) for c in found), key=lambda c: (-len(c), min(c)))


def bloc_membership(groups: list[frozenset[int]]) -> dict[int, int]:
    """State -> bloc number (0 = the largest bloc) from :func:`blocs`."""
    return {state: i for i, group in enumerate(groups) for state in group}


def shortest_path(graph: nx.Graph, a: int, b: int) -> list[int] | None:
    """The shortest chain of alliances from state ``a`` to ``b`` (codes), or None if there is none.

    >>> g = alliance_graph([1, 2, 3, 4], [(1, 2, 7), (2, 3, 8)])
    >>> shortest_path(g, 1, 3), shortest_path(g, 1, 4)
    ([1, 2, 3], None)
    """
    if a not in graph or b not in graph:
        return None
    try:
        return [int(n) for n in nx.shortest_path(graph, a, b)]
    except nx.NetworkXNoPath:
        return None
