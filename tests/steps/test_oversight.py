"""Oversight step: V-Dem and Polity values on the right COW state-years, domains, dyads, G&W."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

import detente
from detente.errors import InputError
from detente.panel import STATE_YEAR, Panel
from detente.steps.oversight import CODES, DEFAULT_MEASURES, MORE_MEASURES, polity_sql, vdem_sql
from detente.systems import get_system

from helpers import assert_all, q

pytestmark = pytest.mark.usefixtures("wh")  # the warehouse reads the mirror


def vdem(wh, text_id: str, year: int, column: str = "v2x_polyarchy") -> float | None:
    """V-Dem's own value for a country-year (by V-Dem's country_text_id)."""
    view = wh.view_name("vdem-v14-lite", "country_years")
    sql = f"SELECT {column} FROM {view} WHERE country_text_id = '{text_id}' AND year = {year}"
    return q(wh, sql)[0][0]


def hand_panel(wh, states: tuple[int, ...], years: tuple[int, int]) -> Panel:
    """A hand-made COW state-year panel, to reach the sources' upper edges beyond COW's 2016."""
    sql = f"""SELECT c::SMALLINT AS ccode, 'X' AS stateabb, y::SMALLINT AS year, c::SMALLINT AS _k
              FROM unnest({list(states)}) t(c), range({years[0]}, {years[1] + 1}) r(y)"""
    return Panel(wh, sql, STATE_YEAR, get_system("cow"), years)


@pytest.fixture(scope="module")
def cow_sy(wh) -> pd.DataFrame:
    """Every COW state-year with the default oversight measures, indexed by (ccode, year)."""
    panel = detente.state_years(years=(1816, 2016)).add_oversight()
    return panel.to_pandas().set_index(["ccode", "year"])


def test_columns_and_one_row_per_panel_row(wh, cow_sy) -> None:
    assert len(cow_sy) == 15951 and cow_sy.index.is_unique
    assert list(cow_sy.columns) == ["stateabb", *DEFAULT_MEASURES]
    mapped = vdem_sql(wh, ["v2x_regime"])
    twice = "SELECT ccode, year FROM ({}) GROUP BY ALL HAVING count(*) > 1"
    assert q(wh, twice.format(mapped)) == [] and q(wh, twice.format(polity_sql(wh))) == []
    # every mapped V-Dem country-year that is a COW state-year lands on the panel
    system = wh.view_name("cow-states-2016", "system")
    landed = q(wh, f"SELECT count(v2x_regime) FROM ({mapped}) v JOIN {system} s USING (ccode, year)")
    assert cow_sy.v2x_regime.notna().sum() == landed[0][0] > 6000


def test_codes_are_whole_numbers_kept_as_tinyint(wh, cow_sy) -> None:
    # the file stores the codes as doubles; every one is a whole number, so TINYINT keeps them
    vdem = wh.view_name("vdem-v14-lite", "country_years")
    fractional = " OR ".join(f"{c} <> round({c})" for c in CODES)
    assert q(wh, f"SELECT count(*) FROM {vdem} WHERE {fractional}") == [(0,)]
    ranges = q(wh, f"SELECT min(v2x_regime), max(v2x_regime), max(e_pt_coup) FROM {vdem}")
    assert ranges == [(0.0, 3.0, 2.0)]
    assert [str(cow_sy[c].dtype) for c in CODES] == ["Int8", "Int8"]


def test_usa_and_others_equal_the_files(cow_sy) -> None:
    usa = cow_sy.loc[2]
    # values read from vdemlite.rda and p5v2018.xls directly
    assert usa.loc[2016, "v2x_polyarchy"] == 0.891 and usa.loc[2000, "v2x_polyarchy"] == 0.871
    assert usa.loc[2016, "v2x_libdem"] == 0.838 and usa.loc[2016, "v2x_jucon"] == 0.964
    assert usa.loc[2016, "v2x_ex_military"] == 0.036 and usa.loc[2016, "e_pt_coup"] == 0
    assert usa.loc[2016, "polity2"] == 8 and usa.loc[2000, "polity2"] == 10
    assert cow_sy.loc[(200, 2016), "polity2"] == 8  # United Kingdom
    assert cow_sy.loc[(710, 2016), "polity2"] == -7  # China
    assert cow_sy.loc[(365, 2016), "polity2"] == 4  # Russia
    assert cow_sy.loc[(255, 1940), "polity2"] == -9  # Germany: a score, not a special code
    assert pd.isna(cow_sy.loc[(220, 1940), "polity2"])  # France 1940: -66 (interruption) is null
    egypt = cow_sy.loc[651]  # the 2013 coup: military dimension 1, one Powell-Thyne coup
    assert (egypt.loc[2013, "v2x_ex_military"], egypt.loc[2013, "e_pt_coup"]) == (1.0, 1.0)
    assert (egypt.loc[2014, "v2x_ex_military"], egypt.loc[2014, "e_pt_coup"]) == (0.5, 0.0)
    thailand = cow_sy.loc[(800, 2014)]
    assert (thailand.v2x_polyarchy, thailand.e_pt_coup) == (0.155, 1.0)


def test_names_land_on_the_right_cow_state(wh, cow_sy) -> None:
    poly = cow_sy.v2x_polyarchy
    assert poly[(260, 1989)] == vdem(wh, "DEU", 1989) == 0.869  # V-Dem's DEU is the FRG to 1989
    assert poly[(255, 1990)] == vdem(wh, "DEU", 1990) == 0.896  # and unified Germany from 1990
    assert math.isnan(poly[(260, 1990)])  # the year of unification goes to 255
    assert poly[(265, 1989)] == vdem(wh, "DDR", 1989) == 0.183
    assert poly[(678, 1989)] == vdem(wh, "YEM", 1989) == 0.170  # North Yemen
    assert poly[(680, 1989)] == vdem(wh, "YMD", 1989) == 0.119
    assert poly[(679, 2000)] == vdem(wh, "YEM", 2000)
    assert poly[(20, 2014)] == vdem(wh, "CAN", 2014) == 0.813
    assert cow_sy.loc[(260, 1990), "polity2"] == 10  # Polity has its own FRG row (GFR) for 1990


def test_polity_double_entries_keep_the_successor(cow_sy) -> None:
    # p5v2018: ETH 0 / ETI 1 (1993), SAR -7 / ITA -4 (1861), RUS -1 / USR -7 (1922),
    # SUD -2 / SDN -4 (2011), YGS 6 / SER 8 (2006); YUG and YGS 1991, DRV and VIE 1976 agree
    polity2 = cow_sy.polity2
    assert polity2[(530, 1993)] == 1
    assert polity2[(325, 1861)] == -4
    assert polity2[(365, 1922)] == -7
    assert polity2[(625, 2011)] == -4
    assert polity2[(345, 2006)] == 8
    assert polity2[(345, 1991)] == -5 and polity2[(816, 1976)] == -7


def test_domain_edges(wh, cow_sy) -> None:
    usa = cow_sy.loc[2]
    assert math.isnan(usa.loc[1969, "v2x_polyarchy"]) and usa.loc[1970, "v2x_polyarchy"] == 0.72
    assert cow_sy.loc[(slice(None), 1969), list(DEFAULT_MEASURES)[:-1]].isna().all().all()
    assert usa.loc[1969, "polity2"] == 8 and cow_sy.loc[(2, 1816), "polity2"] == 6
    late = hand_panel(wh, (2, 20), (2018, 2024)).add_oversight().to_pandas().set_index(["ccode", "year"])
    assert late.loc[(2, 2023), "v2x_polyarchy"] == vdem(wh, "USA", 2023) == 0.848
    assert late.loc[(slice(None), 2024), list(DEFAULT_MEASURES)].isna().all().all()  # after V-Dem
    assert pd.isna(late.loc[(2, 2023), "e_pt_coup"])  # the coup series stops in 2022
    assert late.loc[(2, 2019), "polity2"] == 7 and late.loc[(2, 2020), "polity2"] == 5
    assert pd.isna(late.loc[(2, 2021), "polity2"])  # after Polity's 2020
    assert late.loc[(20, 2018), "polity2"] == 10 and pd.isna(late.loc[(20, 2019), "polity2"])


def test_dyads_weak_link_and_symmetry(wh) -> None:
    frame = detente.dyad_years(years=(2000, 2000)).add_oversight().to_pandas()
    assert len(frame) == detente.dyad_years(years=(2000, 2000)).count()
    usa_chn = frame[(frame.ccode1 == 2) & (frame.ccode2 == 710)].iloc[0]
    assert (usa_chn.polity21, usa_chn.polity22) == (10, -7)
    assert (usa_chn.polity2_min, usa_chn.polity2_max) == (-7, 10)
    assert usa_chn.v2x_polyarchy_min == min(vdem(wh, "USA", 2000), vdem(wh, "CHN", 2000))
    assert usa_chn.v2x_polyarchy_max == vdem(wh, "USA", 2000) == 0.871
    both = frame.dropna(subset=["polity21", "polity22"])
    assert_all(both.polity2_min == both[["polity21", "polity22"]].min(axis=1))
    assert_all(both.polity2_max == both[["polity21", "polity22"]].max(axis=1))
    one_missing = frame[frame.polity21.isna() != frame.polity22.isna()]
    assert len(one_missing) > 0 and one_missing.polity2_min.isna().all()  # weak link needs both
    assert one_missing.polity2_max.isna().all()
    pairs = frame.merge(frame, left_on=["ccode1", "ccode2"], right_on=["ccode2", "ccode1"])
    for col in ("polity2_min", "polity2_max", "v2x_polyarchy_min", "v2x_polyarchy_max"):
        assert pairs[f"{col}_x"].equals(pairs[f"{col}_y"])  # (A, B) and (B, A) agree
    assert pairs.polity21_x.equals(pairs.polity22_y)


def test_gw_panel(wh) -> None:
    gw = detente.state_years("gw", years=(2000, 2017)).add_oversight(
        measures=["v2x_polyarchy", "polity2"]
    )
    frame = gw.to_pandas().set_index(["gwcode", "year"])
    assert len(frame) == detente.state_years("gw", years=(2000, 2017)).count()
    assert frame.loc[(260, 2000), "v2x_polyarchy"] == vdem(wh, "DEU", 2000)  # G&W 260 = COW 255
    assert frame.loc[(678, 2017), "v2x_polyarchy"] == vdem(wh, "YEM", 2017)  # G&W 678 = COW 679
    assert frame.loc[(340, 2010), "polity2"] == 8  # Serbia: G&W 340 = COW 345, Polity SER
    assert frame.loc[(2, 2017), "v2x_polyarchy"] == vdem(wh, "USA", 2017)
    assert frame.loc[(2, 2017), "polity2"] == 8
    dyads = detente.dyad_years("gw", years=(2017, 2017)).add_oversight(measures=["polity2"]).to_pandas()
    usa_ger = dyads[(dyads.gwcode1 == 2) & (dyads.gwcode2 == 260)].iloc[0]
    assert (usa_ger.polity21, usa_ger.polity22, usa_ger.polity2_min) == (8, 10, 8)


def test_measures_sources_and_errors() -> None:
    p = detente.state_years(years=(2000, 2000))
    only_polity = p.add_oversight(measures=["polity2"])
    assert only_polity.columns == ["ccode", "stateabb", "year", "polity2"]
    assert only_polity.sources == ("cow-states-2024", "polity5-subset")
    more = p.add_oversight(measures=list(MORE_MEASURES))
    assert more.sources == ("cow-states-2024", "vdem-v14-lite")
    assert more.to_pandas()[list(MORE_MEASURES)].notna().any().all()  # every extra column has data
    assert p.add_oversight(measures=["v2x_corr"]).columns[-1] == "v2x_corr"  # any lite column
    with pytest.raises(InputError, match="unknown oversight measure"):
        p.add_oversight(measures=["v2x_polyarchy", "army_size"])
    with pytest.raises(InputError, match="unknown oversight measure"):
        p.add_oversight(measures=["country_name"])


def test_cli(tmp_path, mirror, cache) -> None:
    out = tmp_path / "x.parquet"
    done = subprocess.run(
        [sys.executable, "-m", "detente", "panel", "state-years", "--years", "2015-2016", "--add",
         "oversight:measures=v2x_ex_military+polity2", "--mirror", str(mirror), "--out", str(out)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "DETENTE_CACHE": str(cache)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert pq.read_table(out).column_names == ["ccode", "stateabb", "year", "v2x_ex_military", "polity2"]
    meta = json.loads(pq.read_schema(out).metadata[b"detente"])
    assert meta["steps"][-1] == {"step": "oversight", "measures": ["v2x_ex_military", "polity2"]}
