"""The event pipeline in Apache Spark: a hive-partitioned lake read by URI, results written by URI.

Spark runs every per-event rule: reading the lake (``file://``, ``s3a://``, ``gs://``, ``abfss://``,
``hdfs://``: whatever the session's Hadoop configuration reads), the sources' canonical rows,
the country-code joins, the typology, deduplication, weights, the indicators and the alerts'
baselines. The SQL is the DuckDB engine's own text (:mod:`detente.events.canonical`,
:mod:`detente.events.indicators`, :mod:`detente.events.alerts`), transpiled to Spark SQL by
sqlglot, so the two engines cannot drift. Two steps run over a few hundred distinct keys, not
per event, so they are computed by the one DuckDB definition on the driver and broadcast: the
country-identifier map (scheme, value, year -> COW, ISO3, G&W) and the PLOVER typology classes;
the typology, FIPS and CAMEO-PLOVER tables are broadcast as they are. Only small results reach
the driver: those keys, the summary totals and the busiest rows.

Needs classic PySpark (``pyspark`` or ``spark-submit``; the Hadoop file system API writes the
metadata file beside the results), not Spark Connect.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import pyarrow as pa

from .._version import __version__
from ..errors import InputError
from ..warehouse import Warehouse, default_warehouse
from .canonical import (
    classify_sql,
    install_lookups,
    key_map_sql,
    keys_sql,
    plover_keys_sql,
    plover_typology_sql,
    union_sql,
)
from .indicators import CLASSES, check_options, indicator_sql, metadata
from .manifest import FORMATS_ORDER, MANIFEST
from .spark_session import spark_session, spark_uri

#: Name of the provenance file written beside a result (skipped by Parquet readers: leading _).
META_FILE = "_detente.json"


@lru_cache(maxsize=256)
def to_spark(sql: str) -> str:
    """DuckDB SQL as Spark SQL (sqlglot), for the definitions written once in DuckDB's dialect.

    For example ``"Actor1Code"::VARCHAR`` becomes ``CAST(`Actor1Code` AS STRING)``; what the
    transpiled text computes is checked against DuckDB in ``tests/events/test_events_spark.py``
    (no doctest: sqlglot is an optional dependency, the ``spark`` extra).
    """
    import sqlglot

    return sqlglot.transpile(sql, read="duckdb", write="spark")[0]


def _hadoop(spark: Any, uri: str) -> tuple[Any, Any]:
    """The Hadoop file system and path of ``uri`` in the session's configuration."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), path


def _exists(spark: Any, uri: str) -> bool:
    fs, path = _hadoop(spark, uri)
    return bool(fs.exists(path))


def _write_text(spark: Any, uri: str, text: str) -> None:
    """Write a small text file to ``uri`` (through Hadoop: works on every file system Spark reads)."""
    fs, path = _hadoop(spark, uri)
    stream = fs.create(path, True)
    try:
        stream.write(bytearray(text.encode()))
    finally:
        stream.close()


def read_manifest(spark: Any, lake: str) -> dict[str, Any]:
    """The ingest manifest of the lake at ``lake`` (a URI), read through Spark."""
    uri = f"{lake}/{MANIFEST}"
    if not _exists(spark, uri):
        raise InputError(
            f"{lake}: not an ingest folder (no {MANIFEST}); run `detente events ingest` first"
        )
    text = spark.read.text(uri, wholetext=True).first()[0]
    try:
        return json.loads(text)
    except ValueError as exc:
        raise InputError(f"{uri}: not a readable manifest ({exc})") from None


def _formats(manifest: dict[str, Any]) -> list[str]:
    """The formats with ingested rows, from the manifest's files (in the lake's order)."""
    seen = {
        f["format"]
        for s in manifest["sources"].values()
        for f in s.get("files", {}).values()
        if f.get("rows") and f.get("status") == "present"
    }
    return [f for f in FORMATS_ORDER if f in seen]


def _broadcast(spark: Any, table: pa.Table, name: str) -> None:
    """Register a small Arrow table as a broadcast temp view."""
    from pyspark.sql.functions import broadcast

    broadcast(spark.createDataFrame(table)).createOrReplaceTempView(name)


def canonical_spark(lake: str, spark: Any, wh: Warehouse | None = None) -> Any:
    """The canonical event table over the lake at ``lake`` (a URI) as a Spark DataFrame.

    Also registered as the temp view ``ev_canonical``; equal, row for row, to
    :func:`detente.events.canonical.canonical` over the same lake.
    """
    wh = wh or default_warehouse()
    lake = str(lake).rstrip("/")
    manifest = read_manifest(spark, lake)
    if _exists(spark, f"{lake}/compact.journal"):
        raise InputError(
            f"{lake}: a compaction was interrupted; run `detente events compact {lake}` to finish it"
        )
    present = _formats(manifest)
    if not present:
        raise InputError(f"{lake}: no ingested events (run `detente events ingest` into it first)")
    from pyspark.sql import functions as F

    # partition values as text, then typed as DuckDB types them (hive_types in ingest.scan); the
    # partitions are discovered when each DataFrame is made, so the user's setting is restored
    infer = "spark.sql.sources.partitionColumnTypeInference.enabled"
    before = spark.conf.get(infer, None)
    spark.conf.set(infer, "false")
    try:
        for fmt in present:
            df = spark.read.option("basePath", f"{lake}/{fmt}").parquet(f"{lake}/{fmt}")
            df = df.withColumn("year", F.col("year").cast("smallint"))
            df = df.withColumn("month", F.col("month").cast("tinyint"))
            df.createOrReplaceTempView(f"ev_src_{fmt}")
    finally:
        if before is None:
            spark.conf.unset(infer)
        else:
            spark.conf.set(infer, before)
    spark.sql(to_spark(union_sql({f: f"ev_src_{f}" for f in present}))).createOrReplaceTempView("ev_u")
    con = wh.con
    install_lookups(con, wh)
    keys = spark.sql(to_spark(keys_sql("ev_u"))).toArrow()
    pkeys = spark.sql(to_spark(plover_keys_sql("ev_u", "plover" in present))).toArrow()
    con.register("ev_spark_keys", keys)
    con.register("ev_spark_pkeys", pkeys)
    try:
        _broadcast(spark, con.sql(key_map_sql(con, "ev_spark_keys")).to_arrow_table(), "ev_km")
        pt = con.sql(plover_typology_sql("SELECT * FROM ev_spark_pkeys")).to_arrow_table()
        _broadcast(spark, pt, "ev_pt")
    finally:
        con.unregister("ev_spark_keys")
        con.unregister("ev_spark_pkeys")
    for name in ("ev_typology", "ev_plover"):
        _broadcast(spark, con.table(name).to_arrow_table(), name)
    canon = spark.sql(to_spark(classify_sql("ev_u", "ev_km", "ev_pt")))
    canon.createOrReplaceTempView("ev_canonical")
    return canon


def indicators_frame(
    lake: str, unit: str = "month", dedup: str = "none", weight: str = "none", *, spark: Any,
    wh: Warehouse | None = None,
) -> tuple[Any, dict[str, Any]]:  # fmt: skip
    """The indicators as a Spark DataFrame (not collected) and their metadata."""
    check_options(unit, dedup, weight)
    canonical_spark(lake, spark, wh)
    manifest = read_manifest(spark, str(lake).rstrip("/"))
    prov = _provenance(manifest)
    frame = spark.sql(indicator_sql("ev_canonical", unit, dedup, weight, dialect="spark"))
    meta = metadata(unit, dedup, weight, prov["sources"], "spark")
    meta["lake"] = str(lake)
    meta["files"] = prov["files"]
    return frame, meta


def write_frame(frame: Any, out: str, meta: dict[str, Any], partition_by: str = "period") -> None:
    """Write a result as Parquet partitioned by the year of ``partition_by``, with ``_detente.json``.

    The partition column is ``period_year``; the metadata file beside the parts records what was
    computed, how, and from which ingested files (their sha256).
    """
    from pyspark.sql import functions as F

    out = str(out).rstrip("/")
    part = frame.withColumn("period_year", F.year(F.col(partition_by)))
    part.write.mode("overwrite").partitionBy("period_year").parquet(out)
    _write_text(frame.sparkSession, f"{out}/{META_FILE}", json.dumps(meta, indent=1, sort_keys=True))


def summary_frame(frame: Any, meta: dict[str, Any], top: int = 10) -> tuple[dict[str, Any], pa.Table]:
    """Totals of an indicator DataFrame (as :func:`detente.events.indicators.summary`) and its
    ``top`` busiest rows, computed in Spark: only these small results reach the driver."""
    from pyspark.sql import functions as F

    aggs = [F.count(F.lit(1)).alias("rows"), F.sum("events").alias("events")]
    aggs += [F.sum(f"n_{c}").alias(c) for c in CLASSES]
    totals = frame.agg(*aggs).first().asDict()
    dyads = frame.select("ccode1", "ccode2").distinct().count()
    s = {
        "rows": totals["rows"], "dyads": dyads, "events": float(totals["events"] or 0),
        "classes": {c: float(totals[c] or 0) for c in CLASSES}, "metadata": meta,
    }  # fmt: skip
    rows = frame.orderBy(F.desc("events"), "ccode1", "ccode2", "period").limit(max(top, 0)).toArrow()
    return s, rows


def indicators_spark(
    lake: str, unit: str = "month", dedup: str = "none", weight: str = "none", *, spark: Any,
    wh: Warehouse | None = None,
) -> pa.Table:  # fmt: skip
    """The indicators of :func:`detente.events.indicators.indicators`, computed and collected from Spark
    (for tests and small lakes; at scale write them with :func:`write_frame`)."""
    frame, meta = indicators_frame(lake, unit, dedup, weight, spark=spark, wh=wh)
    table = frame.toArrow()
    return table.replace_schema_metadata({b"detente": json.dumps(meta).encode()})


def alerts_spark(
    lake: str, unit: str = "day", window: int = 7, k: float = 2.0, min_intensity: float = 10.0,
    weight: str = "none", *, spark: Any, wh: Warehouse | None = None,
) -> Any:  # fmt: skip
    """The alerts of :func:`detente.events.alerts.alerts` as a Spark DataFrame (same SQL text)."""
    from .alerts import alerts_sql

    sql = alerts_sql("ev_canonical", unit, window, k, min_intensity, weight, dialect="spark")
    canonical_spark(lake, spark, wh)
    return spark.sql(to_spark(sql))


def alerts_run(
    lake: str, unit: str = "day", window: int = 7, k: float = 2.0, min_intensity: float = 10.0,
    weight: str = "none", *, out: str | None = None, top: int = 20, spark: Any = None,
    wh: Warehouse | None = None,
) -> tuple[int, pa.Table]:  # fmt: skip
    """Alerts over the lake at ``lake`` in Spark: written to ``out`` (Parquet partitioned by
    ``period_year``, with ``_detente.json``) when given; their number and the first ``top``."""
    _check_out(out)
    spark = spark or session()
    uri = spark_uri(lake)
    frame = alerts_spark(uri, unit, window, k, min_intensity, weight, spark=spark, wh=wh)
    if out is not None:
        frame = frame.persist()
        manifest = read_manifest(spark, uri)
        meta = {"unit": unit, "window": window, "k": k, "min_intensity": min_intensity,
                "weight": weight, "engine": "spark", "lake": uri, **_provenance(manifest)}  # fmt: skip
        write_frame(frame, spark_uri(out), meta)
    try:
        first = frame.orderBy("period", "ccode1", "ccode2", "kind").limit(max(top, 0)).toArrow()
        return frame.count(), first
    finally:
        if out is not None:
            frame.unpersist()


def _check_out(out: str | None) -> None:
    """Refuse a file-like output (Spark writes a folder of Parquet parts), before any work."""
    if out is not None and str(out).lower().rstrip("/").endswith((".csv", ".json")):
        raise InputError(f"output {out!r}: the spark engine writes a folder (or URI) of Parquet parts")


def _provenance(manifest: dict[str, Any]) -> dict[str, Any]:
    """The sources and the sha256 of every ingested file a result was computed from."""
    return {
        "sources": sorted(k for k, v in manifest["sources"].items() if v.get("rows")),
        "files": {
            sid: {n: f.get("sha256") for n, f in sorted(s.get("files", {}).items()) if f.get("rows")}
            for sid, s in sorted(manifest["sources"].items())
        },
        "detente_version": __version__,
    }


def session() -> Any:
    """The Spark session to run in: the active one, else the one ``spark-submit`` (or
    ``PYSPARK_SUBMIT_ARGS``) configured, else a local session sized for this machine."""
    import os

    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if "PYSPARK_GATEWAY_PORT" in os.environ or "--master" in os.environ.get("PYSPARK_SUBMIT_ARGS", ""):
        builder = SparkSession.builder.appName("detente-events")
        return builder.config("spark.sql.session.timeZone", "UTC").getOrCreate()
    return spark_session()


def summarize(
    lake: str, unit: str = "month", dedup: str = "none", weight: str = "none", *,
    out: str | None = None, top: int = 10, spark: Any = None, wh: Warehouse | None = None,
) -> tuple[dict[str, Any], pa.Table]:  # fmt: skip
    """Indicators over the lake at ``lake`` in Spark: written to ``out`` (Parquet partitioned by
    ``period_year``, with ``_detente.json``) when given, and their totals and ``top`` rows."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise InputError("the spark engine needs pyspark: pip install 'detente[spark]'") from exc
    _check_out(out)
    spark = spark or session()
    frame, meta = indicators_frame(spark_uri(lake), unit, dedup, weight, spark=spark, wh=wh)
    if out is not None:
        frame = frame.persist()  # written and summarised: computed once
        write_frame(frame, spark_uri(out), meta)
    try:
        return summary_frame(frame, meta, top)
    finally:
        if out is not None:
            frame.unpersist()
