"""A local Spark session and Spark's view of a location, below both Spark faces.

:mod:`detente.events.engines` (the engine switch) and :mod:`detente.events.spark` /
:mod:`detente.events.spark_ingest` (the Spark work) both need them; pyspark is imported only
when a session is built (it is the optional ``spark`` extra).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from ..errors import InputError


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


def spark_uri(root: str | os.PathLike[str]) -> str:
    """A lake location as a URI for Spark: URIs unchanged, local paths made absolute file: URIs.

    >>> spark_uri("s3a://lake/events/")
    's3a://lake/events'
    """
    text = os.fspath(root)
    if "://" in text:
        return text.rstrip("/")
    return "file://" + os.path.abspath(text)
