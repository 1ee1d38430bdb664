"""Spark and DuckDB run the same rules: canonical table, every indicator option, alerts, CLI output.

One local Spark session for the module, two executor threads (``local[2]``) and three shuffle
partitions, so every aggregation, window and join crosses a shuffle. Rows are sorted, then compared
exactly. Exceptions, all sums of non-integer doubles whose order Spark and DuckDB choose differently
(float addition is not associative): ``goldstein_mean``, ``goldstein_net`` and ``tone_mean`` of the
indicators and ``value``, ``base_mean`` and ``base_sd`` of intensity alerts, compared to 1e-9
relative. Counts, class counts, coop/conflict and the ratios of integer sums are exact.
"""

from __future__ import annotations

import importlib.util
import json
import shutil

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from detente.events.alerts import alerts
from detente.events.canonical import canonical
from detente.events.indicators import indicator_sql, indicators

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None, reason="pyspark is not installed (extra: spark)"
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("sqlglot") is None, reason="sqlglot is not installed (extra: spark)"
    ),
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java 17+ (no java on PATH)"),
]

INEXACT = {"goldstein_mean", "goldstein_net", "tone_mean", "value", "base_mean", "base_sd"}


@pytest.fixture(scope="module")
def spark():
    from detente.events.engines import spark_session

    session = spark_session(cores=2, small=True, shuffle_partitions=3)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def spark_canonical(spark, lake, wh):
    """The canonical table built by Spark from the lake's URI (registered as ``ev_canonical``)."""
    from detente.events.spark import canonical_spark

    return canonical_spark(lake.as_uri(), spark, wh).toArrow()


def same(duck: pa.Table, sp: pa.Table, key: list[str]) -> None:
    """Equal tables: same columns, same rows after sorting; inexact sums to 1e-9 relative."""
    assert sp.column_names == duck.column_names
    assert sp.num_rows == duck.num_rows > 0
    duck, sp = duck.sort_by([(k, "ascending") for k in key]), sp.sort_by([(k, "ascending") for k in key])
    for name in duck.column_names:
        a, b = duck.column(name).to_pylist(), sp.column(name).to_pylist()
        if name in INEXACT:
            assert [x is None for x in a] == [y is None for y in b], name
            assert all(
                x is None or y == pytest.approx(x, rel=1e-9, abs=1e-12)
                for x, y in zip(a, b, strict=True)
            ), name
        else:
            assert a == b, name


def test_canonical_table_is_the_same(spark_canonical, lake, wh) -> None:
    """Every column of every event (8,521 on the fixtures): codes, flags, typology, PLOVER coding."""
    duck = canonical(lake, wh).to_arrow_table()
    assert duck.num_rows == 8521
    con = duckdb.connect()
    con.register("d", duck)
    con.register("s", spark_canonical)
    # timestamps as text: Spark reads them as local-time (NTZ), DuckDB as TIMESTAMP; same instants
    cols = ", ".join(
        f'"{f.name}"::VARCHAR' if pa.types.is_timestamp(f.type) else f'"{f.name}"' for f in duck.schema
    )
    assert spark_canonical.column_names == duck.column_names
    for a, b in (("d", "s"), ("s", "d")):
        assert con.sql(
            f"SELECT count(*) FROM (SELECT {cols} FROM {a} EXCEPT ALL SELECT {cols} FROM {b})"
        ).fetchall() == [(0,)]
    assert len({r for r in spark_canonical.column("mil_class").to_pylist() if r}) == 11


@pytest.mark.parametrize(
    ("unit", "dedup", "weight"),
    [
        ("day", "none", "none"),
        ("month", "one-a-day", "sources"),
        ("year", "root", "articles"),
        ("day", "url", "articles"),
        ("month", "url", "none"),
        ("year", "one-a-day", "none"),
    ],
)
def test_indicators_are_the_same(spark, spark_canonical, lake, wh, unit, dedup, weight) -> None:
    """Every unit, deduplication and weight (each at least twice) over the Spark canonical table."""
    duck = indicators(lake, unit=unit, dedup=dedup, weight=weight, wh=wh)
    sp = spark.sql(indicator_sql("ev_canonical", unit, dedup, weight, dialect="spark")).toArrow()
    same(
        duck.replace_schema_metadata(None),
        sp.cast(duck.schema.remove_metadata()),
        ["ccode1", "ccode2", "period"],
    )


def test_engine_run_collects_the_same_table(spark, lake, wh) -> None:
    """`engines.run("spark", ...)` (the Python face): DuckDB's table and metadata, but the engine."""
    from detente.events.engines import run

    duck = indicators(lake, unit="year", wh=wh)
    sp = run("spark", lake, unit="year", wh=wh, spark=spark)
    meta, want = (json.loads(t.schema.metadata[b"detente"]) for t in (sp, duck))
    assert meta.pop("engine") == "spark" and want.pop("engine") == "duckdb"
    assert {k: meta[k] for k in want} == want and meta["lake"] == lake.as_uri()
    same(
        duck.replace_schema_metadata(None),
        sp.cast(duck.schema.remove_metadata()),
        ["ccode1", "ccode2", "period"],
    )


@pytest.mark.parametrize(
    "options", [{}, {"unit": "month", "window": 3, "k": 1.0, "min_intensity": 2.0, "weight": "sources"}]
)
def test_alerts_are_the_same(spark, spark_canonical, lake, wh, options) -> None:
    """Baselines (windowed mean, sd, previous rung), kinds and evidence lists agree."""
    from detente.events.alerts import alerts_sql
    from detente.events.spark import to_spark

    duck = alerts(lake, wh=wh, **options)
    sql = alerts_sql("ev_canonical", **{"unit": "day", **options}, dialect="spark")
    sp = spark.sql(to_spark(sql)).toArrow()
    assert duck.num_rows >= 75
    same(duck, sp.cast(duck.schema), ["period", "ccode1", "ccode2", "kind"])


def test_summary_cli_writes_partitioned_parquet_with_provenance(
    spark, lake, wh, mirror, tmp_path
) -> None:
    """`detente events summary LAKE --engine spark --out URI`: the production path, on local URIs."""
    from typer.testing import CliRunner

    from detente.cli import app

    out = (tmp_path / "indicators").as_uri()
    args = ["events", "summary", lake.as_uri(), "--engine", "spark", "--out", out, "--dedup", "url"]
    args += ["--mirror", str(mirror)]  # an empty cache must not send the lookups to the network
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    line = " ".join(result.output.split())  # rich wraps at the terminal width
    assert (
        "2,092 events (dedup url, weight none, spark)" in line
    )  # DuckDB: the same, 2,409 undeduplicated
    meta = json.loads((tmp_path / "indicators" / "_detente.json").read_text())
    assert meta["engine"] == "spark" and meta["dedup"] == "url" and meta["lake"] == lake.as_uri()
    assert meta["files"]["gdelt-2.0-sample"]["20150218230000.export.CSV"].startswith("b7465741")
    written = ds.dataset(tmp_path / "indicators", format="parquet", partitioning="hive").to_table()
    assert {p.name for p in (tmp_path / "indicators").iterdir() if p.is_dir()} >= {
        "period_year=2000", "period_year=2012", "period_year=2015", "period_year=2018",
    }  # fmt: skip
    duck = indicators(lake, dedup="url", wh=wh)
    got = written.drop_columns(["period_year"]).select(duck.column_names)
    same(
        duck.replace_schema_metadata(None),
        got.cast(duck.schema.remove_metadata()),
        ["ccode1", "ccode2", "period"],
    )


def test_missing_lake_is_one_line_error(spark, tmp_path) -> None:
    from typer.testing import CliRunner

    from detente.cli import app

    result = CliRunner().invoke(app, ["events", "summary", tmp_path.as_uri(), "--engine", "spark"])
    assert result.exit_code != 0 and "not an ingest folder" in str(result.exception or result.output)
    csv = ["events", "summary", tmp_path.as_uri(), "--engine", "spark", "--out", str(tmp_path / "x.csv")]
    result = CliRunner().invoke(app, csv)
    assert "writes a folder (or URI) of Parquet parts" in str(result.exception)


def test_lookups_are_broadcast(spark, spark_canonical) -> None:
    """The 8 lookup joins (3 country keys, 3 CAMEO-PLOVER, typology, PLOVER classes) are broadcast
    by their hints even with automatic broadcasting off: no shuffle of the events for a lookup."""
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    try:
        plan = spark.table("ev_canonical")._jdf.queryExecution().executedPlan().toString()
    finally:
        spark.conf.unset("spark.sql.autoBroadcastJoinThreshold")
    assert plan.count("BroadcastHashJoin") == 8 and "SortMergeJoin" not in plan


def test_alerts_cli_on_spark_writes_what_duckdb_finds(spark, lake, wh, mirror, tmp_path) -> None:
    """`detente events alerts LAKE --engine spark --out URI`: the 75 alerts of the DuckDB engine."""
    from typer.testing import CliRunner

    from detente.cli import app

    out = tmp_path / "alerts"
    args = ["events", "alerts", lake.as_uri(), "--engine", "spark", "--out", out.as_uri(), "--rows", "3"]
    args += ["--mirror", str(mirror)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "first 3 of 75 alerts" in " ".join(result.output.split())
    assert json.loads((out / "_detente.json").read_text())["window"] == 7
    written = (
        ds.dataset(out, format="parquet", partitioning="hive").to_table().drop_columns(["period_year"])
    )
    duck = alerts(lake, wh=wh)
    same(
        duck, written.select(duck.column_names).cast(duck.schema), ["period", "ccode1", "ccode2", "kind"]
    )
    bad = CliRunner().invoke(app, ["events", "alerts", lake.as_uri(), "--engine", "spark", "--validate"])
    assert bad.exit_code != 0 and "duckdb engine only" in str(bad.exception)
