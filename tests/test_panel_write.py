"""`detente panel --out` writes exactly the library's panel, summarises it as it writes, and a
failed write leaves nothing behind (peacesciencer's steps on the real COW, ATOP and GML files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import pyarrow as pa
import pyarrow.csv as pv
import pyarrow.parquet as pq
import pytest

import detente

YEARS = (2000, 2005)
STEPS = ["--add", "capabilities", "--add", "alliances", "--add", "mids:source=gml"]


@pytest.fixture(scope="module")
def panel(wh):
    """The library's panel the CLI command below builds."""
    p = detente.dyad_years("cow", directed=True, years=YEARS)
    return p.add_capabilities().add_alliances().add_mids(source="gml")


@pytest.fixture(scope="module")
def library(panel) -> pa.Table:
    return panel.to_arrow()


def _cli(out, mirror, cache) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DETENTE_CACHE": str(cache), "DETENTE_MIRROR": str(mirror)}
    args = ["panel", "dyad-years", "--years", f"{YEARS[0]}-{YEARS[1]}", *STEPS, "--out", str(out)]
    return subprocess.run(
        [sys.executable, "-m", "detente", *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_cli_output_equals_the_library_panel(suffix, library, panel, tmp_path, mirror, cache):
    out = tmp_path / f"dyads{suffix}"
    done = _cli(out, mirror, cache)
    assert done.returncode == 0, done.stderr
    assert f"{library.num_rows:,} directed dyad-years, COW system, 2000-2005" in done.stdout
    assert library.num_rows > 200_000 and library.num_columns == 43
    schema = library.schema.remove_metadata()
    if suffix == ".parquet":
        written = pq.read_table(out)
        meta = json.loads(written.schema.metadata[b"detente"])
        assert meta == json.loads(library.schema.metadata[b"detente"])
    else:
        header = out.open().readline().rstrip("\n").split(",")
        assert header == library.column_names
        options = pv.ConvertOptions(column_types=schema, strings_can_be_null=True)
        written = pv.read_csv(out, convert_options=options)  # doubles written round-trip exactly
    # same names and types (Parquet marks the key columns required, Arrow from DuckDB does not)
    assert [(f.name, f.type) for f in written.schema] == [(f.name, f.type) for f in schema]
    written = written.replace_schema_metadata(None).cast(schema)
    assert written.equals(library.replace_schema_metadata(None))  # every value, in order
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left beside it


def test_cli_csv_is_byte_for_byte_duckdbs_csv_of_the_panel(panel, tmp_path, mirror, cache):
    # The CLI writes CSV with polars when it is installed: the text must be what DuckDB writes
    out = tmp_path / "dyads.csv"
    assert _cli(out, mirror, cache).returncode == 0
    reference = tmp_path / "duckdb.csv"
    panel.write(reference)  # COPY straight from DuckDB
    text = out.read_bytes()
    assert text == reference.read_bytes()
    assert b"e-05," in text  # small CINC scores, printed with repr's exponent


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_summary_taken_while_writing_equals_the_panels_summary(suffix, panel, tmp_path):
    fast = panel.write_summary(tmp_path / f"p{suffix}")
    full = panel.summary()
    assert fast["rows"] == full["rows"] > 200_000
    assert fast["columns"].keys() == full["columns"].keys()
    for name, stats in full["columns"].items():
        assert fast["columns"][name]["missing"] == pytest.approx(stats["missing"], abs=1e-12)
        if stats["mean"] is None:
            assert fast["columns"][name]["mean"] is None, name
        else:
            assert fast["columns"][name]["mean"] == pytest.approx(stats["mean"], rel=1e-12)
    assert full["columns"]["milex1"]["mean"] is not None  # the means are not all empty
    assert 0 < full["columns"]["milex1"]["missing"] < 0.5  # nor the missing shares
    assert {k: v for k, v in fast.items() if k != "columns"} == {
        k: v for k, v in full.items() if k != "columns"
    }


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_a_panel_failing_mid_query_writes_nothing(suffix, panel, tmp_path):
    broken = panel.extend(
        f"SELECT *, CASE WHEN year = 2003 THEN error('disk full') END AS boom FROM ({panel.sql})",
        [],
        {"step": "boom"},
    )
    keep = tmp_path / f"old{suffix}"
    keep.write_text("an earlier panel\n")
    for method in (broken.write, broken.write_summary):
        for target in (tmp_path / f"new{suffix}", keep):
            with pytest.raises(duckdb.Error, match="disk full"):
                method(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [keep.name]
    assert keep.read_text() == "an earlier panel\n"


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_cli_failed_write_leaves_nothing_and_says_why(suffix, tmp_path, mirror, cache):
    out = tmp_path / f"taken{suffix}"
    out.mkdir()  # a folder already has the name: the finished file cannot be moved into place
    (out / "keep.txt").write_text("mine")
    done = _cli(out, mirror, cache)
    assert done.returncode == 1
    assert done.stderr.startswith("error:") and str(out) in done.stderr
    assert "Traceback" not in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
