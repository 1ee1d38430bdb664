"""Event flags, levels and counts of dyad-years are TINYINT (MIC's event counts SMALLINT): every
value of the real files fits."""

from __future__ import annotations

import pytest

import detente

from helpers import q

#: step, its dyad-year flag/level/count columns, their largest value on the real files
EVENTS = [
    ("armed_conflicts", {}, ("ucdpongoing", "ucdponset", "maxintensity", "ucdp_n"), (1, 1, 2, 1)),
    ("confrontations", {}, ("micongoing", "miconset", "mic_n"), (1, 1, 5)),
    ("confrontations", {}, ("mic_events12", "mic_events21"), (1757, 1757)),
    ("mids", {"source": "gml"}, ("gmlmidongoing", "gmlmidonset", "gmlmid_n"), (1, 1, 6)),
    ("mids", {"source": "cow"}, ("cowmidongoing", "cowmidonset", "cowmid_n"), (1, 1, 6)),
    ("wars", {}, ("cowinterongoing", "cowinteronset", "cowinter_n"), (1, 1, 3)),
]


@pytest.mark.parametrize(("step", "params", "columns", "largest"), EVENTS)
def test_flags_and_counts_fit_tinyint(wh, step, params, columns, largest) -> None:
    # every COW dyad-year (directed, 1816-2024: every year of these sources) with the step
    panel = detente.dyad_years("cow", directed=True, years=(1816, 2024)).add(step, **params)
    spans = ", ".join(f"min({c}), max({c}), typeof(any_value({c}))" for c in columns)
    got = q(wh, f"SELECT {spans} FROM ({panel.sql})")[0]
    assert got[0::3] == (0,) * len(columns)
    assert got[1::3] == largest
    assert set(got[2::3]) == {"TINYINT" if max(largest) < 2**7 else "SMALLINT"}
