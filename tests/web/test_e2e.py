"""The dashboard in headless Debian Chromium: map, timelines, dyad, network, errors, real values."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

DRAWN = 30_000  # ms to wait for a chart


def test_map_colours_countries_with_real_values(page, client) -> None:
    page.goto("/?measure=cinc&year=1950")
    page.wait_for_selector("#map[data-rendered]", state="attached", timeout=DRAWN)
    assert int(page.get_attribute("#map", "data-rendered")) >= 70
    assert page.locator("#map path.choroplethlocation").count() > 150
    usa = next(
        v for v in client.get("/api/map?measure=cinc&year=1950").json()["values"] if v["code"] == 2
    )
    plotted = page.evaluate(
        "() => { const t = document.getElementById('map').data[1];"
        " return t.z[t.customdata.indexOf(2)]; }"
    )
    assert plotted == pytest.approx(usa["value"], abs=1e-12)
    first = page.locator("#top-values tbody tr").first
    assert "United States of America" in first.inner_text()
    assert first.locator("td").nth(2).inner_text() == f"{usa['value']:.4g}"


def test_country_timeline_plots_the_profile(page, client) -> None:
    page.goto("/country/2?measure=cinc,milex")
    page.wait_for_selector("#chart-milex[data-rendered]", state="attached", timeout=DRAWN)
    assert page.locator("#chart-cinc .scatterlayer .trace").count() == 1
    rows = client.get("/api/states/2").json()["rows"]
    cinc_1950 = next(r["cinc"] for r in rows if r["year"] == 1950)
    plotted = page.evaluate(
        "() => { const t = document.getElementById('chart-cinc').data[0];"
        " return t.y[t.x.indexOf(1950)]; }"
    )
    assert plotted == pytest.approx(cinc_1950, abs=1e-12)
    assert page.get_attribute("#chart-cinc", "data-rendered") == str(
        sum(r["cinc"] is not None for r in rows)
    )
    assert "United States of America" in page.inner_text("#state-name")


def test_dyad_page_lists_india_pakistan_crises_and_how_they_ended(page) -> None:
    page.goto("/country/750")
    page.select_option("select[name=b]", "770")
    page.click("text=Open dyad")
    page.wait_for_url("**/dyad/750/770")
    page.wait_for_selector("#chart-gmlmidongoing[data-rendered]", state="attached", timeout=DRAWN)
    crises = page.inner_text("#dyad-crises")
    assert "1999" in crises and "KARGIL" in crises.upper()
    assert "1999" in page.inner_text("#dyad-mids")


def test_network_then_nato_members_spending_by_clicking(page) -> None:
    page.goto("/network/1990")
    page.wait_for_selector("#network[data-rendered]", state="attached", timeout=DRAWN)
    nodes = page.evaluate("() => document.getElementById('network').data[2].x.length")
    assert nodes == int(page.get_attribute("#network", "data-rendered")) > 150
    page.select_option("select[name=alliance]", "3180")
    page.click("#network-form button")
    page.wait_for_selector("#chosen", timeout=DRAWN)
    assert "United States of America" in page.inner_text("main")
    page.click("text=compare members' military spending since 1990")
    page.wait_for_selector("#compare[data-rendered]", state="attached", timeout=DRAWN)
    traces = page.evaluate("() => document.getElementById('compare').data.map(t => t.name)")
    assert "United States of America" in traces and len(traces) >= 16


def test_bad_input_shows_an_error_message(page) -> None:
    response = page.goto("/country/9999")
    assert response.status == 404
    assert "no state with ccode 9999" in page.inner_text("#error")
    response = page.goto("/?measure=nonsense&year=1950")
    assert response.status == 400
    assert "unknown measure 'nonsense'" in page.inner_text("#error")
    response = page.goto("/network/1700")
    assert response.status == 400 and "1816-2016" in page.inner_text("#error")
