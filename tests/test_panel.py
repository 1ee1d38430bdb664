"""The Panel object: lazy steps, the three output formats, atomic writes, metadata and citations."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

import detente
from detente.errors import InputError


@pytest.fixture(scope="module")
def small(wh):
    panel = detente.dyad_years("cow2016", years=(1990, 1991), versions={"nmc": "6.0"})
    return panel.add_capabilities().add_alliances()


def test_steps_are_lazy_and_record_provenance(small) -> None:
    assert [s["step"] for s in small.steps] == ["dyad_years", "capabilities", "alliances"]
    assert small.sources == ("cow-states-2016", "cow-nmc-6.0", "atop-5.1")
    assert "capabilities" in repr(small)


def test_outputs_agree(small) -> None:
    arrow, pandas = small.to_arrow(), small.to_pandas()
    assert arrow.num_rows == len(pandas) == small.count()
    assert arrow.column_names == list(pandas.columns) == small.columns
    pytest.importorskip("polars", reason="polars is not installed (extra: polars; CI installs it)")
    polars = small.to_polars()
    assert (polars.height, polars.columns) == (arrow.num_rows, arrow.column_names)
    assert not any(c.startswith("_") for c in small.columns)
    assert pandas.atop_defense.dtype == "Int8"  # nullable, so a missing value never turns into 0
    first = pandas.iloc[0]
    assert (first.ccode1, first.ccode2, first.year) == (2, 20, 1990)  # ordered by codes and year
    assert json.loads(arrow.schema.metadata[b"detente"])["system"] == "cow2016"


def test_write_parquet_records_sources_and_version(small, tmp_path) -> None:
    path = small.write(tmp_path / "dyads.parquet")
    table = pq.read_table(path)
    assert table.num_rows == small.count()
    meta = json.loads(pq.read_schema(path).metadata[b"detente"])
    assert meta["detente_version"] == detente.__version__
    assert {s["id"]: s["version"] for s in meta["sources"]} == {
        "cow-states-2016": "2016",
        "cow-nmc-6.0": "6.0",
        "atop-5.1": "5.1",
    }
    assert [s["step"] for s in meta["steps"]][-1] == "alliances"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_write_csv_and_refuse_bad_paths(small, tmp_path) -> None:
    path = small.write(tmp_path / "dyads.csv")
    assert path.read_text().splitlines()[0].startswith("ccode1,ccode2,year,milex1")
    with pytest.raises(InputError, match="suffix must be .parquet or .csv"):
        small.write(tmp_path / "dyads.xlsx")
    with pytest.raises(InputError, match="does not exist"):
        small.write(tmp_path / "missing" / "dyads.parquet")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dyads.csv"]


def test_unknown_step_and_parameter(small) -> None:
    with pytest.raises(InputError, match="unknown step 'alliance'; did you mean alliances"):
        small.add("alliance")
    with pytest.raises(InputError, match="no parameter"):
        small.add("capabilities", weighted=True)


def test_cite_gives_bibtex_for_each_source_used(small) -> None:
    text = small.cite()
    assert text.count("\n@") + text.startswith("@") >= 3
    for key in ("cow_states_2016", "singer_bremer_stuckey_1972", "leeds_et_al_2002"):
        assert "{" + key + "," in text
    assert "stinnett" not in text  # contiguity was not used


def test_summary_counts_missing_values(small) -> None:
    summary = small.summary()
    assert summary["rows"] == small.count()
    assert summary["columns"]["ccode1"]["missing"] == 0
    assert 0 < summary["columns"]["atop_defense"]["mean"] < 1


def test_dyad_year_universe_is_cached_once_per_system(wh) -> None:
    """A year range is a filter on the cached, sorted universe of the whole system."""
    whole = detente.dyad_years("cow", years=(1816, 2016)).to_arrow()
    part = detente.dyad_years("cow", years=(1990, 1991)).to_arrow()
    assert whole.num_rows == 1_912_290
    inside = whole.filter((whole["year"].to_numpy() >= 1990) & (whole["year"].to_numpy() <= 1991))
    assert part.equals(inside.replace_schema_metadata(part.schema.metadata))
    cached = list((wh.cache / "derived").glob("dyad_years-*.parquet"))
    assert cached, "the universe is kept as Parquet in the cache"


def test_import_detente_loads_nothing_heavy() -> None:
    """``import detente`` stays light: the heavy libraries load with the first function used."""
    import subprocess
    import sys

    code = (
        "import sys, detente; heavy = {'duckdb', 'pandas', 'pyarrow', 'networkx', 'pooch', 'polars'}"
        "; print(sorted(heavy & set(sys.modules)))"
        "; assert callable(detente.cite) and callable(detente.fetch) and callable(detente.sources)"
        "; import detente.cite, detente.fetch, detente.sources"
        "; assert callable(detente.cite) and callable(detente.fetch) and callable(detente.sources)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_step_by_step_evaluation_equals_the_single_query(wh) -> None:
    """A dyad-year panel is computed one step at a time on its keys (Panel.to_arrow): the same
    columns, types, values and row order as the nested query over all steps."""
    panel = detente.dyad_years(years=(1990, 1992)).add_capabilities().add_alliances()
    panel = panel.add_mids().add_peace_years().add_similarity(measures=["tau_b"])
    assert panel.keys() is not None and len(panel.staged.parts) == 5
    staged = panel.to_arrow()
    nested = panel.relation().to_arrow_table()
    assert staged.replace_schema_metadata(None).equals(nested)
    assert staged.num_rows == panel.count() == 90_776  # directed COW 2024 dyad-years 1990-1992
    # a panel whose SQL was replaced (a filter) is evaluated as one query, with the filter
    from dataclasses import replace

    pair = replace(panel, sql=f"SELECT * FROM ({panel.sql}) WHERE _k1 = 2 AND _k2 = 200")
    assert pair.keys() is None and pair.add_contiguity().keys() is None
    assert pair.to_arrow().num_rows == 3


def test_stored_tables_are_computed_once_per_cache(wh, tmp_path) -> None:
    """Warehouse.stored keeps a computed table as Parquet: another process (warehouse) reads it."""
    import pyarrow as pa

    from detente.warehouse import Warehouse

    calls = []

    def compute() -> pa.Table:
        calls.append(1)
        return pa.table({"x": [1, 2, 3]})

    for _ in range(2):
        other = Warehouse(mirror=wh.mirror, cache=tmp_path)
        assert other.stored("_t", compute) == "_t"
        assert other.con.cursor().sql("SELECT sum(x) FROM _t").fetchall() == [(6,)]
    assert calls == [1]


def test_step_rows_are_proven_to_be_the_keys_rows(wh) -> None:
    """Each step query of a staged panel returns only a residue of ``_r`` (a full ``_r`` would stay
    in memory beside the result); the residue's modulus is the smallest the keys' rank gaps allow,
    and a step whose join repeats one row and loses another is still caught (single query)."""
    import pyarrow as pa

    from detente.panel import _rank_check

    sql, check = _rank_check(pa.chunked_array([pa.array([4, 5, 6, 7], pa.int32())]))
    assert sql.startswith("(_r % 2)") and check.to_pylist() == [False, True, False, True]
    assert _rank_check(pa.chunked_array([[0, 9, 264]]))[1].to_pylist() == [0, 9, 8]
    assert "65536" in _rank_check(pa.chunked_array([[0, 256]]))[0]
    assert _rank_check(pa.chunked_array([[0, 70_000]]))[0] == "_r AS _r_check"  # too far apart
    assert _rank_check(pa.chunked_array([[0, 0, 1]]))[0] == "_r AS _r_check"  # not distinct

    panel = detente.dyad_years(years=(2000, 2001))
    ranks = wh.con.sql(f"SELECT _r FROM ({panel.sql}) ORDER BY _r LIMIT 2 OFFSET 40").fetchall()
    (first,), (other,) = ranks

    def bad(sql: str) -> str:  # row `other` twice, row `first` never: as many rows as the keys
        return f"""SELECT *, 1 AS bad FROM ({sql}) WHERE _r <> {first}
                   UNION ALL SELECT *, 1 AS bad FROM ({sql}) WHERE _r = {other}"""

    broken = panel.extend(bad(panel.sql), (), {"step": "bad"}, part=bad(panel.keys().sql))
    assert broken.keys() is not None and broken.count() == panel.count()
    got = broken.to_arrow().replace_schema_metadata(None)
    assert got.equals(broken.relation().to_arrow_table())  # the single query's rows, as they are
    assert got.num_rows == panel.count() and got["bad"].null_count == 0
