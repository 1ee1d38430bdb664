"""The MIC confrontation endpoint and the dyad page's confrontation table."""

from __future__ import annotations


def test_confrontations_endpoint(client) -> None:
    got = client.get("/api/confrontation-escalation?ccode=365,369&years=2014").json()
    assert {r["micnum"] for r in got["rows"]} == {4682, 4683}
    dyads = client.get("/api/confrontation-escalation?ccode=365&ccode=369&by=dyad&years=2014").json()
    assert {(r["micnum"], r["ccode1"], r["ccode2"]) for r in dyads["rows"]} == {
        (4682, 365, 369),
        (4683, 365, 369),
    }
    csv = client.get("/api/confrontation-escalation?years=2014&format=csv")
    assert len(csv.text.strip().splitlines()) == 26  # header + 25 confrontations starting in 2014
    assert client.get("/api/confrontation-escalation?by=state").status_code == 400
    assert client.get("/api/confrontation-escalation?years=1700").status_code == 400


def test_dyad_profile_and_page_list_confrontations(client) -> None:
    profile = client.get("/api/dyads/365/369").json()
    assert {c["micnum"] for c in profile["confrontations"]} >= {4682, 4683}
    assert "micongoing" in profile["columns"]
    page = client.get("/dyad/365/369")
    assert page.status_code == 200 and 'id="dyad-confrontations"' in page.text and "4682" in page.text


def test_deterrence_cases_from_mic(client) -> None:
    got = client.get("/api/deterrence?source=mic&years=2014&min_hostility=4").json()
    assert got["parameters"]["source"] == "mic" and got["count"] > 0
    assert all(r["challenger_backed_down"] is None for r in got["rows"])
    assert client.get("/api/deterrence?source=icb").status_code == 400


def test_panel_endpoint_streams_the_step(client) -> None:
    got = client.get("/api/panel?unit=state-years&years=2014&steps=confrontations&format=json").json()
    rows = (
        {r["ccode"]: r for r in got["rows"]} if isinstance(got, dict) else {r["ccode"]: r for r in got}
    )
    assert (rows[365]["micongoing"], rows[365]["mic_n"], rows[365]["mic_events_by"]) == (1, 7, 30)


def test_country_page_offers_mic_beside_gml_mids(client) -> None:
    # the default timelines draw MIC onsets beside GML MID onsets, from the same profile rows
    page = client.get("/country/365")
    assert page.status_code == 200
    assert 'data-measure="gmlmid_onsets"' in page.text and 'data-measure="mic_onsets"' in page.text
    rows = {r["year"]: r for r in client.get("/api/states/365").json()["rows"]}
    # Russia 2014: in 7 confrontations, 3 of them new (the panel endpoint's test reads the same)
    assert (rows[2014]["mic_n"], rows[2014]["mic_onsets"]) == (7, 3)
    assert rows[2015]["mic_onsets"] is None  # MIE 1.0 ends in 2014
    # and its deterrence cases from either conflict source
    assert 'href="/deterrence?ccode=365"' in page.text
    assert 'href="/deterrence?ccode=365&amp;source=mic"' in page.text


def test_deterrence_page_takes_the_conflict_source(client) -> None:
    query = "ccode=2&years=1990-2000&min_hostility=4"
    for source, header in (("mic", "<th>confrontation</th>"), ("mid", "<th>dispute</th>")):
        api = client.get(f"/api/deterrence?{query}&source={source}").json()
        page = client.get(f"/deterrence?{query}&source={source}")
        assert page.status_code == 200 and header in page.text
        assert f'id="count">{api["count"]} cases' in page.text
        assert f'<option value="{source}" selected>' in page.text
        assert f"source={source}&format=csv" in page.text
    mic = client.get(f"/api/deterrence?{query}&source=mic").json()["rows"]
    assert {r["dispnum"] for r in mic} <= set(range(1, 5000)) and mic  # micnums, not MID numbers
    bad = client.get("/deterrence?source=icb")
    assert bad.status_code == 400 and "choose from mid, mic" in bad.text
