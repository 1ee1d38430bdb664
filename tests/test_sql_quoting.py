"""Values and paths never enter SQL as text: a cache folder with quotes in its name works end to end,
and peace-year knots that are not finite numbers are refused before any SQL is written."""

from __future__ import annotations

from pathlib import Path

import pytest

import detente
from detente.errors import InputError
from detente.sql import identifier, literal
from detente.warehouse import Warehouse


def test_identifier_and_literal_quote_their_own_quote() -> None:
    assert identifier('a"b') == '"a""b"'
    assert literal("it's") == "'it''s'"


def test_cache_folder_with_quotes_builds_writes_and_reads(mirror: Path, tmp_path: Path) -> None:
    cache = tmp_path / 'it\'s a "cache"'
    wh = Warehouse(mirror=mirror, cache=cache)
    states = detente.state_years("cow", years=(1990, 1991), warehouse=wh)
    states = states.add_capabilities().add_alliance_centrality()
    dyads = detente.dyad_years("cow", years=(1990, 1990), warehouse=wh).add_similarity()
    out = cache / "panel's.parquet"
    dyads.write(out)
    assert dyads.summary(written=out)["rows"] == dyads.count() > 25_000
    table = states.to_arrow()
    assert table.num_rows == 342  # COW 2016 state-years 1990-1991 (system2016.csv)
    assert "degree" in " ".join(table.column_names)


@pytest.mark.parametrize("knots", [["inf", 4, 7], [1, "nan", 7], [1, 4, 1e308], ["a", 4, 7]])
def test_knots_that_are_not_finite_years_are_refused(wh: Warehouse, knots: list) -> None:
    panel = detente.dyad_years("cow", years=(1990, 1991))
    with pytest.raises(InputError, match="knots"):
        panel.add_peace_years(event="gmlmid", duration="splines", knots=knots).to_arrow()


@pytest.mark.parametrize(
    ("option", "value"),
    [("k", float("nan")), ("k", float("inf")), ("min_intensity", "1; DROP"), ("window", 2.5)],
)
def test_alert_options_that_are_not_numbers_are_refused(option: str, value: object) -> None:
    from detente.events.alerts import alerts_sql

    with pytest.raises(InputError, match=option):
        alerts_sql("ev_canonical", **{option: value})
