"""Screenshots of every dashboard page (docs/screenshots/*.png) from headless Debian Chromium.

Usage: python scripts/screenshots.py [--mirror ../shared/data] [--out docs/screenshots] [--events DIR]
Starts the dashboard on loopback, opens each page with Playwright driving /usr/bin/chromium, waits
for its chart to draw and saves a small PNG. The alerts page needs an event folder: ``--events``
names one, else the mirror's four event samples are ingested into a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: name -> (path, selector that appears once the page has drawn)
PAGES = {
    "map": ("/?measure=cinc&year=1950", "#map[data-rendered]"),
    "country": (
        "/country/750?measure=milex,cinc,gmlmid_onsets,mic_onsets",
        "#timelines .chart[data-rendered]",
    ),
    "dyad": ("/dyad/750/770", "#timelines .chart[data-rendered]"),
    "network": ("/network/1990?alliance=3180", "#network[data-rendered]"),
    "compare": (
        "/compare?ccode=2,20,200,220,255,325,210,211,212,230,235,350,385,390,395,640&measure=milex&years=1990-2016",
        "#compare[data-rendered]",
    ),
    "crises": ("/crises?ccode=750,770", "#crises"),
    "deterrence": ("/deterrence?ccode=750", "#deterrence"),
    "sources": ("/sources", "#sources"),
    "alerts": ("/alerts?years=2015", "#alerts"),
    "error": ("/country/9999", "#error"),
}


def sample_events(mirror: Path) -> Path:
    """The mirror's GDELT 1.0/2.0, ICEWS and PLOVER samples ingested into a temporary folder."""
    import tempfile

    from detente.events.ingest import SOURCE_EVENT_FILES, ingest

    lake = Path(tempfile.mkdtemp(prefix="detente-screenshots-"))
    for what in SOURCE_EVENT_FILES:
        ingest(what, lake, mirror=mirror)
    return lake


def main() -> int:
    """Start the server, visit every page, write the PNGs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mirror", default=os.environ.get("DETENTE_MIRROR", ROOT.parent / "shared" / "data")
    )
    parser.add_argument("--out", default=ROOT / "docs" / "screenshots", type=Path)
    parser.add_argument("--events", type=Path, help="an ingest folder (default: the mirror's samples)")
    parser.add_argument("--width", type=int, default=1000)
    parser.add_argument("--height", type=int, default=700)
    opts = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from detente.web.server import launch_chromium, running, warm_app

    events = opts.events or sample_events(Path(opts.mirror))
    app = warm_app(Path(opts.mirror), events=events)
    opts.out.mkdir(parents=True, exist_ok=True)
    with running(app) as base, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": opts.width, "height": opts.height})
        for name, (path, ready) in PAGES.items():
            page.goto(base + path)
            page.wait_for_selector(ready, state="attached", timeout=30_000)
            out = opts.out / f"{name}.png"
            page.screenshot(path=str(out))
            print(f"{out} ({out.stat().st_size // 1024} KiB)")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
