"""Indicators: counts checked against the source tables, dedup and weighting, metadata, engines."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil

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


@pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None,
    reason="pyspark is not installed (extra: spark; CI installs it)",
)
@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java, which is not installed")
def test_spark_and_duckdb_agree(wh, lake) -> None:
    """Spark SQL and DuckDB give the same dyad-months, with dedup and weighting (floats to 1e-9)."""
    from detente.events.engines import indicators_spark, spark_session

    spark = spark_session(small=True)
    try:
        for options in ({"unit": "month"}, {"unit": "day", "dedup": "url", "weight": "articles"}):
            duck = indicators(lake, wh=wh, **options).to_pandas()
            sp = indicators_spark(lake, wh=wh, spark=spark, **options)
            assert json.loads(sp.schema.metadata[b"detente"])["engine"] == "spark"
            sp = sp.to_pandas()
            assert list(sp.columns) == list(duck.columns) and len(sp) == len(duck) > 700
            key = ["ccode1", "ccode2", "period"]
            sp, duck = (f.sort_values(key).reset_index(drop=True) for f in (sp, duck))
            assert (duck["period"].astype(str) == sp["period"].astype(str)).all()
            for col in duck.columns.drop("period"):
                a, b = duck[col].astype("float64"), sp[col].astype("float64")
                assert ((a - b).abs().fillna(0) < 1e-9).all() and (a.isna() == b.isna()).all(), col
    finally:
        spark.stop()
