"""The alliance network on the eve of the First World War (1914) and at the end of the Cold War (1989).

``detente.alliance_ties(year, obligation="defense")`` gives the ATOP 5.1 defence ties among COW
states as a table; networkx lays them out. Louvain blocs come from ``detente.alliance_network``.

    python examples/alliance_networks.py --mirror ../shared/data --out figures/
"""

from __future__ import annotations

from pathlib import Path

import detente

from _common import pyplot, run, save

YEARS = (1914, 1989)


def main(mirror: str | None, out: Path) -> str:
    detente.configure(mirror=mirror)
    plt = pyplot()
    import networkx as nx

    fig, axes = plt.subplots(1, 2, figsize=(12, 6))
    lines = []
    for ax, year in zip(axes, YEARS, strict=True):
        ties = detente.alliance_ties(year, obligation="defense").to_pylist()
        graph = nx.Graph((t["ccode1"], t["ccode2"]) for t in ties)
        blocs = detente.alliance_network(year, "defense").blocs()
        colour = {n: i for i, bloc in enumerate(blocs) for n in bloc}
        pos = nx.spring_layout(graph, seed=7)
        nx.draw_networkx(graph, pos, ax=ax, node_size=60, font_size=6, width=0.4,
                         node_color=[colour.get(n, -1) for n in graph], cmap="tab20")  # fmt: skip
        ax.set_title(f"{year}: {graph.number_of_nodes()} allied states, {len(ties)} defence ties")
        ax.axis("off")
        lines.append(f"{year}: {len(ties)} defence ties among {graph.number_of_nodes()} states")
    save(fig, out, "alliance_networks")
    return "; ".join(lines)


if __name__ == "__main__":
    run(main, __doc__)
