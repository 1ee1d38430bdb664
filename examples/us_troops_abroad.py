"""US troops abroad, 1950-2016: where the United States kept its largest deployments.

The ``troops_abroad`` step on a state-year panel (troopdata's country-year series, COW-coded;
``us_troops`` is the number of US troops the state hosted) over the COW system 1950-2016.

    python examples/us_troops_abroad.py --mirror ../shared/data --out figures/
"""

from __future__ import annotations

from pathlib import Path

import detente

from _common import pyplot, run, save

YEARS = (1950, 2016)


def main(mirror: str | None, out: Path) -> str:
    detente.configure(mirror=mirror)
    hosts = detente.state_years("cow", years=YEARS).add_troops_abroad().to_pandas()
    hosts = hosts[hosts.ccode != 2]
    top = hosts.groupby("ccode")["us_troops"].sum().nlargest(6).index
    plt = pyplot()

    fig, ax = plt.subplots(figsize=(9, 4.5))
    for code in top:
        mine = hosts[hosts.ccode == code].sort_values("year")
        ax.plot(mine.year, mine.us_troops / 1000, label=mine.stateabb.iloc[-1])
    total = hosts.groupby("year")["us_troops"].sum() / 1000
    ax.plot(total.index, total.values, color="black", linestyle="--", label="all hosts")
    ax.set(title=f"US troops abroad by host, {YEARS[0]}-{YEARS[1]}", xlabel="year",
           ylabel="thousands of troops")  # fmt: skip
    ax.legend(frameon=False, ncol=2)
    save(fig, out, "us_troops_abroad")
    peak = total.idxmax()
    return f"US troops abroad peaked in {peak} at {total.max():,.0f} thousand"


if __name__ == "__main__":
    run(main, __doc__)
