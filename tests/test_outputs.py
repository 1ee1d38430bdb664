"""Outputs: a failed write leaves neither a partial file nor a temporary one; paths checked first."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from detente.errors import InputError
from detente.outputs import atomic_path, check_output, copy_query, staging_dir, write_text


def test_failed_write_leaves_nothing(tmp_path) -> None:
    target = tmp_path / "panel.parquet"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        (tmp_path / tmp).write_bytes(b"PAR1 half")
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_failed_rewrite_keeps_the_old_file(tmp_path) -> None:
    target = write_text(tmp_path / "refs.bib", "@misc{old,}\n")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        (tmp_path / tmp).write_text("@misc{new,")
        raise RuntimeError("interrupted")
    assert target.read_text() == "@misc{old,}\n" and list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_copy_failing_after_rows_were_written_keeps_the_old_file(tmp_path, suffix) -> None:
    # 900,000 rows stream out (several Parquet row groups) before the query fails
    failing = (
        "SELECT CASE WHEN i = 900000 THEN error('disk full') ELSE i END AS i FROM range(1000000) t(i)"
    )
    target = write_text(tmp_path / f"panel{suffix}", "old\n")
    with pytest.raises(duckdb.Error, match="disk full"):
        copy_query(duckdb.connect(), failing, target)
    assert target.read_text() == "old\n" and list(tmp_path.iterdir()) == [target]


def test_copy_counts_rows_and_nulls_from_the_writer(tmp_path) -> None:
    query = 'SELECT i, nullif(i % 3, 0) AS "odd""name", [i] AS l FROM range(10) t(i)'
    counted = copy_query(duckdb.connect(), query, tmp_path / "t.parquet", {"detente": "{}"})
    assert counted == {"rows": 10, "nulls": {"i": 0, 'odd"name': 4, "l": 0}}
    assert pq.read_schema(tmp_path / "t.parquet").metadata[b"detente"] == b"{}"
    assert copy_query(duckdb.connect(), query, tmp_path / "t.csv") == {"rows": 10}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("x.xlsx", "the suffix must be .parquet or .csv"),
        ("no/such/x.csv", "folder 'no/such' does not exist"),
    ],
)
def test_check_output_names_the_path(path, message) -> None:
    with pytest.raises(InputError, match=message):
        check_output(path)


def _killed_writer_part(folder, name: str) -> None:
    """What ``kill -9`` during ``panel.write(folder / name)`` leaves: an unlocked ``.part`` file."""
    (folder / f".{name}.k1ll3d.part").write_bytes(b"PAR1 half a panel")


def test_killed_writes_part_file_is_removed_by_the_next_write(tmp_path) -> None:
    _killed_writer_part(tmp_path, "panel.csv")
    write_text(tmp_path / "panel.csv", "a\n1\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["panel.csv"]


def test_a_live_writers_part_file_is_kept(tmp_path) -> None:
    target = tmp_path / "panel.csv"
    with atomic_path(target) as live:  # still being written (lock held)
        write_text(target, "a\n1\n")  # a second writer of the same name must not delete it
        assert Path(live).exists()
    assert target.exists()


def test_killed_staging_folder_is_removed_by_the_next_one(tmp_path) -> None:
    stale = tmp_path / ".staging-k1ll3d"
    stale.mkdir()
    (stale / ".lock").touch()
    (stale / "download.zip").write_bytes(b"PK half")
    with staging_dir(tmp_path) as live:
        assert not stale.exists() and live.exists()
    assert list(tmp_path.iterdir()) == []


def _duckdb_csv(table, path: Path) -> bytes:
    con = duckdb.connect()
    con.register("t", table)
    con.execute(f"COPY t TO '{path}' (FORMAT csv, HEADER)")
    return path.read_bytes()


def test_polars_csv_is_duckdbs_text_at_every_number_edge(tmp_path) -> None:
    pytest.importorskip("polars")
    import pyarrow as pa

    from detente.outputs import _PROBE, _polars_agrees, write_table

    assert _polars_agrees()  # else write_table silently uses DuckDB's (slower) writer
    table = pa.table({
        "x": pa.array(_PROBE["d"], pa.float64()),
        "n": pa.array(range(len(_PROBE["d"])), pa.int16()),
        "b": pa.array([i % 2 == 0 for i in range(len(_PROBE["d"]))]),
    })  # fmt: skip
    text = write_table(table, tmp_path / "edges.csv").read_bytes()
    assert text == _duckdb_csv(table, tmp_path / "duck.csv")
    assert b"\n1e-05," in text and b"\n1e+16," in text and b"\nnan," in text  # repr's exponents


def test_csv_with_text_columns_is_written_by_duckdb(tmp_path) -> None:
    import pyarrow as pa

    from detente.outputs import write_table

    table = pa.table({"name": ["a,b", 'say "hi"', "", None], "v": [1.5, None, 1e-05, 2.0]})
    text = write_table(table, tmp_path / "names.csv").read_bytes()
    assert text == _duckdb_csv(table, tmp_path / "duck.csv")
    assert text.splitlines()[1:4] == [b'"a,b",1.5', b'"say ""hi""",', b'"",1e-05']


def test_polars_csv_is_duckdbs_text_for_doubles_of_every_size(tmp_path) -> None:
    # 300,000 doubles spread over the whole range (subnormals to 1e308, both signs), integral
    # values and plain fractions: not one character differs from DuckDB's writer
    pytest.importorskip("polars")
    import numpy as np
    import pyarrow as pa

    from detente.outputs import write_table

    rng = np.random.default_rng(15)
    spread = 10.0 ** rng.uniform(-330, 308.2, 200_000) * rng.choice([-1, 1], 200_000)
    whole = rng.integers(-(10**9), 10**9, 50_000).astype(float)
    table = pa.table({"x": np.concatenate([spread, whole, rng.random(50_000)])})
    text = write_table(table, tmp_path / "random.csv").read_bytes()
    assert text == _duckdb_csv(table, tmp_path / "duck.csv")


def test_csv_without_polars_formats_is_duckdbs(tmp_path) -> None:
    # repeated column names and zero rows: whichever writer takes them, DuckDB's text
    import pyarrow as pa

    from detente.outputs import write_table

    twice = pa.Table.from_arrays([pa.array([1e-05]), pa.array([2.0])], names=["a", "a"])
    text = write_table(twice, tmp_path / "twice.csv").read_bytes()
    assert text == _duckdb_csv(twice, tmp_path / "duck2.csv") == b"a,a_1\n1e-05,2.0\n"
    empty = pa.table({"a": pa.array([], pa.float64()), "b": pa.array([], pa.int8())})
    text = write_table(empty, tmp_path / "empty.csv").read_bytes()
    assert text == _duckdb_csv(empty, tmp_path / "duck.csv") == b"a,b\n"
