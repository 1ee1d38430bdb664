"""Ingest: real files into hive-partitioned Parquet, a manifest with no silent gaps, atomic writes."""

from __future__ import annotations

import json
import zipfile

import duckdb
import pyarrow.parquet as pq
import pytest

from detente.errors import InputError, UnknownSourceError
from detente.events.ingest import EventGapError, ingest, scan

GDELT2 = "20150218230000.export.CSV"


@pytest.fixture(scope="module")
def lake(tmp_path_factory, mirror):
    """All four event sources ingested once into one folder."""
    out = tmp_path_factory.mktemp("lake")
    for what in ("gdelt-2.0-sample", mirror / "gdelt-sample", mirror / "icews-sample", "plover"):
        ingest(what, out, mirror=mirror)
    return out


def test_rows_partitions_and_columns(lake) -> None:
    """Per format: rows by source/year/month; GDELT keeps its columns (Year becomes the partition)."""
    got = {
        fmt: duckdb.sql(
            f"SELECT source, year, month, count(*) FROM {scan(lake, fmt)} GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        for fmt in ("gdelt1", "gdelt2", "icews", "plover")
    }
    assert got == {
        "gdelt1": [("gdelt-sample", 2012, 9, 2223)],
        "gdelt2": [("gdelt-2.0-sample", 2014, 2, 52), ("gdelt-2.0-sample", 2015, 1, 13),
                   ("gdelt-2.0-sample", 2015, 2, 2206)],
        "icews": [("icews-sample", 2018, 6, 3705)],
        "plover": [("plover", 2000, 1, 322)],
    }  # fmt: skip
    # 58 GDELT 1.0 columns - Year + ingest_file + source/year/month; 61 for 2.0 likewise
    assert len(duckdb.sql(f"SELECT * FROM {scan(lake, 'gdelt1')}").columns) == 58 - 1 + 1 + 3
    assert len(duckdb.sql(f"SELECT * FROM {scan(lake, 'gdelt2')}").columns) == 61 - 1 + 1 + 3


def test_codes_stay_strings_and_parts_are_zstd(lake) -> None:
    """EventCode 043 and root 04 survive as text; every part is zstd-compressed Parquet."""
    got = duckdb.sql(
        f"""SELECT "EventCode", "EventRootCode", typeof("EventCode") FROM {scan(lake, "gdelt2")}
            WHERE "GLOBALEVENTID" = 410412347"""
    ).fetchall()
    assert got == [("043", "04", "VARCHAR")]
    part = next((lake / "gdelt2").rglob("*.parquet"))
    meta = pq.ParquetFile(part).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    assert pq.read_schema(part).field("EventCode").type == "string"


def test_manifest_lists_ignored_files_and_reingest_is_a_no_op(lake, mirror) -> None:
    manifest = json.loads((lake / "manifest.json").read_text())
    g1 = manifest["sources"]["gdelt-sample"]
    assert g1["present"] == ["sept2012.csv"] and g1["missing"] == [] and g1["corrupt"] == []
    assert "events1.csv" in g1["ignored"]  # a schema table, not events: listed, with the reason
    assert "fits no known event schema" in g1["files"]["events1.csv"]["error"]
    again = ingest("gdelt-2.0-sample", lake, mirror=mirror)
    assert again["files"][GDELT2]["status"] == "unchanged" and again["rows"] == 2271


def test_missing_slots_corrupt_files_and_zip(tmp_path, mirror) -> None:
    """Two 2.0 slots 30 minutes apart: the 23:15 slot is missing; a truncated row is corrupt."""
    src = tmp_path / "in"
    src.mkdir()
    real = (mirror / "gdelt-2.0-sample" / GDELT2).read_bytes()
    with zipfile.ZipFile(src / f"{GDELT2}.zip", "w") as archive:  # a zipped copy, as GDELT ships
        archive.writestr(GDELT2, real)
    first = real.split(b"\n", 1)[0]
    # hand-made: the real first row with its last field (SOURCEURL) cut off -> 60 fields
    (src / "20150218233000.export.CSV").write_bytes(first + b"\n" + first.rsplit(b"\t", 1)[0] + b"\n")
    out = tmp_path / "out"
    m = ingest(src, out, source="gdelt2-test")
    assert m["expected"] == [
        "20150218230000.export.CSV", "20150218231500.export.CSV", "20150218233000.export.CSV"
    ]  # fmt: skip
    assert m["present"] == [f"{GDELT2}.zip"] and m["rows"] == 2271
    assert m["missing"] == ["20150218231500.export.CSV"]
    assert m["corrupt"] == ["20150218233000.export.CSV"]
    assert "Expected Number of Columns" in m["files"]["20150218233000.export.CSV"]["error"]
    assert not list(out.glob(".staging-*")) and not list(out.rglob("*20150218233000*"))
    with pytest.raises(EventGapError, match="1 missing and 1 corrupt"):
        ingest(src, out, source="gdelt2-test", strict=True)


def test_bad_input(tmp_path) -> None:
    with pytest.raises(UnknownSourceError, match="unknown source"):
        ingest("gdelt-3.0", tmp_path)
    with pytest.raises(InputError, match="has no event files"):
        ingest("atop-5.1", tmp_path)
    with pytest.raises(InputError, match="no such file"):
        ingest(tmp_path / "nothing-here", tmp_path)


def test_year_must_match_sqldate(tmp_path, mirror) -> None:
    """Hand-made: the export's first real row with its Year field (4th) changed from 2014 to 2013."""
    first = (mirror / "gdelt-2.0-sample" / GDELT2).read_bytes().split(b"\n", 1)[0].split(b"\t")
    assert first[3] == b"2014"
    first[3] = b"2013"
    (tmp_path / GDELT2).write_bytes(b"\t".join(first) + b"\n")
    m = ingest([tmp_path / GDELT2], tmp_path / "out")
    assert (
        m["corrupt"] == [GDELT2]
        and "Year that is not the year of SQLDATE" in m["files"][GDELT2]["error"]
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [(33, b"many", "Could not convert"), (1, b"2015-02-18", "Could not")],
)
def test_a_value_that_does_not_fit_fails_the_file(tmp_path, mirror, field, value, message) -> None:
    """Hand-made from the export's first real row: NumArticles (34th field) or SQLDATE (2nd) bad.

    Raw exports are parsed typed by the CSV reader: a bad value fails the file as the text read
    and cast did, and the file is reported corrupt with the reader's message.
    """
    rows = (mirror / "gdelt-2.0-sample" / GDELT2).read_bytes().split(b"\n")
    first = rows[0].split(b"\t")
    first[field] = value
    (tmp_path / GDELT2).write_bytes(b"\n".join([rows[1], b"\t".join(first), rows[2]]) + b"\n")
    m = ingest([tmp_path / GDELT2], tmp_path / "out")
    assert m["corrupt"] == [GDELT2] and message in m["files"][GDELT2]["error"]
    assert not list((tmp_path / "out").rglob("*.parquet"))


def test_typed_read_equals_the_text_read(mirror) -> None:
    """The export read typed by the CSV reader equals it read as text and cast (every value)."""
    from detente.sources._events import GDELT2_COLUMNS, csv_scan, gdelt_select, read_sql

    path = mirror / "gdelt-2.0-sample" / GDELT2
    scan = csv_scan(path, GDELT2_COLUMNS, delim="\t", header=False, r_style=False)
    text = f"SELECT {gdelt_select(GDELT2_COLUMNS, GDELT2_COLUMNS)} FROM {scan}"
    typed = read_sql(path)[1]
    assert "dateformat" in typed and "dateformat" not in text
    con = duckdb.connect()
    a, b = con.sql(text).to_arrow_table(), con.sql(typed).to_arrow_table()
    assert a.schema == b.schema and a.num_rows == b.num_rows == 2271
    assert a.equals(b)


def test_small_files_read_together_equal_one_at_a_time(tmp_path, mirror, monkeypatch) -> None:
    """Three real exports under consecutive slot names: the batched scan writes the same parts,
    rows and values as one file at a time; a corrupt file among them fails only itself."""
    import detente.events.ingest as ingest_module

    real = (mirror / "gdelt-2.0-sample" / GDELT2).read_bytes()
    src = tmp_path / "in"
    src.mkdir()
    slots = ["20150218230000", "20150218231500", "20150218233000"]
    for slot in slots:
        (src / f"{slot}.export.CSV").write_bytes(real)
    together = ingest(src, tmp_path / "together", source="s")
    monkeypatch.setattr(ingest_module, "SMALL_FILE", 0)  # every file on its own
    alone = ingest(src, tmp_path / "alone", source="s")
    assert together["rows"] == alone["rows"] == 3 * 2271
    for name, rec in together["files"].items():
        assert (rec["parts"], rec["rows"]) == (
            alone["files"][name]["parts"],
            alone["files"][name]["rows"],
        )
    a, b = (f"SELECT * FROM {scan(tmp_path / d, 'gdelt2')}" for d in ("together", "alone"))
    assert duckdb.sql(f"SELECT count(*) FROM ({a} EXCEPT ALL {b})").fetchall() == [(0,)]
    monkeypatch.undo()
    # hand-made: the middle export's first real row, then that row cut after its 60th field
    first = real.split(b"\n", 1)[0]
    (src / f"{slots[1]}.export.CSV").write_bytes(first + b"\n" + first.rsplit(b"\t", 1)[0] + b"\n")
    m = ingest(src, tmp_path / "mixed", source="s")
    assert m["corrupt"] == [f"{slots[1]}.export.CSV"] and m["rows"] == 2 * 2271
    assert "Expected Number of Columns" in m["files"][f"{slots[1]}.export.CSV"]["error"]
    assert not list((tmp_path / "mixed").rglob(f"*{slots[1]}*"))
