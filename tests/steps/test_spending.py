"""Defence spending: SIPRI values land on the right COW state-years, domains, dyads, burden sharing."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import detente
from detente.errors import InputError
from detente.panel import STATE_YEAR, Panel
from detente.steps.spending import burden_sharing, sipri_sql
from detente.systems import get_system

from helpers import assert_all, q

SIPRI_COLS = [
    "sipri_milex_constusd",
    "sipri_milex_curusd",
    "sipri_milex_gdp_share",
    "sipri_milex_gov_share",
    "sipri_milex_percap",
]


def sipri(wh, country: str, year: int, column: str = "constant_usd_m") -> float | None:
    """The SIPRI workbook's own value for a country-year."""
    milex = wh.view_name("sipri-milex", "milex")
    return q(wh, f"SELECT {column} FROM {milex} WHERE country = '{country}' AND year = {year}")[0][0]


def beyond_2016(wh, states: tuple[int, ...], years: tuple[int, int]) -> Panel:
    """A hand-made state-year panel past COW's 2016 end, to reach SIPRI's 2023 edge."""
    sql = f"""SELECT c::SMALLINT AS ccode, 'X' AS stateabb, y::SMALLINT AS year, c::SMALLINT AS _k
              FROM unnest({list(states)}) t(c), range({years[0]}, {years[1] + 1}) r(y)"""
    return Panel(wh, sql, STATE_YEAR, get_system("cow"), years)


def test_usa_2023_equals_the_source_and_2024_is_outside(wh) -> None:
    panel = beyond_2016(wh, (2, 94), (2022, 2024)).add_spending()
    got = {(r["ccode"], r["year"]): r for r in panel.to_arrow().to_pylist()}
    usa = got[(2, 2023)]
    assert usa["sipri_milex_constusd"] == sipri(wh, "United States of America", 2023)
    assert usa["sipri_milex_constusd"] == pytest.approx(880070.558, abs=1e-3)
    assert usa["sipri_milex_gdp_share"] == sipri(wh, "United States of America", 2023, "share_of_gdp")
    assert usa["sipri_milex_percap"] == sipri(wh, "United States of America", 2023, "per_capita_usd")
    assert got[(94, 2023)]["sipri_milex_constusd"] == 0  # Costa Rica: SIPRI's documented zero
    assert all(got[(c, 2024)][col] is None for c in (2, 94) for col in SIPRI_COLS)  # after 2023
    assert usa["nmc_milex"] is None  # NMC ends in 2016


def test_lower_edge_and_missing_is_null_not_zero(wh) -> None:
    frame = (
        detente.state_years(years=(1948, 1950)).add_spending().to_pandas().set_index(["ccode", "year"])
    )
    assert frame[SIPRI_COLS].loc[(slice(None), 1948), :].isna().all().all()  # before 1949
    assert frame.loc[(2, 1949), "sipri_milex_constusd"] == sipri(wh, "United States of America", 1949)
    assert frame.loc[(2, 1948), "nmc_milex"] > 0  # NMC covers 1948
    later = detente.state_years(years=(2000, 2000)).add_spending().to_pandas().set_index("ccode")
    assert math.isnan(later.loc[731, "sipri_milex_constusd"])  # North Korea: no SIPRI figure
    assert math.isnan(later.loc[40, "sipri_milex_constusd"])  # Cuba: only local-currency data
    assert later.loc[94, "sipri_milex_constusd"] == 0  # Costa Rica spends nothing
    zeros = later[SIPRI_COLS].fillna(1) == 0  # only SIPRI's documented zero spenders, in US$
    assert sorted(later.index[zeros.any(axis=1)]) == [
        41,
        94,
        95,
        395,
    ]  # Haiti, Costa Rica, Panama, Iceland
    assert zeros.sum().sum() == 8
    assert math.isnan(later.loc[2, "sipri_milex_gov_share"])  # not in the workbook for 2000


def test_names_land_on_the_right_cow_state(wh) -> None:
    frame = (
        detente.state_years(years=(1980, 2016)).add_spending().to_pandas().set_index(["ccode", "year"])
    )
    v = frame["sipri_milex_constusd"]
    assert v[(260, 1980)] == sipri(wh, "Germany", 1980)  # SIPRI's Germany is the FRG until 1989
    assert v[(255, 1995)] == sipri(wh, "Germany", 1995)
    assert v[(255, 1990)] == sipri(wh, "Germany", 1990)  # year of unification: unified Germany
    assert math.isnan(v[(260, 1990)])
    assert v[(265, 1985)] == sipri(wh, "German Democratic Republic", 1985)
    assert v[(365, 1989)] == sipri(wh, "USSR", 1989)
    assert v[(365, 2000)] == sipri(wh, "Russia", 2000)
    assert v[(678, 1989)] == sipri(wh, "Yemen, North", 1989)
    assert v[(679, 2000)] == sipri(wh, "Yemen", 2000)
    assert v[(315, 1990)] == sipri(wh, "Czechoslovakia", 1990)
    assert v[(816, 2010)] == sipri(wh, "Viet Nam", 2010)
    assert v[(640, 2000)] == sipri(wh, "Türkiye", 2000)
    assert v[(345, 2010)] == sipri(wh, "Serbia", 2010)


def test_one_sipri_row_per_state_year_and_none_lost(wh) -> None:
    rows = q(wh, f"SELECT ccode, year, count(*) FROM ({sipri_sql(wh)}) GROUP BY ALL HAVING count(*) > 1")
    assert rows == []
    panel = detente.state_years(years=(1949, 2016))
    assert panel.add_spending().count() == panel.count()  # exactly one row per panel row
    # every SIPRI country-year with a figure and a COW state-year gets onto the panel
    system = wh.view_name("cow-states-2016", "system")
    expected = q(
        wh,
        f"SELECT count(*) FROM ({sipri_sql(wh)}) s JOIN {system} c USING (ccode, year) "
        "WHERE s.sipri_milex_constusd IS NOT NULL",
    )[0][0]
    assert panel.add_spending().to_pandas().sipri_milex_constusd.notna().sum() == expected


def test_dyads_ratio_gap_and_gw(wh) -> None:
    frame = detente.dyad_years(years=(2010, 2010)).add_spending().to_pandas()
    usa_rus = frame[(frame.ccode1 == 2) & (frame.ccode2 == 365)].iloc[0]
    m1, m2 = usa_rus.sipri_milex_constusd1, usa_rus.sipri_milex_constusd2
    assert usa_rus.sipri_milex_ratio1 == pytest.approx(m1 / (m1 + m2))
    assert usa_rus.sipri_milex_gap == pytest.approx(m1 - m2)
    assert usa_rus.nmc_milex_ratio1 == pytest.approx(
        usa_rus.nmc_milex1 / (usa_rus.nmc_milex1 + usa_rus.nmc_milex2)
    )
    both = frame.merge(frame, left_on=["ccode1", "ccode2"], right_on=["ccode2", "ccode1"])
    both = both.dropna(subset=["sipri_milex_ratio1_x"])
    assert (both.sipri_milex_ratio1_x + both.sipri_milex_ratio1_y).sub(1).abs().max() < 1e-12
    assert (both.sipri_milex_gap_x + both.sipri_milex_gap_y).abs().max() < 1e-6
    cri_isl = frame[(frame.ccode1 == 94) & (frame.ccode2 == 395)].iloc[0]
    assert (cri_isl.sipri_milex_constusd1, cri_isl.sipri_milex_constusd2) == (0, 0)
    assert pd.isna(cri_isl.sipri_milex_ratio1)  # 0 / 0 is undefined, not 0
    gw = detente.dyad_years("gw", years=(2016, 2017), versions={"nmc": "6.0"})
    gw = gw.add_spending().to_pandas()
    assert_all(gw.loc[gw.year == 2017, "nmc_milex1"].isna())  # NMC 6.0 ends in 2016
    deu = gw[(gw.gwcode1 == 260) & (gw.gwcode2 == 2) & (gw.year == 2017)].iloc[0]  # G&W 260 = COW 255
    assert deu.sipri_milex_constusd1 == sipri(wh, "Germany", 2017)


def test_nato_burden_sharing(wh) -> None:
    table = burden_sharing(3180).to_pandas()
    assert (table.year.min(), table.year.max()) == (1949, 2018)  # ATOP ends 2018, NATO begins 1949
    assert table.groupby("year").share.sum().sub(1).abs().max() < 1e-12
    usa = table[table.ccode == 2].set_index("year").share
    assert 0.6 < usa[2000] < 0.75  # 67 % of NATO spending at constant 2022 prices
    assert usa[2000] == pytest.approx(sipri(wh, "United States of America", 2000) / 811402.23296, 1e-9)
    assert usa.between(0.65, 0.86).all()
    members = table.groupby("year").n_members.first()
    assert (members[1949], members[1982], members[2009]) == (12, 16, 28)  # Spain 1982, Croatia 2009
    missing = table[~table.has_spending]
    assert set(missing.ccode) == {20, 200, 260, 395, 640}  # no SIPRI figure in some years
    assert missing.share.isna().all() and missing.spending.isna().all()
    assert missing[missing.ccode == 260].year.tolist() == [1990]  # SIPRI's 1990 goes to 255
    nmc = burden_sharing(3180, years="1990", measure="nmc").to_pandas()
    assert nmc.has_spending.all() and nmc.share.sum() == pytest.approx(1)
    assert (
        burden_sharing(3180, years=2016).schema.metadata[b"unit"] == b"US$ million, constant 2022 prices"
    )


def test_burden_sharing_refuses_bad_input(wh) -> None:
    with pytest.raises(InputError, match="unknown spending measure"):
        burden_sharing(measure="gdp")
    with pytest.raises(InputError, match="covers 1949-2018"):
        burden_sharing(years=(1940, 1950))
    with pytest.raises(InputError, match="atopid 1"):
        burden_sharing(atopid=1)
