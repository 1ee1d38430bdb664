"""Faults a careful reviewer found in the served face: each is a request that used to go wrong."""

from __future__ import annotations

import io

import pyarrow.csv as pacsv
import pytest

import detente

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize(
    ("unit", "step", "params", "column"),
    [
        ("dyad-years", "similarity", {}, "atop_s_unweighted"),
        ("state-years", "alliance_centrality", {}, "atop_defense_degree"),
        ("dyad-years", "similarity", {"source": "unvotes"}, None),
    ],
)
def test_streamed_panel_with_prepared_tables_has_every_row(
    client, wh, unit, step, params, column
) -> None:
    """similarity and alliance_centrality prepare a table; the streaming cursor must see it."""
    build = detente.dyad_years if unit == "dyad-years" else detente.state_years
    expected = build("cow", years=(1990, 1990)).add(step, **params).to_arrow()
    query = step + "".join(f":{k}={v}" for k, v in params.items())
    got = client.get(f"/api/panel?unit={unit}&years=1990&steps={query}&format=csv")
    assert got.status_code == 200
    table = pacsv.read_csv(io.BytesIO(got.content))
    assert table.num_rows == expected.num_rows > 100
    assert table.column_names == expected.column_names
    if column is not None:
        assert column in table.column_names
        assert table[column].null_count < table.num_rows


def test_health_does_not_show_server_paths(client, event_lake) -> None:
    body = client.get("/api/health").text
    assert str(event_lake) not in body and event_lake.name not in body
    assert client.get("/api/health").json()["events"] is True


@pytest.mark.parametrize(
    "url",
    [
        "/api/states/" + "9" * 60_000,
        "/api/panel?steps=" + "x" * 60_000,
        "/api/crises?ccode=" + "²" * 8_000,
        "/api/map?measure=" + "m" * 60_000,
        "/country/" + "9" * 60_000,
        "/compare?measure=" + "m" * 60_000,
    ],
)
def test_errors_do_not_echo_big_inputs(client, url: str) -> None:
    got = client.get(url)
    assert 400 <= got.status_code < 500
    assert len(got.content) < 4_000, len(got.content)


def test_compare_refuses_thousands_of_codes(client) -> None:
    codes = ",".join(str(c) for c in range(2, 3002))
    got = client.get(f"/compare?ccode={codes}")
    assert got.status_code == 400 and "at most" in got.text
    assert client.get("/compare?ccode=2,200,220").status_code == 200


def test_cold_dyad_does_not_hold_the_service_lock(web_app, held_dyad) -> None:
    """While a dyad's query runs, other requests (networks, other dyads) can use the warehouse."""
    svc = web_app.state.service
    with held_dyad("_run_query", 20, 530) as free:  # Canada -> Ethiopia: cold
        network = svc.network(1971, None)  # needs the warehouse while the dyad query runs
    assert free and network["nodes"]
    assert svc.dyad(20, 530)["rows"]


def test_dyad_cache_is_bounded_by_bytes(web_app) -> None:
    from detente.web.core import DYAD_CACHE_BYTES

    svc = web_app.state.service
    for b in (200, 220):
        svc.dyad(2, b)
    assert 0 < svc.dyad_cache.bytes <= DYAD_CACHE_BYTES
    assert svc.dyad_cache.max_bytes == DYAD_CACHE_BYTES
