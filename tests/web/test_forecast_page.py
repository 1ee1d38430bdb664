"""The forecast page and endpoint read a report written by `detente forecast`."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from detente.models.forecast import forecast, write_report


@pytest.fixture(scope="module")
def report_json(wh, tmp_path_factory):
    run = forecast("gmlmid", years=(1995, 2011), first_test=2006, horizon=5, n_boot=10, warehouse=wh)
    _, js = write_report(run.report, tmp_path_factory.mktemp("forecast") / "r.html")
    return js, run.report


def test_forecast_page_ranks_dyads_and_shows_scores(web_app, report_json, monkeypatch):
    js, report = report_json
    monkeypatch.setenv("DETENTE_FORECAST", str(js))
    with TestClient(web_app) as c:
        page = c.get("/forecast")
        assert page.status_code == 200
        first = report["top"]["rows"][0]
        assert f'href="/dyad/{first["ccode1"]}/{first["ccode2"]}"' in page.text
        assert "Positives are rare" in page.text and "peace-years baseline on AUPR" in page.text
        for name in ("base_rate", "peace_years", "previous_year", "capability_ratio", "gbm", "logit"):
            assert f"<td>{name}</td>" in page.text
        api = c.get("/api/forecast").json()
        assert api["pooled"]["n"] == report["pooled"]["n"]


def test_without_a_report_the_page_says_what_to_do(web_app, monkeypatch):
    monkeypatch.delenv("DETENTE_FORECAST", raising=False)
    with TestClient(web_app) as c:
        r = c.get("/api/forecast")
        assert r.status_code == 404 and "detente forecast" in r.json()["detail"]
        assert c.get("/forecast").status_code == 404
