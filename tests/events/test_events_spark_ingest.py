"""Spark ingest writes the lake the DuckDB ingest writes: same parts, rows, types and manifest.

One local Spark session for the module (``local[2]``). The real fixtures (GDELT 1.0 and 2.0
samples, the ICEWS 2018 sample) are ingested by both engines into two lakes that must hold the
same Parquet part names, the same columns and types and the same rows (EXCEPT ALL both ways), and
the same manifest (every field of every file record but its ``checked`` time). Broken inputs,
hand-made from the real 2.0 export and each described where it is made (a truncated row, a Year
that is not SQLDATE's, a zip cut short, a missing 15-minute slot, a mirror copy with one byte
changed), get the same status and error in both engines, and nothing of them reaches the lake.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest
from lake_compare import FORMATS, records, same_lake, tree

from detente.errors import InputError
from detente.events.ingest import EventGapError, ingest, scan

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None, reason="pyspark is not installed (extra: spark)"
    ),
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java 17+ (no java on PATH)"),
]

GDELT2 = "20150218230000.export.CSV"


@pytest.fixture(scope="module")
def spark():
    from detente.events.engines import spark_session

    session = spark_session(cores=2, small=True, shuffle_partitions=3)
    yield session
    session.stop()


def ingest_spark(*args, **kwargs):
    from detente.events.spark_ingest import ingest_spark as run

    return run(*args, **kwargs)


@pytest.fixture(scope="module")
def lakes(spark, tmp_path_factory, mirror):
    """The three real GDELT/ICEWS fixtures ingested by each engine (a source id and two folders)."""
    root = tmp_path_factory.mktemp("spark-ingest")
    for what in ("gdelt-2.0-sample", mirror / "gdelt-sample", mirror / "icews-sample"):
        ingest(what, root / "duck", mirror=mirror)
        ingest_spark(what, root / "spark", mirror=mirror, spark=spark)
    return root / "duck", root / "spark"


def test_real_fixtures_give_the_same_lake(lakes) -> None:
    """2,223 GDELT 1.0 rows, 2,271 GDELT 2.0 rows over three months, 3,705 ICEWS rows, same parts."""
    duck, sp = lakes
    same_lake(duck, sp)
    got = {
        fmt: duckdb.sql(f"SELECT year, month, count(*) FROM {scan(sp, fmt)} GROUP BY ALL ORDER BY ALL")
        .fetchall()
        for fmt in FORMATS
    }  # fmt: skip
    assert got == {
        "gdelt1": [(2012, 9, 2223)],
        "gdelt2": [(2014, 2, 52), (2015, 1, 13), (2015, 2, 2206)],
        "icews": [(2018, 6, 3705)],
    }
    sources = json.loads((sp / "manifest.json").read_text())["sources"]
    assert "events1.csv" in sources["gdelt-sample"]["ignored"]  # a schema table, listed with why
    assert not list(sp.glob(".staging-*"))


def test_reingest_is_a_no_op_and_the_spark_engine_reads_the_lake(lakes, spark, mirror) -> None:
    duck, sp = lakes
    again = ingest_spark("gdelt-2.0-sample", sp, mirror=mirror, spark=spark)
    assert again["files"][GDELT2]["status"] == "unchanged" and again["rows"] == 2271
    from detente.events.spark import canonical_spark

    assert canonical_spark(sp.as_uri(), spark).count() > 0


def broken_inputs(folder: Path, mirror: Path) -> None:
    """Hand-made from the real GDELT 2.0 export (2,271 rows): four slots from 23:00 to 23:45."""
    real = (mirror / "gdelt-2.0-sample" / GDELT2).read_bytes()
    first = real.split(b"\n", 1)[0]
    folder.mkdir()
    with zipfile.ZipFile(folder / f"{GDELT2}.zip", "w") as archive:  # zipped, as GDELT ships it
        archive.writestr(GDELT2, real)
    # 23:15 missing. 23:30: the first row, then that row with its last field cut off (60 fields)
    (folder / "20150218233000.export.CSV").write_bytes(first + b"\n" + first.rsplit(b"\t", 1)[0] + b"\n")
    # 23:45: the first row with Year (4th field) 2013 where SQLDATE is in 2014
    fields = first.split(b"\t")
    fields[3] = b"2013"
    (folder / "20150218234500.export.CSV").write_bytes(b"\t".join(fields) + b"\n")
    # 00:00 next day: a zip archive cut to its first 1,000 bytes
    good = (folder / f"{GDELT2}.zip").read_bytes()
    (folder / "20150219000000.export.CSV.zip").write_bytes(good[:1000])


def test_corrupt_truncated_and_missing_files_are_reported_alike(
    spark, tmp_path, mirror
) -> None:  # fmt: skip
    broken_inputs(tmp_path / "in", mirror)
    duck = ingest(tmp_path / "in", tmp_path / "duck", source="gdelt2-test")
    sp = ingest_spark(tmp_path / "in", tmp_path / "spark", source="gdelt2-test", spark=spark)
    assert records(sp) == records(duck)
    assert sp["present"] == [f"{GDELT2}.zip"] and sp["rows"] == 2271
    assert sp["missing"] == ["20150218231500.export.CSV"]
    assert sp["corrupt"] == [
        "20150218233000.export.CSV", "20150218234500.export.CSV", "20150219000000.export.CSV.zip"
    ]  # fmt: skip
    errors = {n: sp["files"][n]["error"] for n in sp["corrupt"]}
    assert "Expected Number of Columns: 61 Found: 60" in errors["20150218233000.export.CSV"]
    assert "Year that is not the year of SQLDATE" in errors["20150218234500.export.CSV"]
    assert "zip" in errors["20150219000000.export.CSV.zip"].lower()
    same_lake(tmp_path / "duck", tmp_path / "spark")
    assert not list((tmp_path / "spark").rglob("*2015021923*")) and not list(
        (tmp_path / "spark").rglob("*20150219*")
    )
    with pytest.raises(EventGapError, match="1 missing and 3 corrupt"):
        ingest_spark(tmp_path / "in", tmp_path / "spark", source="gdelt2-test", strict=True,
                     spark=spark)  # fmt: skip


def test_wrong_hash_is_corrupt_alike(spark, tmp_path, mirror, monkeypatch) -> None:
    """A mirror whose copy of the registered 2.0 export has one byte changed (empty cache)."""
    monkeypatch.setenv("DETENTE_CACHE", str(tmp_path / "cache"))
    bad = tmp_path / "mirror" / "gdelt-2.0-sample"
    bad.mkdir(parents=True)
    real = bytearray((mirror / "gdelt-2.0-sample" / GDELT2).read_bytes())
    real[100] = ord("X") if real[100] != ord("X") else ord("Y")
    (bad / GDELT2).write_bytes(bytes(real))
    duck = ingest("gdelt-2.0-sample", tmp_path / "duck", mirror=tmp_path / "mirror")
    sp = ingest_spark("gdelt-2.0-sample", tmp_path / "spark", mirror=tmp_path / "mirror", spark=spark)
    assert records(sp) == records(duck)
    assert sp["corrupt"] == [GDELT2] and sp["rows"] == 0
    assert "sha256" in sp["files"][GDELT2]["error"]
    assert tree(tmp_path / "spark") == ["manifest.json"]


def test_changed_file_replaces_its_parts(spark, tmp_path, mirror) -> None:
    """The 2.0 export ingested, then replaced by its first 100 rows: old parts go, new ones come."""
    real = (mirror / "gdelt-2.0-sample" / GDELT2).read_bytes()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / GDELT2).write_bytes(real)
    for engine in (ingest, ingest_spark):
        extra = {"spark": spark} if engine is ingest_spark else {}
        (tmp_path / "in" / GDELT2).write_bytes(real)
        engine(tmp_path / "in", tmp_path / engine.__name__, **extra)
        (tmp_path / "in" / GDELT2).write_bytes(b"\n".join(real.split(b"\n")[:100]) + b"\n")
        m = engine(tmp_path / "in", tmp_path / engine.__name__, **extra)
        assert m["rows"] == 100 and m["files"][GDELT2]["status"] == "present"
    same_lake(tmp_path / "ingest", tmp_path / "ingest_spark")


def test_changed_file_in_a_compacted_lake_keeps_the_other_files_rows(spark, tmp_path, mirror) -> None:
    """Two slots (the real export twice), compacted into shared parts; then the second slot is
    replaced by the export's first 100 rows: the shared parts lose only that file's old rows."""
    from detente.events.compact import compact

    real = (mirror / "gdelt-2.0-sample" / GDELT2).read_bytes()
    second = "20150218231500.export.CSV"
    for engine in (ingest, ingest_spark):
        extra = {"spark": spark} if engine is ingest_spark else {}
        src, lake = tmp_path / f"in-{engine.__name__}", tmp_path / engine.__name__
        src.mkdir()
        (src / GDELT2).write_bytes(real)
        (src / second).write_bytes(real)
        engine(src, lake, source="two", **extra)
        compact(lake)
        (src / second).write_bytes(b"\n".join(real.split(b"\n")[:100]) + b"\n")
        m = engine(src, lake, source="two", **extra)
        assert m["rows"] == 2271 + 100 and m["files"][GDELT2]["status"] == "unchanged"
        got = duckdb.sql(
            f"SELECT ingest_file, count(*) FROM {scan(lake, 'gdelt2')} GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        assert got == [(GDELT2, 2271), (second, 100)], engine.__name__
    a, b = scan(tmp_path / "ingest", "gdelt2"), scan(tmp_path / "ingest_spark", "gdelt2")
    for x, y in ((a, b), (b, a)):
        assert duckdb.sql(f"SELECT * FROM {x} EXCEPT ALL SELECT * FROM {y}").fetchall() == []


def test_bad_input(spark, tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest_spark(tmp_path / "nothing-here", tmp_path / "out", spark=spark)
    with pytest.raises(InputError, match="duckdb"):
        ingest_spark("plover", tmp_path / "out", spark=spark)


def test_cli_engine_spark(spark, tmp_path, mirror) -> None:
    """``detente events ingest ... --engine spark`` (in process: the session is the active one)."""
    from typer.testing import CliRunner

    from detente.cli import app

    out = tmp_path / "lake"
    res = CliRunner().invoke(
        app, ["events", "ingest", str(mirror / "icews-sample"), "--out", out.as_uri(),
              "--engine", "spark"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "3,705 rows; 1 present, 0 missing, 0 corrupt, 1 ignored" in res.output
    assert duckdb.sql(f"SELECT count(*) FROM {scan(out, 'icews')}").fetchall() == [(3705,)]
