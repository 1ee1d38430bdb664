"""NATO burden sharing: each member's share of the allies' military spending, 1990-2018.

Reads ATOP 5.1 memberships of NATO (atopid 3180) and SIPRI military expenditure in constant
2022 US$ (``detente.burden_sharing``) and draws the US share against the other members'. ATOP 5.1
ends in 2018; to 2023 needs an ATOP extension past 2018 (see docs/spending.md).

    python examples/nato_burden_sharing.py --mirror ../shared/data --out figures/
"""

from __future__ import annotations

from pathlib import Path

import detente

from _common import pyplot, run, save

YEARS = (1990, 2018)


def main(mirror: str | None, out: Path) -> str:
    detente.configure(mirror=mirror)
    shares = detente.burden_sharing(3180, years=YEARS).to_pandas()
    usa = shares[shares.ccode == 2].set_index("year")["share"]
    top = shares[shares.ccode != 2].groupby("ccode")["spending"].sum().nlargest(4).index
    plt = pyplot()

    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(usa.index, usa.values, label="United States", linewidth=2.5, color="black")
    for code in top:
        mine = shares[shares.ccode == code].set_index("year")["share"]
        ax.plot(mine.index, mine.values, label=_name(code))
    ax.set(title=f"NATO: share of the members' military spending, {YEARS[0]}-{YEARS[1]}",
           xlabel="year", ylabel="share (SIPRI, constant 2022 US$)")  # fmt: skip
    ax.legend(frameon=False)
    save(fig, out, "nato_burden_sharing")
    first, last = YEARS
    return f"US share of NATO spending: {usa[first]:.0%} in {first}, {usa[last]:.0%} in {last}"


def _name(code: int) -> str:
    """A state's COW abbreviation (from the country-code table)."""
    rows = detente.country_codes(str(code)).to_pylist()
    return next((r["value"] for r in rows if r["scheme"] == "stateabb"), str(code))


if __name__ == "__main__":
    run(main, __doc__)
