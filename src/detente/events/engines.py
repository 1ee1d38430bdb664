"""Engines for the event pipeline: DuckDB (default, one machine) and Apache Spark (a cluster).

Both run the one SQL text of :mod:`detente.events.canonical` and
:func:`detente.events.indicators.indicator_sql`: DuckDB reads the ingest folder directly; Spark
reads the lake by URI and runs the same SQL transpiled to Spark SQL (:mod:`detente.events.spark`).
Install the ``spark`` extra (``pip install 'detente[spark]'``: pyspark >= 3.5 and sqlglot) and
Java 17 or later.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pyarrow as pa

from ..errors import InputError
from ..warehouse import Warehouse, default_warehouse
from .indicators import indicators

ENGINES = ("duckdb", "spark")


def spark_session(cores: int = 2, small: bool = False, shuffle_partitions: int | None = None) -> Any:
    """A local Spark session sized for one machine (no UI, few shuffle partitions, UTC).

    ``small`` trades peak speed for start-up time (C1-only JIT, serial GC, no whole-stage code
    generation or adaptive plans): right for fixtures and tests, not for millions of rows. On a
    cluster, build the session yourself (``spark-submit`` does) and pass it as ``spark=``.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise InputError("the spark engine needs pyspark: pip install 'detente[spark]'") from exc
    builder = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("detente-events")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions or (1 if small else cores)))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
    )
    # local executors run this package's ingest rules: the driver's Python (unless the user chose)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
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
    """The indicators of :func:`detente.events.indicators.indicators`, computed by Spark from the
    lake at ``root`` (a path or URI) and collected (small lakes; at scale see
    :func:`detente.events.spark.write_frame`)."""
    from .spark import indicators_spark as run_spark

    return run_spark(_uri(root), unit, dedup, weight, spark=spark or spark_session(),
                     wh=wh or default_warehouse())  # fmt: skip


def _uri(root: str | os.PathLike[str]) -> str:
    """A lake location as a URI for Spark: URIs unchanged, local paths made absolute file: URIs."""
    text = os.fspath(root)
    if "://" in text:
        return text.rstrip("/")
    return "file://" + os.path.abspath(text)


def run(engine: str, root: str | os.PathLike[str], **options: Any) -> pa.Table:
    """Indicators computed by the named engine (``duckdb`` or ``spark``)."""
    if engine == "duckdb":
        return indicators(root, **options)
    if engine == "spark":
        return indicators_spark(root, **options)
    raise InputError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
