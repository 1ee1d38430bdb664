"""Engines for the indicator definitions: DuckDB (default) and Apache Spark (PySpark, local mode).

Both run the one SQL text of :func:`detente.events.indicators.indicator_sql` over the same
canonical rows: DuckDB reads the ingest folder directly; for Spark the canonical table is written
once to Parquet by DuckDB (the code crosswalks live there) and Spark SQL aggregates it. Install
the ``spark`` extra (``pip install 'detente[spark]'``, pyspark >= 3.5) and Java 17 or later.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa

from ..errors import InputError
from ..sql import literal
from ..warehouse import Warehouse, default_warehouse
from .canonical import canonical
from .indicators import check_options, indicator_sql, indicators, metadata
from .ingest import sources_present

ENGINES = ("duckdb", "spark")


def spark_session(cores: int = 2, small: bool = False) -> Any:
    """A local Spark session sized for one machine (no UI, few shuffle partitions, UTC).

    ``small`` trades peak speed for start-up time (C1-only JIT, serial GC, no whole-stage code
    generation or adaptive plans): right for fixtures and tests, not for millions of rows.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise InputError("the spark engine needs pyspark: pip install 'detente[spark]'") from exc
    builder = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("detente-events")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1" if small else str(cores))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
    )
    if small:
        builder = (
            builder.config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
            .config("spark.sql.adaptive.enabled", "false")
            .config("spark.sql.codegen.wholeStage", "false")
        )
    return builder.getOrCreate()


def indicators_spark(
    root: str | os.PathLike[str],
    unit: str = "month",
    dedup: str = "none",
    weight: str = "none",
    wh: Warehouse | None = None,
    spark: Any = None,
) -> pa.Table:
    """The indicators of :func:`detente.events.indicators.indicators`, aggregated by Spark SQL."""
    check_options(unit, dedup, weight)
    wh = wh or default_warehouse()
    view = canonical(root, wh).alias
    spark = spark or spark_session()
    sources = sources_present(root)
    with tempfile.TemporaryDirectory(prefix="detente-spark-") as tmp:
        path = Path(tmp) / "canonical.parquet"
        wh.con.execute(f"COPY (SELECT * FROM {view}) TO {literal(path)} (FORMAT parquet)")
        spark.read.parquet(str(path)).createOrReplaceTempView("ev_canonical")
        table = spark.sql(indicator_sql("ev_canonical", unit, dedup, weight, dialect="spark")).toArrow()
    meta = metadata(unit, dedup, weight, sources, "spark")
    return table.replace_schema_metadata({b"detente": json.dumps(meta).encode()})


def run(engine: str, root: str | os.PathLike[str], **options: Any) -> pa.Table:
    """Indicators computed by the named engine (``duckdb`` or ``spark``)."""
    if engine == "duckdb":
        return indicators(root, **options)
    if engine == "spark":
        return indicators_spark(root, **options)
    raise InputError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
