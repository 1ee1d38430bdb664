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
