"""Print the defence-diplomacy sensitivity table for one year (docs/defence_diplomacy.md).

python scripts/defence_diplomacy_sensitivity.py --year 2005 --mirror ../shared/data
"""

from __future__ import annotations

import argparse

import detente
from detente.measures.defence_diplomacy import leave_one_out
from detente.steps.defence_diplomacy import COMPONENTS, WEIGHTS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2005)
    parser.add_argument("--mirror", default=None)
    args = parser.parse_args()
    detente.configure(mirror=args.mirror)
    panel = detente.dyad_years(years=(args.year, args.year)).add_defence_diplomacy()
    frame = panel.to_pandas()
    comps = frame[[f"dd_{c}" for c in COMPONENTS]].astype(float).rename(columns=lambda c: c[3:])
    table = leave_one_out(comps, WEIGHTS)
    print(f"{args.year}: {len(frame):,} directed dyad-years")
    print("| left out | Spearman with the full index | top 100 kept | rows |")
    print("|---|---|---|---|")
    for r in table.itertuples():
        print(f"| {r.left_out} | {r.spearman:.3f} | {r.top100_kept:.2f} | {r.rows:,} |")
    print("\ncoverage | dyad-years")
    for value, n in frame.dd_coverage.round(3).value_counts().sort_index().items():
        print(f"{value} | {n:,}")
    top = frame.sort_values("dd_index", ascending=False).head(10)
    print("\nhighest dd_index:")
    for r in top.itertuples():
        print(
            f"{r.ccode1} -> {r.ccode2}: index {r.dd_index:.3f}, core {r.dd_core:.3f}, "
            f"coverage {r.dd_coverage:.3f}"
        )


if __name__ == "__main__":
    main()
