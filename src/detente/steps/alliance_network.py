"""Alliance networks from ATOP 5.1: one networkx graph per year and obligation, and centrality per state.

In year y the nodes are the states of the COW system in y; two states are linked when they share
an alliance in y with the chosen obligation (defense, offense, neutral, nonagg, consul, or "any"
for every alliance), by the rules of the alliances step: their member spells overlap on a day of
y and either state's obligation to the other counts (asymmetric alliances included), so a node's
degree is its number of partners with atop_<obligation> = 1 in an undirected dyad-year panel.
The edge attribute ``atopids`` lists the alliances. Years: 1816-2018 (ATOP within the COW 2024
system's years).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from .._lazy import lazy
from ..errors import InputError
from ..measures import networks as nw
from ..panel import STATE_YEAR, Panel
from ..sources.atop import OBLIGATIONS
from ..warehouse import Warehouse, default_warehouse
from ._base import step
from .alliances import alliance_ties_sql
from .similarity import ATOP, STATES, domain

nx = lazy("networkx")

OBLIGATION_CHOICES = (*OBLIGATIONS, "any")


def _obligation(obligation: str) -> str:
    if obligation not in OBLIGATION_CHOICES:
        raise InputError(f"unknown obligation {obligation!r}; choose from {list(OBLIGATION_CHOICES)}")
    return obligation


def _years(years: Sequence[int]) -> tuple[int, int]:
    lo, hi = domain("atop")
    bad = [y for y in years if not lo <= y <= hi]
    if bad:
        raise InputError(f"alliance network: year {bad[0]} is outside ATOP and COW's {lo}-{hi}")
    return min(years), max(years)


def edges_sql(wh: Warehouse, years: tuple[int, int], obligation: str = "defense") -> str:
    """SQL: atopid, c1 < c2, year for pairs of COW states sharing an alliance with ``obligation``."""
    members = wh.view_name(ATOP, "members")
    states = wh.view_name(STATES, "states")
    flag = "TRUE" if obligation == "any" else f"t.{obligation} = 1"
    return f"""
        WITH t AS (SELECT * FROM ({alliance_ties_sql(members)})
                   WHERE year BETWEEN {years[0]} AND {years[1]}),
        cow AS (SELECT DISTINCT ccode, y AS year FROM {states},
                range(year(start), year("end") + 1) t(y))
        SELECT DISTINCT t.atopid, least(t.c1, t.c2) AS c1, greatest(t.c1, t.c2) AS c2, t.year
        FROM t
        SEMI JOIN cow s1 ON s1.ccode = t.c1 AND s1.year = t.year
        SEMI JOIN cow s2 ON s2.ccode = t.c2 AND s2.year = t.year
        WHERE {flag}"""


def _nodes_sql(wh: Warehouse, years: tuple[int, int]) -> str:
    states = wh.view_name(STATES, "states")
    return f"""SELECT DISTINCT ccode, y::SMALLINT AS year FROM {states},
               range(greatest(year(start), {years[0]}), least(year("end"), {years[1]}) + 1) t(y)"""


def _graphs(wh: Warehouse, years: tuple[int, int], obligation: str) -> dict[int, nx.Graph]:
    """One alliance graph per year in ``years``."""
    nodes = wh.con.sql(f"SELECT ccode, year FROM ({_nodes_sql(wh, years)}) ORDER BY year, ccode")
    edges = wh.con.sql(f"SELECT c1, c2, atopid, year FROM ({edges_sql(wh, years, obligation)})")
    by_year_nodes: dict[int, list[int]] = {}
    for ccode, year in nodes.fetchall():
        by_year_nodes.setdefault(int(year), []).append(int(ccode))
    by_year_edges: dict[int, list[tuple[int, int, int]]] = {}
    for c1, c2, atopid, year in edges.fetchall():
        by_year_edges.setdefault(int(year), []).append((c1, c2, atopid))
    return {y: nw.alliance_graph(n, sorted(by_year_edges.get(y, []))) for y, n in by_year_nodes.items()}


@dataclass(frozen=True)
class AllianceNetwork:
    """The alliance network of one year: ``graph`` (networkx) plus centrality, blocs and paths."""

    year: int
    obligation: str
    graph: nx.Graph

    def degree(self) -> dict[int, int]:
        """Number of partners of every state."""
        return nw.degree(self.graph)

    def eigenvector(self) -> dict[int, float]:
        """Eigenvector centrality of every state (0 without allies)."""
        return nw.eigenvector(self.graph)

    def blocs(self, seed: int = 0, resolution: float = 1.0) -> list[frozenset[int]]:
        """Louvain communities of allied states, largest first (deterministic for a given seed)."""
        return nw.blocs(self.graph, seed=seed, resolution=resolution)

    def path(self, a: int, b: int) -> list[int] | None:
        """Shortest chain of allies from ``a`` to ``b``, or None."""
        return nw.shortest_path(self.graph, a, b)


def alliance_network(
    year: int, obligation: str = "defense", warehouse: Warehouse | None = None
) -> AllianceNetwork:
    """The ATOP alliance network of COW states in ``year`` for one obligation (or "any").

    >>> import detente
    >>> net = detente.alliance_network(1960)
    >>> net.degree()[2] > 30, net.graph[2][200]["atopids"]  # NATO and SEATO
    (True, [3180, 3260])
    """
    wh = warehouse or default_warehouse()
    _obligation(obligation)
    span = _years([year])
    return AllianceNetwork(year, obligation, _graphs(wh, span, obligation)[year])


def shortest_alliance_path(
    a: int, b: int, year: int, obligation: str = "defense", warehouse: Warehouse | None = None
) -> list[int] | None:
    """Shortest chain of allies (COW codes) linking states ``a`` and ``b`` in ``year``, or None.

    >>> import detente
    >>> detente.shortest_alliance_path(2, 2, 1980)
    [2]
    """
    return alliance_network(year, obligation, warehouse).path(a, b)


def centrality_table(wh: Warehouse, years: tuple[int, int], obligation: str) -> pa.Table:
    """ccode, year, degree, eigenvector for every COW state-year in ``years``."""
    cols: dict[str, list] = {"ccode": [], "year": [], "degree": [], "eigenvector": []}
    for year, graph in _graphs(wh, years, obligation).items():
        deg, eig = nw.degree(graph), nw.eigenvector(graph)
        for node in sorted(graph.nodes):  # a state-year table, one row per node
            cols["ccode"].append(node)
            cols["year"].append(year)
            cols["degree"].append(deg[node])
            cols["eigenvector"].append(eig[node])
    return pa.table(
        {
            "ccode": pa.array(np.asarray(cols["ccode"], dtype=np.int16)),
            "year": pa.array(np.asarray(cols["year"], dtype=np.int16)),
            "degree": pa.array(np.asarray(cols["degree"], dtype=np.int16)),
            "eigenvector": pa.array(np.asarray(cols["eigenvector"], dtype=float)),
        }
    )


@step("alliance_centrality", units=(STATE_YEAR,), sources=(ATOP, STATES))
def add_alliance_centrality(panel: Panel, obligation: str = "defense") -> str:
    """Add alliance-network centrality: atop_<obligation>_degree and atop_<obligation>_eigenvector.

    Degree is the number of COW states sharing an alliance with that obligation (``obligation``
    one of defense, offense, neutral, nonagg, consul, any); eigenvector centrality is networkx's
    (unit norm within the year; 0 for states without allies). Null outside 1816-2018 and for
    states not in the COW system that year (G&W-only states).

    >>> import detente
    >>> p = detente.state_years(years=(1960, 1960)).add_alliance_centrality().to_pandas()
    >>> int(p.loc[p.ccode == 2, "atop_defense_degree"].iloc[0]) > 30
    True
    """
    _obligation(obligation)
    lo, hi = domain("atop")
    years = (max(lo, panel.years[0]), min(hi, panel.years[1]))
    prefix = f"atop_{obligation}"
    if years[0] > years[1]:
        return f"""SELECT p.*, NULL::SMALLINT AS {prefix}_degree, NULL::DOUBLE AS {prefix}_eigenvector
                   FROM ({panel.sql}) p"""
    name = f"_detente_alliance_centrality_{obligation}_{years[0]}_{years[1]}"
    try:
        panel.wh.con.sql(f"SELECT 1 FROM {name} LIMIT 0")
    except Exception:  # not registered yet in this connection
        panel.wh.con.register(name, centrality_table(panel.wh, years, obligation))
    return f"""SELECT p.*, c.degree AS {prefix}_degree, c.eigenvector AS {prefix}_eigenvector
               FROM ({panel.sql}) p LEFT JOIN {name} c ON c.ccode = p._k AND c.year = p.year"""
