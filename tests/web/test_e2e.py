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


def test_country_page_plots_mic_onsets_and_opens_mic_deterrence_cases(page, client) -> None:
    page.goto("/country/365")
    page.wait_for_selector("#chart-mic_onsets[data-rendered]", state="attached", timeout=DRAWN)
    rows = client.get("/api/states/365").json()["rows"]
    plotted = page.evaluate(
        "() => { const t = document.getElementById('chart-mic_onsets').data[0];"
        " return t.y[t.x.indexOf(2014)]; }"
    )
    assert plotted == next(r["mic_onsets"] for r in rows if r["year"] == 2014) == 3
    assert page.get_attribute("#chart-mic_onsets", "data-rendered") == str(
        sum(r["mic_onsets"] is not None for r in rows)
    )
    page.click("a[href='/deterrence?ccode=365&source=mic']")
    page.wait_for_url(lambda url: "/deterrence" in url and "source=mic" in url)
    assert page.input_value("select[name=source]") == "mic"
    count = client.get("/api/deterrence?ccode=365&source=mic").json()["count"]
    assert page.inner_text("#count").startswith(f"{count} cases") and count > 0
    assert "MIC" in page.inner_text("#conflict-source")


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
    assert response.status == 400 and "1816-2018" in page.inner_text("#error")


def test_alerts_page_lists_evidence_and_opens_the_dyad_events(page, client) -> None:
    page.goto("/alerts")
    assert page.locator("#alerts tbody tr").count() == client.get("/api/alerts").json()["count"]
    page.select_option("select[name=kind]", "ladder")
    page.fill("input[name=ccode]", "200")
    page.click("text=Filter")
    page.wait_for_url(lambda url: "ccode=200" in url and "kind=ladder" in url)
    row = page.locator('#alerts tr[data-ccode1="200"][data-ccode2="205"][data-period="2015-02-17"]')
    assert "410412431, 410412432, 410412433" in row.inner_text()
    assert row.locator("a.evidence").first.get_attribute("href").startswith("http")
    row.locator("a.dyad").click()
    page.wait_for_url(lambda url: "/dyad/200/205" in url)
    page.wait_for_selector("#events-ab[data-rendered]", state="attached", timeout=DRAWN)
    assert "2015-02-17" in page.inner_text("#dyad-alerts")


def test_dyad_events_chart_plots_the_timeline(page, client) -> None:
    page.goto("/dyad/2/365")
    page.wait_for_selector("#events-ba[data-rendered]", state="attached", timeout=DRAWN)
    rows = client.get("/api/events/2/365").json()["rows"]
    ba = [r for r in rows if r["direction"] == "b->a"]
    assert page.get_attribute("#events-ba", "data-rendered") == str(len(ba))
    plotted = page.evaluate(
        "() => { const d = document.getElementById('events-ba').data;"
        " const line = d.find(t => t.name === 'coop balance');"
        " const bars = d.filter(t => t.type === 'bar');"
        " return {x: line.x, balance: line.y,"
        " total: line.x.map((_, i) => bars.reduce((s, t) => s + t.y[i], 0))}; }"
    )
    assert plotted["x"] == [r["period"] for r in ba]
    assert plotted["balance"] == pytest.approx([r["coop_balance"] for r in ba], abs=1e-12)
    assert plotted["total"] == pytest.approx([r["events"] for r in ba], abs=1e-9)
    title = page.evaluate("() => document.getElementById('events-ba').layout.title.text")
    assert title == "Russia → United States of America: events per month"
    assert "40 RUS → USA" in page.inner_text("#events-summary")
