"""Event alerts for a dyad: the United States and Russia in September 2012 (GDELT 1.0 sample).

Ingests the mirror's GDELT 1.0 sample (a thinned September 2012) into a folder (``detente
events ingest``), builds daily directed dyad indicators (``detente.events.indicators``) and
escalation alerts (``detente.events.alerts``: conflict surges over a 7-day baseline and moves up
the military-diplomacy ladder), then draws the dyad's daily events both ways with its alerts.

    python examples/dyad_event_alerts.py --mirror ../shared/data --out figures/
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import detente
from detente.events.alerts import alerts
from detente.events.indicators import indicators
from detente.events.ingest import ingest

from _common import pyplot, run, save

DYAD = (2, 365)  # United States, Russia


def main(mirror: str | None, out: Path) -> str:
    detente.configure(mirror=mirror)
    lake = Path(tempfile.mkdtemp(prefix="detente-events-"))
    ingest("gdelt-sample", lake, mirror=mirror)
    daily = indicators(lake, unit="day").to_pandas()
    found = alerts(lake).to_pandas()
    a, b = DYAD
    pair = found[found.ccode1.isin(DYAD) & found.ccode2.isin(DYAD)]
    plt = pyplot()

    fig, ax = plt.subplots(figsize=(9, 4))
    for (c1, c2), label in (((a, b), "USA -> Russia"), ((b, a), "Russia -> USA")):
        mine = daily[(daily.ccode1 == c1) & (daily.ccode2 == c2)].sort_values("period")
        ax.plot(mine.period, mine.events, marker=".", label=label)
    for _, alert in pair.iterrows():
        ax.axvline(alert.period, color="red", alpha=0.5)
        ax.annotate(alert.kind, (alert.period, ax.get_ylim()[1]), rotation=90, va="top",
                    fontsize=7, color="red")  # fmt: skip
    ax.set(title="USA-Russia events per day (GDELT 1.0 sample, September 2012) and alerts",
           ylabel="events")  # fmt: skip
    ax.legend(frameon=False)
    fig.autofmt_xdate()
    save(fig, out, "dyad_event_alerts")
    kinds = pair.kind.value_counts().to_dict()
    return f"{len(pair)} USA-Russia alerts ({kinds}) among {len(found)} alerts in the sample"


if __name__ == "__main__":
    run(main, __doc__)
