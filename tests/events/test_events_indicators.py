"""Indicators: counts checked against the source tables, dedup and weighting, metadata.

Spark-DuckDB parity: test_events_spark.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from detente.errors import InputError
from detente.events.indicators import indicators, summary


def test_dyad_day_counts_match_the_source_table(wh, lake) -> None:
    """ICEWS 2018-06-01, United States -> Canada: 11 events, counted again from the raw table."""
    t = indicators(lake, unit="day", wh=wh)
    rows = [
        r
        for r in t.to_pylist()
        if (r["ccode1"], r["ccode2"], r["period"]) == (2, 20, dt.date(2018, 6, 1))
    ]
    raw = wh.con.sql(
        f"""SELECT count(*), sum(intensity) FROM {wh.view_name("icews-sample", "events")}
            WHERE source_country = 'United States' AND target_country = 'Canada'
              AND event_date = '2018-06-01'"""
    ).fetchall()
    assert raw == [(11, -13.0)]
    assert (rows[0]["events"], rows[0]["goldstein_net"], rows[0]["coop"], rows[0]["conflict"]) == (
        11,
        -13,
        7,
        4,
    )
    assert rows[0]["coop_balance"] == pytest.approx(3 / 11)


def test_options_change_counts_and_are_recorded(wh, lake) -> None:
    """Dedup never adds events; weighting by sources never lowers them; metadata says what was done."""
    base = summary(indicators(lake, wh=wh))
    assert base["metadata"]["unit"] == "month" and base["metadata"]["typology_version"] == 2
    assert base["metadata"]["sources"] == ["gdelt-2.0-sample", "gdelt-sample", "icews-sample", "plover"]
    for dedup in ("one-a-day", "root", "url"):
        got = summary(indicators(lake, dedup=dedup, wh=wh))
        assert got["events"] < base["events"] and got["metadata"]["dedup"] == dedup
    assert summary(indicators(lake, weight="sources", wh=wh))["events"] > base["events"]
    assert base["events"] == 2409 and base["classes"]["use_of_force"] == 82  # 7 from PLOVER records


def test_bad_options(wh, lake) -> None:
    with pytest.raises(InputError, match="unknown dedup 'twice'"):
        indicators(lake, dedup="twice", wh=wh)
    with pytest.raises(InputError, match="unknown unit 'week'"):
        indicators(lake, unit="week", wh=wh)
