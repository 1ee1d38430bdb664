"""detente.table / `detente table`: any registered source's parsed table, with provenance."""

from __future__ import annotations

import json

import pytest

import detente
from detente.errors import DetenteError


def test_table_returns_the_parsed_table_with_provenance(wh) -> None:
    t = detente.table("us-troops", "country_years")
    assert json.loads(t.schema.metadata[b"detente"]) == {
        "source": "us-troops",
        "version": detente.get_source("us-troops").version,
        "table": "country_years",
    }
    japan = t.to_pandas().query("ccode == 740 and year == 2020")
    assert japan.troops_ad.tolist() == [56748]  # the rebuilt country-year series
    legacy = detente.table("us-troops", "troopdata").to_pandas().query("ccode == 740 and year == 2020")
    assert legacy.troops.tolist() == [53713]  # troopdata's original published table


@pytest.mark.parametrize(
    ("source", "name", "message"),
    [
        ("us-troop", "country_years", "unknown source 'us-troop'; did you mean us-troops"),
        ("us-troops", "nope", "has no table 'nope'; it has country_years, reports, troopdata"),
    ],
)
def test_unknown_source_or_table_is_one_clear_error(source, name, message) -> None:
    with pytest.raises(DetenteError, match=message):
        detente.table(source, name)
