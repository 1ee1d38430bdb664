"""The HTTP API on the real mirror: values equal the library's, downloads parse, bad input is a 4xx."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import detente
from detente.steps import STEPS


def test_state_profile_equals_the_panel(client, wh) -> None:
    body = client.get("/api/states/2").json()
    row = next(r for r in body["rows"] if r["year"] == 1950)
    panel = detente.state_years(years=(1950, 1950), warehouse=wh).add_capabilities().to_pandas()
    assert row["cinc"] == pytest.approx(float(panel.set_index("ccode").loc[2, "cinc"]), abs=1e-12)
    assert row["cinc"] == pytest.approx(0.2844, abs=1e-4)
    assert body["name"] == "United States of America" and body["first_year"] == 1816
    assert len(body["rows"]) == 209  # 1816-2024: the web serves the default system, COW 2024


def test_state_profile_has_every_state_year_step(client) -> None:
    body = client.get("/api/states/750").json()
    state_steps = {n for n, s in STEPS.items() if "state-year" in s.units}
    assert set(body["steps"]) | set(body["skipped_steps"]) == state_steps
    assert {"capabilities", "alliances", "mids", "wars"} <= set(body["steps"])
    assert {"milex", "cinc", "atop_number", "gmlmidongoing", "cowinterongoing"} <= set(body["columns"])
    assert "crises" in body["steps"] and "icb_crises" in body["columns"]  # ICB 15 is in the mirror
    assert {s["id"] for s in body["sources"]} >= {"cow-nmc-7.0", "atop-5.1"}


def test_state_profile_downloads(client) -> None:
    csv = client.get("/api/states/2?format=csv")
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.strip().splitlines()
    assert len(lines) == 210 and '"year"' in lines[0]
    parquet = client.get("/api/states/2", headers={"Accept": "application/vnd.apache.parquet"})
    assert pq.read_table(io.BytesIO(parquet.content)).num_rows == 209


def test_india_pakistan_dyad_profile(client, wh) -> None:
    body = client.get("/api/dyads/750/770").json()
    years = {r["year"]: r for r in body["rows"]}
    assert min(years) == 1947 and max(years) == 2024
    assert years[1999]["gmlmidongoing"] == 1
    assert years[1965]["cowinterongoing"] == 1 and years[1971]["cowinterongoing"] == 1
    assert years[1999]["icb_crisis"] == 1
    full = detente.dyad_years(years=(1999, 1999), warehouse=wh).add_mids().add_capabilities().to_pandas()
    ref = full[(full.ccode1 == 750) & (full.ccode2 == 770)].iloc[0]
    assert years[1999]["dispnum"] == int(ref.dispnum)
    assert years[1999]["cinc1"] == pytest.approx(float(ref.cinc1), abs=1e-12)
    kargil = [c for c in body["crises"] if c["start"].startswith("1999")]
    assert kargil, body["crises"]
    assert all(c["outcome_form_label"] for c in body["crises"])
    assert len(body["crises"]) >= 10


def test_panel_streams_csv_jsonl_parquet_arrow(client) -> None:
    url = "/api/panel?unit=state-years&years=2000&steps=capabilities,alliances:obligations=defense"
    csv = client.get(url + "&format=csv")
    assert csv.status_code == 200, csv.text
    lines = csv.text.strip().splitlines()
    assert len(lines) == 192  # 191 COW states in 2000, plus the header
    assert lines[0].split(",")[-1] == '"atop_defense"'
    jsonl = client.get(url, headers={"Accept": "application/x-ndjson"})
    rows = [json.loads(line) for line in jsonl.text.splitlines()]
    assert len(rows) == 191 and {"cinc", "atop_defense"} <= set(rows[0])
    parquet = client.get(url + "&format=parquet")
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.num_rows == 191
    meta = json.loads(table.schema.metadata[b"detente"])
    assert meta["steps"][2] == {"step": "alliances", "obligations": ["defense"]}
    arrow = client.get(url, headers={"Accept": "application/vnd.apache.arrow.stream"})
    assert arrow.headers["content-type"] == "application/vnd.apache.arrow.stream"
    streamed = pa.ipc.open_stream(arrow.content).read_all()
    assert streamed.equals(table.replace_schema_metadata(streamed.schema.metadata))
    assert json.loads(streamed.schema.metadata[b"detente"]) == meta
    dyads = client.get("/api/panel?unit=dyad-years&years=2016&directed=false&format=json")
    assert len(dyads.json()) == 37830 // 2


def test_map_values(client) -> None:
    body = client.get("/api/map?measure=cinc&year=1950").json()
    usa = next(v for v in body["values"] if v["code"] == 2)
    profile = client.get("/api/states/2").json()
    assert usa["value"] == next(r["cinc"] for r in profile["rows"] if r["year"] == 1950)
    assert usa["iso_n3"] == "840" and body["states"] == 75


def test_alliance_network(client) -> None:
    body = client.get("/api/network/1990").json()
    nato = next(a for a in body["alliances"] if a["atopid"] == 3180)
    assert {2, 20, 200, 255, 220} <= set(nato["members"])
    pairs = {(e["source"], e["target"]) for e in body["edges"]}
    assert (2, 200) in pairs
    assert len(body["nodes"]) == len({n["ccode"] for n in body["nodes"]})


def test_network_edges_come_from_the_library(client, wh) -> None:
    body = client.get("/api/network/1990?obligation=defense").json()
    edges = {(min(e["source"], e["target"]), max(e["source"], e["target"])) for e in body["edges"]}
    panel = detente.dyad_years(years=(1990, 1990), directed=False, warehouse=wh)
    allied = panel.add_alliances(obligations=["defense"]).to_pandas().query("atop_defense == 1")
    pairs = set(zip(allied.ccode1.astype(int), allied.ccode2.astype(int), strict=True))
    library = getattr(detente, "alliance_network", None)
    if library is None:  # the fallback: exactly the allied dyads of the panel
        assert edges == pairs
        return
    graph = library(1990, "defense", warehouse=wh).graph
    assert edges == {(min(a, b), max(a, b)) for a, b in graph.edges}
    # the library also links states that left and entered the system that year (255-260)
    assert pairs <= edges and len(edges - pairs) < 10


def test_crises_and_deterrence_filters(client) -> None:
    crises = client.get("/api/crises?actor=750&actor=770").json()
    assert crises["count"] == 15  # every India-Pakistan ICB crisis (the crises step keeps 12 dyad-years)
    assert crises["parameters"] == {"actor": [750, 770]}
    assert any(r["start"].startswith("1999") for r in crises["rows"])
    cuba = client.get("/api/crises?crisno=196").json()
    assert [r["crisname"] for r in cuba["rows"]] == ["CUBAN MISSILES"]
    agreed = client.get("/api/crises?actor=750,770&outcome=agreement").json()
    assert 0 < agreed["count"] < crises["count"]
    assert {r["outcome_kind"] for r in agreed["rows"]} == {"agreement"}
    cases = client.get("/api/deterrence?ccode=2&years=1990-2000").json()
    assert cases["count"] > 0
    assert all(2 in (r["challenger_ccode"], r["target_ccode"], r["ally_ccode"]) for r in cases["rows"])
    assert all(r["start"][:4] in {str(y) for y in range(1990, 2001)} for r in cases["rows"])
    csv = client.get("/api/deterrence?ccode=2&years=1990-2000&format=csv")
    assert len(csv.text.strip().splitlines()) == cases["count"] + 1


def test_sources_and_cite(client) -> None:
    sources = client.get("/api/sources").json()["sources"]
    assert {"atop-5.1", "cow-nmc-6.0", "icb-15"} <= {s["id"] for s in sources}
    bib = client.get("/api/cite?source=atop-5.1")
    assert bib.status_code == 200 and "@article{leeds_et_al_2002," in bib.text
    assert client.get("/api/openapi.json").json()["paths"]["/api/panel"]


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/states/9999", 404, "no state with ccode 9999"),
        ("/api/states/abc", 422, "ccode"),
        ("/api/states/2?format=xml", 400, "format 'xml'"),
        ("/api/dyads/2/2", 400, "two different states"),
        ("/api/dyads/2/99999", 404, "no state with ccode 99999"),
        ("/api/dyads/300/316", 404, "never in the"),  # Austria-Hungary (to 1918), Czech Republic (1993-)
        ("/api/panel?steps=alliance", 400, "unknown step 'alliance'"),
        ("/api/panel?years=2000-1990", 400, "start is after the end"),
        ("/api/panel?years=1700", 400, "outside"),
        ("/api/panel?unit=country-years", 400, "unknown panel unit"),
        ("/api/panel?system=cowgw", 400, "unknown state system"),
        ("/api/panel?steps=alliances:treaty=1", 400, "no parameter"),
        ("/api/map?measure=cincc", 400, "unknown measure 'cincc'"),
        ("/api/map?year=1700", 400, "outside"),
        ("/api/network/1700", 400, "1816-2018"),
        ("/api/network/1990?obligation=friendship", 400, "unknown"),
        ("/api/crises?years=1800", 400, "outside"),
        ("/api/crises?outcome=victory-ish", 400, "unknown outcome"),
        ("/api/crises?actor=xyz", 400, "not a whole number"),
        ("/api/crises?ccode=750", 400, "has no parameter(s) ['ccode']"),
        ("/api/codes", 400, "needs parameter(s) ['query']"),
        ("/api/codes?query=Narnia", 400, "no COW state is known as 'Narnia'"),
        ("/api/deterrence?min_hostility=9", 400, "hostility"),
        ("/api/cite?source=atop-9", 404, "unknown source 'atop-9'"),
    ],
)
def test_bad_input_is_a_clear_4xx(client, url, status, message) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert message in response.json()["detail"]


def test_pages_are_server_rendered(client) -> None:
    home = client.get("/?measure=cinc&year=1950")
    assert home.status_code == 200 and "cinc in 1950" in home.text
    assert "United States of America" in home.text
    missing = client.get("/country/9999")
    assert missing.status_code == 404 and "no state with ccode 9999" in missing.text
    assert client.get("/static/vendor/plotly.min.js").status_code == 200


def test_panel_extends_and_pins_versions(client) -> None:
    url = "/api/panel?unit=state-years&system=gw&years=2020&extend_to=2024&versions=nmc=6.0"
    table = pq.read_table(io.BytesIO(client.get(url + "&steps=capabilities&format=parquet").content))
    meta = json.loads(table.schema.metadata[b"detente"])
    assert (meta["extend_to"], meta["versions"]) == (2024, {"nmc": "6.0"})
    assert table.num_rows == 174  # the G&W states of 2017, carried forward
    assert table["cinc"].null_count == 174  # NMC 6.0 ends in 2016
    bad = client.get("/api/panel?unit=state-years&versions=nmc")
    assert bad.status_code == 400 and "FAMILY=VERSION" in bad.text


@pytest.mark.parametrize("bad", ["nmc", "=6.0", "nmc=6.0,nmc=7.0"])
def test_cli_and_api_refuse_a_bad_version_pin_with_the_same_line(bad, client, mirror, cache) -> None:
    """``--source-version`` and ``versions`` share one parser (detente.params.parse_versions)."""
    answer = client.get("/api/panel", params={"unit": "state-years", "versions": bad})
    assert answer.status_code == 400
    message = answer.json()["detail"]
    assert message.startswith("source version ") and "\n" not in message
    env = {**os.environ, "DETENTE_CACHE": str(cache), "DETENTE_MIRROR": str(mirror), "COLUMNS": "200"}
    args = ["panel", "state-years", "--source-version", bad, "--out", "x.parquet"]
    done = subprocess.run(
        [sys.executable, "-m", "detente", *args], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 1 and done.stderr.strip() == f"error: {message}", done.stderr
