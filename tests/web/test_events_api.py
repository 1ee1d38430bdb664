"""Event timelines and alerts over HTTP: values equal ``indicators``/``alerts``, bad input is a 4xx."""

from __future__ import annotations

import datetime as dt
import io
import json

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from detente.events.alerts import alerts
from detente.events.indicators import indicators
from detente.web.events import NO_EVENTS


def dyad_rows(table, a: int, b: int) -> list[dict]:
    """The library's indicator rows of a->b then b->a, with dates as ISO text (as JSON has them)."""
    out = []
    for x, y in ((a, b), (b, a)):
        mine = table.filter(pc.and_(pc.equal(table["ccode1"], x), pc.equal(table["ccode2"], y)))
        out += [{**r, "period": r["period"].isoformat()} for r in mine.sort_by("period").to_pylist()]
    return out


def test_dyad_timeline_equals_the_library(client, wh, event_lake) -> None:
    body = client.get("/api/events/2/365").json()
    rows = body["rows"]
    expected = dyad_rows(indicators(event_lake, unit="month", wh=wh), 2, 365)
    assert len(rows) == len(expected) == 8
    for got, want in zip(rows, expected, strict=True):
        assert got["direction"] == ("a->b" if want["ccode1"] == 2 else "b->a")
        for column, value in want.items():
            if isinstance(value, float):
                assert got[column] == pytest.approx(value, abs=1e-12), column
            else:
                assert got[column] == value, column
    assert body["events"] == {"a->b": 26.0, "b->a": 40.0}
    assert body["b"]["name"] == "Russia" and body["metadata"]["typology_version"] == 2
    assert body["metadata"]["sources"] == ["gdelt-2.0-sample", "gdelt-sample", "icews-sample", "plover"]
    # the dyad's alerts come along: Russia -> USA surges and ladder moves in September 2012
    assert {(a["ccode1"], a["period"][:7]) for a in body["alerts"]} >= {(365, "2012-09")}


def test_uk_ireland_timeline_and_options(client, wh, event_lake) -> None:
    body = client.get("/api/events/200/205").json()
    ab = next(r for r in body["rows"] if r["direction"] == "a->b")
    assert (ab["period"], ab["events"], ab["n_use_of_force"]) == ("2015-02-01", 6.0, 4.0)
    assert ab["coop_balance"] == pytest.approx(-1 / 3)
    days = client.get("/api/events/200/205?unit=day&dedup=url&weight=articles").json()
    want = dyad_rows(indicators(event_lake, unit="day", dedup="url", weight="articles", wh=wh), 200, 205)
    assert [(r["period"], r["events"]) for r in days["rows"]] == [
        (r["period"], r["events"]) for r in want
    ]
    assert days["metadata"]["dedup"] == "url" and days["unit"] == "day"


def test_dyad_timeline_downloads(client) -> None:
    csv = client.get("/api/events/2/365?format=csv")
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.strip().splitlines()
    assert len(lines) == 9 and lines[0].split(",")[-1] == '"direction"'
    parquet = client.get("/api/events/2/365", headers={"Accept": "application/vnd.apache.parquet"})
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.num_rows == 8
    assert json.loads(table.schema.metadata[b"detente"])["unit"] == "month"
    jsonl = client.get("/api/events/2/365?format=jsonl").text.splitlines()
    assert len(jsonl) == 8 and json.loads(jsonl[0])["direction"] == "a->b"


def test_alerts_carry_evidence(client, wh, event_lake) -> None:
    body = client.get("/api/alerts").json()
    assert body["count"] == alerts(event_lake, wh=wh).num_rows == 75
    uk = client.get("/api/alerts?ccode=200,205&years=2015").json()["rows"]
    force = [r for r in uk if (r["ccode1"], r["ccode2"], r["period"]) == (200, 205, "2015-02-17")]
    assert len(force) == 1
    assert force[0]["kind"] == "ladder" and force[0]["rung"] == 3 and force[0]["prev_rung"] == -1
    assert force[0]["event_ids"] == ["410412431", "410412432", "410412433"]
    assert len(force[0]["urls"]) == 1 and force[0]["urls"][0].startswith("http")
    ladder = client.get("/api/alerts?kind=ladder").json()
    intensity = client.get("/api/alerts?kind=intensity").json()
    assert (ladder["count"], intensity["count"]) == (45 + 10, 20)
    assert {r["kind"] for r in intensity["rows"]} == {"intensity"}
    russia = client.get("/api/alerts?ccode=365").json()["rows"]
    assert russia and all(365 in (r["ccode1"], r["ccode2"]) for r in russia)
    first = client.get("/api/alerts?years=2000").json()["rows"]
    assert len(first) == 10 and {r["period"] for r in first} == {str(dt.date(2000, 1, 1))}
    csv = client.get("/api/alerts?kind=intensity&format=csv")
    assert len(csv.text.strip().splitlines()) == 21 and '"event_ids"' in csv.text.splitlines()[0]


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/events/2/2", 400, "two different states"),
        ("/api/events/2/99999", 404, "no state with ccode 99999"),
        ("/api/events/2/365?unit=week", 400, "unknown unit 'week'"),
        ("/api/events/2/365?dedup=all", 400, "unknown dedup 'all'"),
        ("/api/events/2/365?weight=tone", 400, "unknown weight 'tone'"),
        ("/api/events/2/365?format=xml", 400, "format 'xml'"),
        ("/api/events/two/365", 422, "a"),
        ("/api/alerts?kind=surge", 400, "unknown alert kind 'surge'"),
        ("/api/alerts?years=1700", 400, "'1700'"),
        ("/api/alerts?years=2018-2012", 400, "start is after the end"),
        ("/api/alerts?years=soon", 400, "years 'soon'"),
        ("/api/alerts?ccode=xyz", 400, "not a whole number"),
        ("/api/alerts?ccode=9999", 404, "no state with ccode 9999"),
    ],
)
def test_bad_event_input_is_a_clear_4xx(client, url, status, message) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert message in response.json()["detail"]


def test_without_an_event_folder_the_answer_says_how(client, web_app, monkeypatch, tmp_path) -> None:
    svc = web_app.state.service
    monkeypatch.setattr(svc, "events", None)
    for url in ("/api/events/200/205", "/api/alerts"):
        response = client.get(url)
        assert response.status_code == 501 and response.json() == {"detail": NO_EVENTS}
    page = client.get("/alerts")
    assert page.status_code == 501 and "start detente serve with --events DIR" in page.text
    dyad = client.get("/dyad/200/205")
    assert dyad.status_code == 200 and 'id="events-note"' in dyad.text
    assert "start detente serve with --events DIR" in dyad.text
    missing = tmp_path / "no-such-lake"
    monkeypatch.setattr(svc, "events", missing)
    response = client.get("/api/alerts")
    assert response.status_code == 404 and str(missing) in response.json()["detail"]
    assert "does not exist" in response.json()["detail"]
    monkeypatch.setattr(svc, "events", tmp_path)  # exists, nothing ingested
    response = client.get("/api/events/200/205")
    assert response.status_code == 404 and "holds no ingested events" in response.json()["detail"]
    assert str(tmp_path) in response.json()["detail"]


def test_event_pages(client) -> None:
    page = client.get("/alerts?ccode=200&kind=ladder")
    assert page.status_code == 200 and 'href="/alerts"' in page.text
    assert "410412431, 410412432, 410412433" in page.text and 'href="/dyad/200/205#events"' in page.text
    dyad = client.get("/dyad/200/205")
    assert 'id="events-ab"' in dyad.text and 'id="events-data"' in dyad.text
    bad = client.get("/alerts?kind=surge")
    assert bad.status_code == 400 and "unknown alert kind &#39;surge&#39;" in bad.text
    assert client.get("/dyad/200/205?unit=week").status_code == 400


def test_openapi_documents_the_event_endpoints(client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    events = paths["/api/events/{a}/{b}"]["get"]
    assert {p["name"] for p in events["parameters"]} >= {"a", "b", "unit", "dedup", "weight", "format"}
    assert {p["name"] for p in paths["/api/alerts"]["get"]["parameters"]} >= {"ccode", "kind", "years"}
