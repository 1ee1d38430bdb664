"""Engines for the event pipeline: DuckDB (default, one machine) and Apache Spark (a cluster).

Both run the one SQL text of :mod:`detente.events.canonical` and
:func:`detente.events.indicators.indicator_sql`: DuckDB reads the ingest folder directly; Spark
reads the lake by URI and runs the same SQL transpiled to Spark SQL (:mod:`detente.events.spark`).
Install the ``spark`` extra (``pip install 'detente[spark]'``: pyspark >= 3.5 and sqlglot) and
Java 17 or later. A local session: :func:`spark_session` (:mod:`detente.events.spark_session`).
"""

from __future__ import annotations

import os
from typing import Any

import pyarrow as pa

from ..errors import InputError
from ..warehouse import Warehouse, default_warehouse
from .indicators import indicators
from .spark_session import spark_session, spark_uri

ENGINES = ("duckdb", "spark")


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

    return run_spark(spark_uri(root), unit, dedup, weight, spark=spark or spark_session(),
                     wh=wh or default_warehouse())  # fmt: skip


def run(engine: str, root: str | os.PathLike[str], **options: Any) -> pa.Table:
    """Indicators computed by the named engine (``duckdb`` or ``spark``)."""
    if engine == "duckdb":
        return indicators(root, **options)
    if engine == "spark":
        return indicators_spark(root, **options)
    raise InputError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
