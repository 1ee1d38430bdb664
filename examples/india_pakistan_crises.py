"""India and Pakistan's ICB crises, 1947-2019: how violent each was and how it ended.

``detente.crisis_outcomes(actor=[750, 770])`` lists every crisis in which both were crisis
actors (15; the ``crises`` panel step keeps one crisis per dyad-year); the actor level gives each
side's own outcome (victory, compromise, stalemate, defeat).

    python examples/india_pakistan_crises.py --mirror ../shared/data --out figures/
"""

from __future__ import annotations

import argparse
from pathlib import Path

import detente

SIDES = {750: "India", 770: "Pakistan"}


def main(mirror: str | None, out: Path) -> str:
    detente.configure(mirror=mirror)
    crises = detente.crisis_outcomes(actor=list(SIDES)).to_pandas()
    actors = detente.crisis_outcomes("actor", actor=list(SIDES)).to_pandas()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 5))
    kinds = sorted(crises.outcome_kind.dropna().unique())
    colours = dict(zip(kinds, plt.cm.tab10.colors, strict=False))
    for _, c in crises.iterrows():
        ax.barh(c.crisname.title(), (c.end - c.start).days + 1, left=c.start.toordinal(),
                color=colours.get(c.outcome_kind, "grey"))  # fmt: skip
        ax.annotate(f"  violence: {c.violence_label}", (c.end.toordinal(), c.crisname.title()),
                    va="center", fontsize=7)  # fmt: skip
    years = [1950, 1970, 1990, 2010]
    ax.set_xticks([__import__("datetime").date(y, 1, 1).toordinal() for y in years], years)
    ax.invert_yaxis()
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[k]) for k in kinds]
    ax.legend(handles, kinds, title="how it ended", frameon=False, loc="lower left")
    ax.set(title="India-Pakistan ICB crises (bar length: duration)")
    out.mkdir(parents=True, exist_ok=True)
    fig.savefig(out / "india_pakistan_crises.png", dpi=120, bbox_inches="tight")
    wins = actors[actors.outcome_label == "victory"].ccode.map(SIDES).value_counts().to_dict()
    return f"{len(crises)} crises, {crises.war.sum()} wars; victories by side: {wins}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", default=None, help="data mirror (or DETENTE_MIRROR)")
    parser.add_argument("--out", type=Path, default=Path("figures"), help="folder for the figure")
    args = parser.parse_args()
    print(main(args.mirror, args.out))
