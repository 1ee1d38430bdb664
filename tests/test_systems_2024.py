"""COW State System v2024 (the default system), the most-recent-year extension and version pins.

Facts from ../shared/data/cow-states-2024/SOURCE.md: 244 spells; 17,511 state-years 1816-2024;
for 1816-2016 exactly the (ccode, year) pairs of system2016.csv; 195 states in every year
2016-2024; the one spell-level change is ccode 345 (YUG to 2006-06-03, then SRB).
"""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

import detente
from detente.errors import InputError

from helpers import q


def _one_sided(wh, a: str, b: str, cols: str) -> tuple[int, int]:
    """How many distinct ``cols`` rows the relation ``a`` has that ``b`` lacks, and the reverse."""
    [counts] = q(
        wh,
        f"""SELECT (SELECT count(*) FROM (SELECT {cols} FROM {a} EXCEPT SELECT {cols} FROM {b})),
                   (SELECT count(*) FROM (SELECT {cols} FROM {b} EXCEPT SELECT {cols} FROM {a}))""",
    )
    return counts


def test_cow_2024_is_the_default_and_its_totals(wh) -> None:
    panel = detente.state_years()
    assert panel.system.name == "cow" and panel.years == (1816, 2024)
    assert panel.sources == ("cow-states-2024",)
    assert panel.count() == 17_511
    per_year = q(wh, f"SELECT year, count(*) FROM ({panel.sql}) WHERE year >= 2016 GROUP BY year")
    assert sorted(per_year) == [(y, 195) for y in range(2016, 2025)]
    assert detente.state_years(years=(2017, 2024)).count() == 1_560
    assert detente.dyad_years().count() == 2_214_930  # directed, 1816-2024
    assert detente.dyad_years(years=(2017, 2024)).count() == 8 * 195 * 194


def test_cow_2024_gives_the_2016_lists_state_years_and_dyad_years(wh) -> None:
    new = detente.state_years("cow", years=(1816, 2016))
    system2016 = wh.view_name("cow-states-2016", "system")
    diff = _one_sided(wh, f"({new.sql})", system2016, "ccode, year")
    assert new.count() == 15_951 and diff == (0, 0)
    d24 = detente.dyad_years("cow", years=(1816, 2016))
    d16 = detente.dyad_years("cow2016")
    both_ways = _one_sided(wh, f"({d24.sql})", f"({d16.sql})", "ccode1, ccode2, year")
    assert d24.count() == d16.count() == 1_912_290 and both_ways == (0, 0)


def test_the_one_spell_that_changed_serbia(wh) -> None:
    spells = q(
        wh,
        f"""SELECT stateabb, start::VARCHAR, "end"::VARCHAR
            FROM {wh.view_name("cow-states-2024", "states")} WHERE ccode = 345 ORDER BY start""",
    )
    assert spells == [
        ("YUG", "1878-07-13", "1941-04-20"),
        ("YUG", "1944-10-20", "2006-06-03"),
        ("SRB", "2006-06-03", "2024-12-31"),
    ]
    frame = detente.state_years(years=(2005, 2008)).to_pandas()
    serbia = frame[frame.ccode == 345].set_index("year").stateabb.to_dict()
    assert serbia == {2005: "YUG", 2006: "YUG", 2007: "SRB", 2008: "SRB"}  # as NMC 7.0 writes it


def test_state_years_match_nmc_7_frame(wh) -> None:
    panel = detente.state_years(years=(1816, 2022))
    nmc = wh.view_name("cow-nmc-7.0", "nmc")
    diff = _one_sided(wh, f"({panel.sql})", nmc, "ccode, year")
    assert panel.count() == 17_121 and diff == (0, 0)


@pytest.mark.parametrize(
    ("system", "last", "states", "extended"),
    [("cow2016", 2016, 15_951, 17_511), ("gw", 2017, 17_767, 18_985), ("cow", 2024, 17_511, 17_511)],
)
def test_extend_to_carries_the_last_states_forward(wh, system, last, states, extended) -> None:
    assert detente.state_years(system).count() == states
    panel = detente.state_years(system, extend_to=2024)
    assert panel.years == (1816, 2024) and panel.count() == extended
    per_year = dict(q(wh, f"SELECT year, count(*) FROM ({panel.sql}) GROUP BY year"))
    assert {per_year[y] for y in range(last, 2025)} == {per_year[last]}
    if system != "cow":
        assert panel.extend_to == 2024 and panel.metadata()["extend_to"] == 2024


def test_cow_2016_extended_to_2024_equals_cow_2024(wh) -> None:
    old = detente.dyad_years("cow2016", extend_to=2024)
    new = detente.dyad_years("cow")
    assert _one_sided(wh, f"({old.sql})", f"({new.sql})", "ccode1, ccode2, year") == (0, 0)


@pytest.mark.parametrize(("extend_to", "message"), [(2010, "ends in 2016"), (3000, "extend to a year")])
def test_impossible_extensions_are_refused(extend_to, message) -> None:
    with pytest.raises(InputError, match=message):
        detente.state_years("cow2016", extend_to=extend_to)


def test_versions_are_pinned_recorded_and_cited(tmp_path) -> None:
    panel = detente.state_years(years=2000, versions={"nmc": "6.0"}).add_capabilities()
    assert "cow-nmc-6.0" in panel.sources and "cow-nmc-7.0" not in panel.sources
    out = panel.write(tmp_path / "p.parquet")
    meta = json.loads(pq.read_schema(out).metadata[b"detente"])
    assert meta["versions"] == {"nmc": "6.0"}
    assert {"id": "cow-nmc-6.0", "version": "6.0"} in meta["sources"]
    assert "v6.0" in panel.cite() and "v7.0" not in panel.cite()
    default = detente.state_years(years=2000).add_capabilities()
    assert "cow-nmc-7.0" in default.sources and "v7.0" in default.cite()
    assert detente.state_years("cow2016", years=2000).versions == (("cow-majors", "2016"),)


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        ({"nmc": "5.0"}, "nmc version '5.0' is not registered"),
        ({"nmcc": "6.0"}, "unknown source family"),
    ],
)
def test_unknown_versions_are_refused(versions, message) -> None:
    with pytest.raises(InputError, match=message):
        detente.state_years(versions=versions)


def test_relevant_dyads_after_2016_use_the_2016_contiguity(wh) -> None:
    """Contiguity 3.2 ends in 2016; the same 195 states form the same relevant dyads afterwards."""
    panel = detente.dyad_years(years=(2016, 2024), relevant=True)
    counts = dict(q(wh, f"SELECT year, count(*) FROM ({panel.sql}) GROUP BY year"))
    assert set(counts) == set(range(2016, 2025)) and len(set(counts.values())) == 1
    [(changed,)] = q(
        wh,
        f"""SELECT count(*) FROM (SELECT ccode1, ccode2 FROM ({panel.sql}) WHERE year = 2016
                                 EXCEPT SELECT ccode1, ccode2 FROM ({panel.sql}) WHERE year = 2024)""",
    )
    assert changed == 0
    assert counts[2016] == detente.dyad_years("cow2016", years=2016, relevant=True).count()
    assert "cow-contiguity-3.2" in panel.sources and "cow-majors-2024" in panel.sources


def test_extended_cow_2016_reads_the_2024_majors(wh) -> None:
    panel = detente.state_years("cow2016", years=(2016, 2022), extend_to=2024).add_capabilities()
    usa = panel.to_pandas().set_index(["ccode", "year"]).cowmaj
    assert [usa[2, y] for y in range(2016, 2023)] == [1] * 7
    assert "cow-majors-2024" in panel.sources and panel.versions == ()
