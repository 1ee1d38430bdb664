"""India and Pakistan's ICB crises, 1947-2019: how violent each was and how it ended.

``detente.crisis_outcomes(actor=[750, 770])`` lists every crisis in which both were crisis
actors (15; the ``crises`` panel step keeps one crisis per dyad-year); the actor level gives each
side's own outcome (victory, compromise, stalemate, defeat).

    python examples/india_pakistan_crises.py --mirror ../shared/data --out figures/
"""

from __future__ import annotations

from pathlib import Path

import detente

from _common import pyplot, run, save

SIDES = {750: "India", 770: "Pakistan"}


def main(mirror: str | None, out: Path) -> str:
    detente.configure(mirror=mirror)
    crises = detente.crisis_outcomes(actor=list(SIDES)).to_pandas()
    actors = detente.crisis_outcomes("actor", actor=list(SIDES)).to_pandas()
    plt = pyplot()

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
    save(fig, out, "india_pakistan_crises")
    wins = actors[actors.outcome_label == "victory"].ccode.map(SIDES).value_counts().to_dict()
    return f"{len(crises)} crises, {crises.war.sum()} wars; victories by side: {wins}"


if __name__ == "__main__":
    run(main, __doc__)
