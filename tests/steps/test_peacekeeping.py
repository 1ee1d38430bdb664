"""Peacekeeping: missions hosted, fatalities and RADPKO personnel, checked against the raw files."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

import detente
from detente.errors import InputError
from detente.steps.peacekeeping import (
    CONTRIBUTORS,
    FATALITIES,
    HOSTS,
    RADPKO,
    radpko_years_sql,
)

from helpers import assert_all, one, q


@pytest.fixture(scope="module")
def states(wh) -> pd.DataFrame:
    return detente.state_years(years=(1947, 2016)).add_peacekeeping().to_pandas()


@pytest.fixture(scope="module")
def gw_states(wh) -> pd.DataFrame:
    return detente.state_years("gw", years=(2012, 2017)).add_peacekeeping().to_pandas()


@pytest.fixture(scope="module")
def dyads(wh) -> pd.DataFrame:
    return detente.dyad_years(years=(1999, 2016)).add_peacekeeping().to_pandas()


def test_minusma_in_mali(wh, states, gw_states) -> None:
    mali = one(states, ccode=432, year=2014)
    # MINUSMA (UN) plus EUTM and Operation Serval (international) in 2014
    assert (mali.pko_missions, mali.pko_missions_un, mali.pko_missions_nonun) == (3, 1, 2)
    assert mali.pko_total_peak >= 9000
    assert one(gw_states, gwcode=432, year=2014).pko_missions == 3  # same under G&W
    assert one(states, ccode=432, year=2012).pko_missions == 0  # none before 2013: a true 0
    missions = detente.peacekeeping_missions().to_pandas()
    minusma = one(
        missions, mission_id=int(missions.loc[missions.mission == "MINUSMA", "mission_id"].iloc[0])
    )
    assert (minusma.ccode, minusma.host_ccode, minusma.org, minusma.org_type) == (432, 432, 1, "UN")
    assert str(minusma.first_month) == "2013-07-01" and minusma.peak_total == 12057


def test_hosts_are_where_missions_deploy(states) -> None:
    # Bara & Hultman file UNIFIL under Israel's conflict; it deploys in Lebanon
    assert one(states, ccode=660, year=2010).pko_missions_un == 1
    assert one(states, ccode=666, year=2010).pko_missions_un == 0  # EUPOL COPPS stays non-UN
    # East Timor's missions: Indonesia's until Timor-Leste is a state (27 September 2002)
    assert one(states, ccode=850, year=2001).pko_missions == 1
    assert one(states, ccode=860, year=2008).pko_missions == 2  # UNMIT and ISF
    assert one(states, ccode=850, year=2008).pko_missions == 0
    # Kosovo's missions (UNMIK, KFOR, EULEX) count for Kosovo from March 2008
    assert one(states, ccode=347, year=2010).pko_missions == 3
    assert one(states, ccode=345, year=2010).pko_missions == 0
    assert one(states, ccode=345, year=2007).pko_missions == 2
    missions = detente.peacekeeping_missions().to_pandas().set_index("mission")
    assert (missions.loc["UNIFIL", "ccode"], missions.loc["UNIFIL", "host_ccode"]) == (666, 660)


def test_hosted_domain_edges(states, gw_states) -> None:
    # Bara & Hultman cover 1993-2016: 1992 null, 1993 a value (0 where nothing was deployed)
    assert_all(states.loc[states.year == 1992, "pko_missions"].isna())
    assert_all(states.loc[states.year == 1993, "pko_missions"].notna())
    assert one(states, ccode=2, year=1993).pko_missions == 0
    assert_all(gw_states.loc[gw_states.year == 2016, "pko_total_peak"].notna())
    assert_all(gw_states.loc[gw_states.year == 2017, "pko_total_peak"].isna())


def test_hosted_properties(states) -> None:
    inside = states[states.year.between(1993, 2016)]
    assert_all(inside.pko_missions == inside.pko_missions_un + inside.pko_missions_nonun)
    for kind in ("troops", "police", "observers", "total"):
        assert_all(inside[f"pko_{kind}_peak"] >= inside[f"pko_{kind}_mean"] - 1e-9, kind)
        assert_all(inside[f"pko_{kind}_mean"] >= 0, kind)
    for kind in ("troops", "police", "observers"):
        assert_all(inside.pko_total_peak >= inside[f"pko_{kind}_peak"] - 1e-9, kind)
    none = inside[inside.pko_missions == 0]
    assert_all(none.pko_total_peak == 0)
    assert inside.pko_missions.max() == 4
    bosnia = one(states, ccode=346, year=1996)  # UNMIBH, IFOR, SFOR and the WEU police force
    assert bosnia.pko_missions == 4 and bosnia.pko_total_peak == 60071


def test_police_missions_option_and_missions_table(wh) -> None:
    missions = detente.peacekeeping_missions()
    assert missions.num_rows == 121  # one row per Bara & Hultman mission id
    assert len(set(missions.column("mission_id").to_pylist())) == 121
    frame = missions.to_pandas()
    assert (frame.first_month <= frame.last_month).all() and (frame.months >= 1).all()
    assert frame.only_police.sum() == 15
    assert detente.peacekeeping_missions(police_missions=False).num_rows == 106
    sy = detente.state_years(years=(1993, 2016))
    with_police = sy.add_peacekeeping().to_pandas().pko_missions.sum()
    without = sy.add_peacekeeping(police_missions=False).to_pandas().pko_missions.sum()
    assert without < with_police


def test_fatalities_against_the_raw_file(mirror, states, gw_states) -> None:
    raw = pd.read_stata(mirror / FATALITIES / "Contigent-mission-month_data.dta")
    india_2013 = raw[(raw.Cowcontr == 750) & (raw.Year == 2013)]
    row = one(states, ccode=750, year=2013)
    assert row.pko_fatalities == india_2013.Total.sum() == 8
    assert row.pko_fatalities_malicious == india_2013.Malicious.sum() == 7
    uniformed = india_2013[["Mil", "Obs", "Police"]].sum().sum()
    assert row.pko_fatalities_uniformed == uniformed and uniformed <= 8
    # domain: the file starts in 1948 and stops in June 2015, so 2015 is not a complete year
    assert_all(states.loc[states.year == 1947, "pko_fatalities"].isna())
    assert_all(states.loc[states.year == 1948, "pko_fatalities"].notna())
    assert_all(gw_states.loc[gw_states.year == 2014, "pko_fatalities"].notna())
    assert_all(gw_states.loc[gw_states.year == 2015, "pko_fatalities"].isna())
    known = states[states.pko_fatalities.notna()]
    assert_all(known.pko_fatalities >= known.pko_fatalities_malicious)
    assert_all(known.pko_fatalities >= known.pko_fatalities_uniformed)


def test_radpko_names_all_mapped(wh, mirror) -> None:
    header = pd.read_csv(mirror / RADPKO / "radpko_bases_cc_y.csv", nrows=0).columns
    blocks = {c[: -len("_pko")] for c in header if c.endswith("_pko")} - {"pko", "afr", "asian", "west"}
    assert blocks == set(CONTRIBUTORS) and len(blocks) == 69
    c = wh.view_name(RADPKO, "contributors")
    names = {r[0] for r in q(wh, f"SELECT DISTINCT contributor FROM {c}")}
    assert names == blocks - {"albania"}  # Albania's block is all zeros
    b = wh.view_name(RADPKO, "bases")
    hosts = {r[0] for r in q(wh, f"SELECT DISTINCT host_country FROM {b}")}
    assert hosts == set(HOSTS)
    lo, hi = radpko_years_sql(wh)
    assert q(wh, f"SELECT {lo}, {hi}") == [(2000, 2019)]  # 1999 names no contributor


def test_radpko_contributions_against_the_raw_file(mirror, states, gw_states, dyads) -> None:
    raw = pd.read_csv(
        mirror / RADPKO / "radpko_bases_cc_y.csv", usecols=["country", "year", "india_pko"]
    )
    drc_2010 = raw[(raw.country == "Democratic Republic of Congo") & (raw.year == 2010)].india_pko.sum()
    sent = one(dyads, ccode1=750, ccode2=490, year=2010)
    assert sent.pko_sent == pytest.approx(drc_2010) and drc_2010 > 9000
    india_2010 = raw[raw.year == 2010].india_pko.sum()
    assert one(states, ccode=750, year=2010).pko_contributed == pytest.approx(india_2010)
    # coverage: RADPKO names contributors from 2000; 1999 is null, not 0
    assert_all(states.loc[states.year == 1999, "pko_contributed"].isna())
    assert one(states, ccode=770, year=2000).pko_contributed == 0  # Pakistan arrives in 2001
    assert one(states, ccode=770, year=2001).pko_contributed > 0
    assert_all(gw_states.loc[gw_states.year == 2017, "pko_contributed"].notna())
    assert_all(states.pko_contributed.dropna() >= 0)


def test_radpko_dyad_coverage(dyads) -> None:
    # state 2 must host a mission RADPKO names contributors for, that year
    assert pd.isna(one(dyads, ccode1=750, ccode2=660, year=2010).pko_sent)  # Lebanon: not covered
    assert pd.isna(one(dyads, ccode1=750, ccode2=490, year=2000).pko_sent)  # MONUC 2000: no names
    assert one(dyads, ccode1=750, ccode2=490, year=2001).pko_sent == 0  # covered, India absent
    assert pd.isna(one(dyads, ccode1=750, ccode2=483, year=2009).pko_sent)  # MINURCAT: no names
    assert_all(dyads.loc[dyads.year == 1999, "pko_sent"].isna())
    sudan = one(dyads, ccode1=771, ccode2=625, year=2012)  # UNISFA in Abyei counts for Sudan
    assert sudan.pko_sent > 0


def test_dyads_add_up_to_states(dyads, states) -> None:
    per_state = dyads.groupby(["ccode1", "year"]).pko_sent.sum().rename("sent").reset_index()
    merged = states[states.year.between(2000, 2016)].merge(
        per_state, left_on=["ccode", "year"], right_on=["ccode1", "year"], how="left"
    )
    # personnel at covered hosts that are COW states add up to the state's contribution
    assert (merged.sent.fillna(0) - merged.pko_contributed).abs().max() < 1e-6


def test_undirected_adds_both_directions(wh, dyads) -> None:
    und = detente.dyad_years(years=(2010, 2010), directed=False).add_peacekeeping().to_pandas()
    pair = one(und, ccode1=490, ccode2=750, year=2010)
    assert pair.pko_sent == pytest.approx(one(dyads, ccode1=750, ccode2=490, year=2010).pko_sent)
    assert pd.isna(one(und, ccode1=2, ccode2=200, year=2010).pko_sent)  # neither hosts a mission
    assert len(und) == detente.dyad_years(years=(2010, 2010), directed=False).count()


def test_one_row_per_panel_row_and_no_unknown_parameters(wh) -> None:
    base = detente.dyad_years(years=(2005, 2006))
    assert base.add_peacekeeping().count() == base.count()
    sy = detente.state_years(years=(2005, 2006))
    assert sy.add_peacekeeping().count() == sy.count()
    with pytest.raises(InputError):
        sy.add_peacekeeping(personnel="ipo")


def test_cites_only_the_sources_each_unit_reads(wh) -> None:
    years = (2005, 2006)
    assert detente.state_years(years=years).add_peacekeeping().sources == (
        "cow-states-2024", "pko-missions", FATALITIES, RADPKO,
    )  # fmt: skip
    assert detente.dyad_years(years=years).add_peacekeeping().sources == ("cow-states-2024", RADPKO)


def test_cli_example(tmp_path, mirror, cache) -> None:
    out = tmp_path / "x.parquet"
    env = {**os.environ, "DETENTE_CACHE": str(cache), "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "detente", "panel", "state-years", "--years", "2010-2016",
         "--add", "peacekeeping", "--mirror", str(mirror), "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert {"pko_missions", "pko_fatalities", "pko_contributed"} <= set(pq.read_schema(out).names)


@pytest.mark.parametrize(
    ("series", "monusco", "un_total"), [("iepo", 19096, 94530), ("ipi", 19105, 96151)]
)
def test_personnel_series_monusco_december_2010(wh, series, monusco, un_total) -> None:
    """The main iepo series (default) against IPI's monthly UN figures, December 2010."""
    from detente.steps.peacekeeping import mission_months_sql

    rows = q(
        wh,
        f"""SELECT sum(total) FILTER (WHERE mission = 'MONUSCO'), sum(total) FILTER (WHERE org = 1)
            FROM ({mission_months_sql(wh, series=series)}) WHERE date = DATE '2010-12-01'""",
    )
    assert rows == [(monusco, un_total)]
    missions = detente.peacekeeping_missions(series=series).to_pandas()
    assert_all(missions.loc[missions.mission == "MONUSCO", "peak_total"].notna())
    panel = detente.state_years(years=2010).add_peacekeeping(series=series)
    assert panel.steps[-1]["series"] == series


def test_unknown_personnel_series_is_refused() -> None:
    with pytest.raises(InputError, match="series 'un' is not one of"):
        detente.state_years(years=2010).add_peacekeeping(series="un")
