"""State and dyad profiles take ``extend_to`` and ``versions`` as /api/panel and the library do.

Values are the publishers' own: the United States' primary energy consumption (pec) in 2016 is
3,320,843 in NMC-70-abridged.csv and 3,293,117 in NMC-60-abridged.csv; its 2020 military
expenditure is 774,527,000 in NMC 7.0 (NMC 6.0 ends in 2016, COW 2016's list in 2016).
"""

from __future__ import annotations

import pytest

import detente


def by_year(profile: dict) -> dict[int, dict]:
    return {r["year"]: r for r in profile["rows"]}


def test_state_profile_is_extended_when_asked(client) -> None:
    listed = client.get("/api/states/2?system=cow2016").json()
    assert max(by_year(listed)) == 2016 and listed["extend_to"] is None
    got = client.get("/api/states/2?system=cow2016&extend_to=2024")
    assert got.status_code == 200, got.text
    extended = got.json()
    years = by_year(extended)
    assert sorted(years) == list(range(1816, 2025)) and extended["extend_to"] == 2024
    assert years[2020]["milex"] == 774_527_000  # NMC 7.0, the default version
    assert years[2024]["milex"] is None  # NMC 7.0 ends in 2022: null, never 0
    # the table formats take them too
    csv = client.get("/api/states/2?system=cow2016&extend_to=2024&format=csv").text
    assert csv.count("\n") == 1 + 209


def test_state_profile_pins_a_source_version(client) -> None:
    default = by_year(client.get("/api/states/2").json())
    assert (default[2016]["pec"], default[2017]["milex"]) == (3_320_843, 602_783_000)
    got = client.get("/api/states/2?versions=nmc=6.0")
    assert got.status_code == 200, got.text
    pinned = got.json()
    rows = by_year(pinned)
    assert rows[2016]["pec"] == 3_293_117 and rows[2017]["milex"] is None  # NMC 6.0 ends in 2016
    assert sorted(rows) == sorted(default)  # the same state-years: a version pins values only
    assert pinned["versions"]["nmc"] == "6.0"
    ids = {s["id"] for s in pinned["sources"]}
    assert "cow-nmc-6.0" in ids and "cow-nmc-7.0" not in ids
    # the default profile is untouched by the pinned one
    assert by_year(client.get("/api/states/2").json())[2016]["pec"] == 3_320_843


def test_dyad_profile_is_extended_and_pinned_when_asked(client, wh) -> None:
    got = client.get("/api/dyads/2/200?system=cow2016&extend_to=2024&versions=nmc=6.0")
    assert got.status_code == 200, got.text
    profile = got.json()
    rows = by_year(profile)
    assert sorted(rows) == list(range(1816, 2025))  # USA -> UK: both members throughout
    assert (profile["extend_to"], profile["versions"]["nmc"]) == (2024, "6.0")
    assert rows[2016]["pec1"] == 3_293_117 and rows[2020]["pec1"] is None
    # the same values as the library's panel with the same parameters
    lib = detente.dyad_years("cow2016", extend_to=2024, versions={"nmc": "6.0"}, years=(2014, 2024))
    lib = lib.add_capabilities().to_pandas().query("ccode1 == 2 and ccode2 == 200")
    assert len(lib) == 11  # 2014-2024: the loop below checks every year
    for r in lib.itertuples():
        assert rows[r.year]["cinc1"] == (None if r.cinc1 != r.cinc1 else pytest.approx(r.cinc1))


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/states/2?versions=nmc=9.9", 400, ["nmc", "9.9"]),
        ("/api/states/2?versions=nmx=6.0", 400, ["nmx"]),
        ("/api/states/2?versions=nmc", 400, ["FAMILY=VERSION"]),
        ("/api/states/2?system=cow2016&extend_to=1990", 400, ["extend_to 1990"]),
        ("/api/states/2?extend_to=soon", 422, ["extend_to"]),
        ("/api/states/2?extend_to=2024&format=csv&versions=nmc=9.9", 400, ["9.9"]),
        ("/api/dyads/2/200?versions=nmc=9.9", 400, ["nmc", "9.9"]),
        ("/api/dyads/2/200?system=cow2016&extend_to=1990", 400, ["extend_to 1990"]),
        ("/api/dyads/2/200?versions=nmc", 400, ["FAMILY=VERSION"]),
    ],
)
def test_bad_profile_options_are_one_line_client_errors(client, url: str, status: int, words) -> None:
    got = client.get(url)
    assert got.status_code == status, got.text
    detail = got.json()["detail"]
    assert "\n" not in detail and "Traceback" not in detail
    assert all(w in detail for w in words), detail
