"""Cold pages build only what they show; the API's full dyad profiles leave the service lock free."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from detente.web.cache import to_json
from detente.web.dyads import PAGE_STEPS, dyad_steps
from detente.web.pages import DYAD_TIMELINES

TEMPLATE = Path(__file__).resolve().parents[2] / "src" / "detente" / "web" / "templates" / "dyad.html"


def page_data(html: str) -> dict:
    """The JSON a page embeds for its charts."""
    text = re.search(r'<script id="page-data" type="application/json">(.*?)</script>', html, re.S)
    assert text, "no page data"
    return json.loads(text.group(1))


def test_dyad_page_builds_only_the_steps_it_shows_with_the_full_profiles_values(client, web_app) -> None:
    html = client.get("/dyad/710/713").text  # China -> Taiwan
    svc = web_app.state.service
    page = svc.dyad(710, 713, steps=PAGE_STEPS)
    assert page["steps"] == sorted(PAGE_STEPS)
    assert not {"similarity", "expected_utility"} & set(page["steps"])
    full = client.get("/api/dyads/710/713").json()
    assert full["steps"] == dyad_steps()  # the API keeps every dyad-year step
    # every dyad-year column the page draws or tabulates is in the page's profile ...
    fields = set(re.findall(r"\br\.(\w+)", TEMPLATE.read_text())) - {"period", "ccode1", "ccode2"}
    fields -= {"prev_rung", "rung", "kind", "value", "event_ids", "urls"}  # event alerts' rows
    used = fields | set(DYAD_TIMELINES)
    assert used <= set(page["columns"]), used - set(page["columns"])
    # ... with the full profile's values, year by year
    cols = page["columns"]
    shown = json.loads(to_json({k: page[k] for k in ("rows", "crises", "confrontations")}))
    assert [{c: r[c] for c in cols} for r in full["rows"]] == shown["rows"]
    assert (shown["crises"], shown["confrontations"]) == (full["crises"], full["confrontations"])
    # the page reads as before: the same charts, and the steps of the CSV/JSON profile named
    data = page_data(html)
    assert data["rows"] == shown["rows"] and data["steps"] == full["steps"]
    assert f"Steps: {', '.join(full['steps'])}." in html
    assert all(f'data-measure="{m}"' in html for m in DYAD_TIMELINES)


def test_full_dyad_profile_is_composed_without_the_service_lock(web_app, held_dyad) -> None:
    """While a full profile prepares its all-dyad tables, the lock and cold pages stay free."""
    svc = web_app.state.service

    def full_profile(self, wh, system, a, b, only, **options) -> bool:  # held as a long build is
        if only is None:
            assert wh.con is not self.wh.con  # on a cursor of its own
        return only is None

    with held_dyad("_compose", 230, 235, when=full_profile) as free:  # Spain -> Portugal: cold
        page = svc.dyad(235, 230, steps=PAGE_STEPS)  # a cold page meanwhile
    assert free and page["rows"]
    assert svc.dyad(230, 235)["steps"] == dyad_steps()


def test_full_profiles_are_prepared_in_the_background(web_app) -> None:
    svc = web_app.state.service
    thread = svc.prepare_in_background(20, 155)  # Canada -> Chile
    assert thread.daemon
    thread.join(600)
    assert svc.dyad_cache.get(("dyad", "cow", 20, 155)) is not None


def test_cold_page_does_not_wait_for_a_table_being_computed(client, web_app) -> None:
    """A table the background build computes (``Warehouse.stored``) leaves the warehouse free:
    a cold page, which reads and derives other tables, is answered meanwhile."""
    wh = web_app.state.service.wh
    entered, release = threading.Event(), threading.Event()

    def slow():  # noqa: ANN202  (as the all-dyad similarity table takes seconds)
        entered.set()
        release.wait(30)  # (a warehouse lock held meanwhile would hold the page this long)
        return "SELECT 1 AS x"

    worker = threading.Thread(target=wh.stored, args=("_slow_background_table", slow))
    worker.start()
    try:
        assert entered.wait(60)
        page = client.get("/dyad/290/316")  # Poland -> Czech Republic: a cold page
        held = worker.is_alive()
    finally:
        release.set()
        worker.join(120)
    assert page.status_code == 200 and held
