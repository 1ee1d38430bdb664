"""The ATOP alliance network of a year: edges, alliances with their members, and a layout."""

from __future__ import annotations

import math
from typing import Any

import pyarrow.compute as pc

import detente
from detente.errors import InputError
from detente.registry import get_source

from .profiles import Profiles, StateData

OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")


class Networks(Profiles):
    """Alliance networks per year (and obligation), computed once."""

    def network(self, year: int, obligation: str | None = None) -> dict[str, Any]:
        """Allied pairs in ``year`` (any obligation, or one), with nodes, a layout and the alliances."""
        key = ("network", year, obligation)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        if obligation is not None and obligation not in OBLIGATIONS:
            raise InputError(f"unknown ATOP obligation {obligation!r}; choose from {list(OBLIGATIONS)}")
        data = self.states("cow")
        atop = get_source("atop-5.1").years
        lo, hi = max(data.years[0], atop[0]), min(data.years[1], atop[1])
        if not lo <= year <= hi:
            raise InputError(f"year {year}: the alliance network covers {lo}-{hi} (COW states and ATOP)")
        with self.lock:
            net = detente.alliance_network(year, obligation or "any", warehouse=self.wh)
        edges = _graph_edges(net.graph)
        alliances = self._alliances(year)
        result = self._layout(year, obligation, edges, alliances, data)
        return self.cache.put(key, result)

    def _alliances(self, year: int) -> list[dict[str, Any]]:
        """ATOP alliances in force in ``year`` and their members (``detente.alliances_in_force``)."""
        with self.lock:
            rows = detente.alliances_in_force(year, warehouse=self.wh).to_pylist()
        keep = ("atopid", "members", *OBLIGATIONS)
        return [{k: r[k] for k in keep} for r in rows]

    def _layout(
        self,
        year: int,
        obligation: str | None,
        edges: list[dict[str, Any]],
        alliances: list[dict[str, Any]],
        data: StateData,
    ) -> dict[str, Any]:
        """Nodes (states in the system that year) with a deterministic spring layout."""
        import networkx as nx

        in_year = data.table.filter(pc.equal(data.table["year"], year))
        nodes = {r["ccode"]: r for r in in_year.select(["ccode", "cinc", "milex"]).to_pylist()}
        graph = nx.Graph()
        graph.add_nodes_from(nodes)
        graph.add_edges_from((e["source"], e["target"]) for e in edges)
        pos = _layout_positions(graph)
        degree = dict(graph.degree())
        for a in alliances:
            a["member_names"] = [self.name(m) for m in a["members"]]
        return {
            "year": year,
            "obligation": obligation or "any",
            "nodes": [
                {
                    **data.names.get(c, {"code": c, "name": str(c)}),
                    "ccode": c,
                    "degree": degree.get(c, 0),
                    "cinc": nodes[c]["cinc"],
                    "milex": nodes[c]["milex"],
                    "x": round(float(pos[c][0]), 4),
                    "y": round(float(pos[c][1]), 4),
                }
                for c in sorted(nodes)
            ],
            "edges": [e for e in edges if e["source"] in nodes and e["target"] in nodes],
            "alliances": alliances,
            "sources": [
                {"id": s, "version": get_source(s).version} for s in ("cow-states-2016", "atop-5.1")
            ],
        }


def _graph_edges(graph: Any) -> list[dict[str, Any]]:
    """Edges of a networkx graph returned by ``detente.alliance_network``."""
    return [{"source": int(a), "target": int(b), **attrs} for a, b, attrs in graph.edges(data=True)]


def _layout_positions(graph: Any) -> dict[int, tuple[float, float]]:
    """A deterministic spring layout of the allied states, with states without allies in rows below."""
    import networkx as nx

    allied = graph.subgraph([n for n in graph if graph.degree(n) > 0])
    pos: dict[int, tuple[float, float]] = {}
    if allied.number_of_nodes():
        k = 2.5 / math.sqrt(allied.number_of_nodes())
        pos = {
            n: (float(x), float(y))
            for n, (x, y) in nx.spring_layout(allied, seed=7, k=k, iterations=100).items()
        }
    alone = sorted(n for n in graph if n not in pos)
    per_row = 16
    for i, n in enumerate(alone):
        row, col = divmod(i, per_row)
        pos[n] = (-1 + 2 * col / (per_row - 1), -1.25 - 0.12 * row)
    return pos
