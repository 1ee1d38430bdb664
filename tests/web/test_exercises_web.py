"""Exercises, visits and the defence-diplomacy index on the dyad and country pages, map and API."""

from __future__ import annotations

import io

import pyarrow.csv as pv

import detente


def test_dyad_profile_has_exercises_visits_and_the_index(client, wh) -> None:
    body = client.get("/api/dyads/2/800").json()
    assert {"exercises", "visits", "defence_diplomacy"} <= set(body["steps"])
    y2010 = next(r for r in body["rows"] if r["year"] == 2010)
    assert (y2010["mme_exercises"], y2010["mme_largest_name"]) == (5, "Angkor Sentinel 2010")
    ref = detente.dyad_years(years=(2010, 2010), warehouse=wh).add_defence_diplomacy().to_pandas()
    ref = ref[(ref.ccode1 == 2) & (ref.ccode2 == 800)].iloc[0]
    assert y2010["dd_index"] == float(ref.dd_index) and y2010["dd_coverage"] == 1.0
    assert next(r for r in body["rows"] if r["year"] == 1979)["mme_exercises"] is None
    page = client.get("/dyad/2/800")
    assert page.status_code == 200 and 'id="dyad-exercises"' in page.text
    assert "Angkor Sentinel 2010" in page.text and 'data-measure="dd_index"' in page.text


def test_country_page_map_and_panel(client) -> None:
    page = client.get("/country/2")
    assert 'data-measure="mme_exercises"' in page.text and 'data-measure="dd_ties"' in page.text
    m = client.get("/api/map?measure=dd_ties&year=2005").json()
    assert m["with_value"] > 150 and m["max"] >= 26
    assert client.get("/api/map?measure=mme_exercises&year=1979").json()["with_value"] == 0
    csv = client.get("/api/panel?unit=dyad-years&years=1985&steps=exercises:source=jme&format=csv")
    table = pv.read_csv(io.BytesIO(csv.content))
    assert {"jme_exercises", "jme_largest_name"} <= set(table.column_names)
    assert sum(table.column("jme_exercises").to_pylist()) > 0
    bad = client.get("/api/panel?unit=dyad-years&years=1985&steps=exercises:source=nato")
    assert bad.status_code == 400 and "unknown source 'nato'" in bad.text
