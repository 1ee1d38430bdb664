"""The Spark pipeline on a real object store (``s3a://``): raw files to the lake to the indicators.

Opt-in, because nothing it needs comes with Spark: the ``s3a`` connector (``hadoop-aws`` and the
AWS SDK bundle) is published on Maven only, and an S3 server must run. Set ``DETENTE_S3A_JARS`` to
the two jars, comma-separated, and install ``moto[server]`` (a local S3 server, from PyPI); see
"Running on a cluster" in docs/events.md for where the jars can come from offline. The raw
fixtures are uploaded to a bucket, ingested by Spark from ``s3a://`` into an ``s3a://`` lake,
summarised into an ``s3a://`` output, and the lake, copied back, must equal the DuckDB ingest's.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import duckdb
import pytest
from lake_compare import FORMATS, same_lake

from detente.events.ingest import ingest, scan

JARS = os.environ.get("DETENTE_S3A_JARS", "")
pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None, reason="pyspark is not installed (extra: spark)"
    ),
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java 17+ (no java on PATH)"),
    pytest.mark.skipif(
        not JARS, reason="DETENTE_S3A_JARS not set (hadoop-aws and aws-java-sdk-bundle jars)"
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("moto") is None, reason="moto[server] is not installed (local S3)"
    ),
]
SOURCES = ("gdelt-2.0-sample", "gdelt-sample", "icews-sample")
#: hadoop-aws releases older than the Hadoop in pyspark read these as plain numbers (Hadoop 3.5's
#: defaults say "60s") and know only the AWS SDK v1 credential providers.
OLD_CONNECTOR = {
    "connection.timeout": "60000", "connection.establish.timeout": "60000",
    "connection.acquisition.timeout": "60000", "connection.request.timeout": "60000",
    "connection.idle.time": "60000", "connection.ttl": "300000", "threads.keepalivetime": "60",
    "multipart.purge.age": "86400", "retry.interval": "500", "retry.throttle.interval": "1000",
    "aws.credentials.provider": "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
}  # fmt: skip


@pytest.fixture(scope="module")
def endpoint():
    """A local S3 server (moto) with an empty bucket ``lake``."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(urllib.request.Request(f"{url}/lake", method="PUT"))
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="module")
def spark(endpoint):
    """A local session (``local[2]``) with the s3a connector, pointed at the local S3 server."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the ingest's executors
    builder = (
        SparkSession.builder.master("local[2]").appName("detente-s3-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "3")
        .config("spark.sql.session.timeZone", "UTC").config("spark.jars", JARS)
    )  # fmt: skip
    conf = {"endpoint": endpoint, "path.style.access": "true", "access.key": "test",
            "secret.key": "test", "connection.ssl.enabled": "false", **OLD_CONNECTOR}  # fmt: skip
    for key, value in conf.items():
        builder = builder.config(f"spark.hadoop.fs.s3a.{key}", value)
    session = builder.getOrCreate()
    yield session
    session.stop()


def test_raw_files_to_lake_to_indicators_on_s3(spark, tmp_path, mirror) -> None:
    from detente.events.spark import summarize
    from detente.events.spark_ingest import ingest_spark

    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path
    fs = path("s3a://lake/").getFileSystem(conf)
    for sid in SOURCES:
        fs.copyFromLocalFile(path((mirror / sid).as_uri()), path(f"s3a://lake/raw/{sid}"))
        ingest_spark(f"s3a://lake/raw/{sid}", "s3a://lake/lake", spark=spark)
        ingest(mirror / sid, tmp_path / "duck")
    totals, _ = summarize("s3a://lake/lake", out="s3a://lake/out", spark=spark)
    assert totals["events"] > 0 and fs.exists(path("s3a://lake/out/_detente.json"))
    fs.copyToLocalFile(path("s3a://lake/lake"), path((tmp_path / "back").as_uri()))
    back = tmp_path / "back"
    for crc in back.rglob("*.crc"):  # the local file system's checksums of the copies
        crc.unlink()
    same_lake(tmp_path / "duck", back)
    got = {f: duckdb.sql(f"SELECT count(*) FROM {scan(back, f)}").fetchall() for f in FORMATS}
    assert got == {"gdelt1": [(2223,)], "gdelt2": [(2271,)], "icews": [(3705,)]}
