"""Capabilities: NMC values, recomputed CINC against the published one, majors, dyadic share."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import detente
from detente.measures.cinc import cinc_sql
from detente.steps.capabilities import WHOLE

from helpers import assert_all, q


@pytest.mark.parametrize(("source", "n"), [("cow-nmc-6.0", 15951), ("cow-nmc-7.0", 17121)])
def test_recomputed_cinc_matches_published_for_every_state_year(wh, source, n) -> None:
    nmc = wh.view_name(source, "nmc")
    rows = q(wh, f"SELECT ccode, year, cinc, cinc_published FROM ({cinc_sql(nmc)})")
    assert len(rows) == n
    off = [(c, y, a, b) for c, y, a, b in rows if not math.isclose(a, b, abs_tol=1e-6)]
    assert off == [], f"state-years whose recomputed CINC differs from NMC's: {off[:10]}"


def test_cinc_of_a_hand_made_two_state_world() -> None:
    import duckdb

    con = duckdb.connect()
    # state 1 holds everything but has no milex; state 2 has all the milex: shares are exact
    con.execute(
        """CREATE TABLE n AS SELECT * FROM (VALUES
           (1, 2000, NULL, 3.0, 1.0, 1.0, 1.0, 1.0, 0.0),
           (2, 2000, 5.0,  1.0, 1.0, 3.0, 1.0, 1.0, 0.0))
           t(ccode, year, milex, milper, irst, pec, tpop, upop, cinc)"""
    )
    got = dict(con.sql(f"SELECT ccode, cinc FROM ({cinc_sql('n')})").fetchall())
    assert got[1] == pytest.approx((0.75 + 0.5 + 0.25 + 0.5 + 0.5) / 5)  # milex skipped, not 0
    assert got[2] == pytest.approx((1 + 0.25 + 0.5 + 0.75 + 0.5 + 0.5) / 6)


def test_state_year_values_and_missing_codes(wh) -> None:
    frame = detente.state_years("cow2016", versions={"nmc": "6.0"}).add_capabilities().to_pandas()
    usa_1816 = frame[(frame.ccode == 2) & (frame.year == 1816)].iloc[0]
    assert (usa_1816.milex, usa_1816.milper, usa_1816.tpop) == (3823, 17, 8659)
    assert frame.milex.isna().sum() == 2217  # the -9 codes in NMC 6.0, null not -9
    assert (frame[["milex", "milper", "irst", "pec", "upop"]] < 0).sum().sum() == 0
    usa = frame[frame.ccode == 2].set_index("year").cowmaj
    assert (usa[1897], usa[1898]) == (0, 1)  # the USA becomes a major power in Aug 1898
    germany = frame[frame.ccode == 255].set_index("year").cowmaj
    assert (germany[1918], germany[1920], germany[1930]) == (1, 0, 1)


def test_dyadic_shares_and_gw_domain_edge(cow_dyads) -> None:
    frame = cow_dyads.select(["ccode1", "ccode2", "year", "capshare1", "cinc1", "cinc2"]).to_pandas()
    merged = frame.merge(
        frame, left_on=["ccode1", "ccode2", "year"], right_on=["ccode2", "ccode1", "year"]
    )
    assert (merged.capshare1_x + merged.capshare1_y).sub(1).abs().max() < 1e-12
    gw = detente.dyad_years("gw", years=(2016, 2017), versions={"nmc": "6.0"})
    gw = gw.add_capabilities().to_pandas()
    assert_all(gw.loc[gw.year == 2016, "cinc1"].notna())  # inside NMC 6.0's 1816-2016 domain
    assert_all(gw.loc[gw.year == 2017, "cinc1"].isna())  # outside it: missing, never 0


def _raw_nmc(mirror, name: str) -> dict[tuple[int, int], dict[str, str]]:
    """The publisher's CSV read with the csv module, keyed by (ccode, year)."""
    import csv

    with (mirror / name.split("/")[0] / name.split("/")[1]).open(newline="") as handle:
        return {(int(r["ccode"]), int(r["year"])): r for r in csv.DictReader(handle)}


def test_nmc_7_is_the_default_and_a_sample_equals_the_raw_file(wh, mirror) -> None:
    raw = _raw_nmc(mirror, "cow-nmc-7.0/NMC-70-abridged.csv")
    panel = detente.state_years(years=(1816, 2024)).add_capabilities()
    assert "cow-nmc-7.0" in panel.sources and "cow-majors-2024" in panel.sources
    frame = panel.to_pandas().set_index(["ccode", "year"])
    sample = [(2, 1816), (2, 1990), (2, 2022), (365, 2022), (710, 2020), (740, 2017), (345, 2010)]
    sample += [(600, 1912), (435, 1960)]  # Morocco 1912 has the only non-integer tpop/upop
    for key in sample:
        for c in ("milex", "milper", "irst", "pec", "tpop", "upop"):
            want = None if raw[key][c] == "-9" else float(raw[key][c])
            got = frame.at[key, c]
            assert (pd.isna(got) and want is None) or got == want, (key, c, got, want)
        assert frame.at[key, "cinc"] == pytest.approx(float(raw[key]["cinc"]), abs=1e-6)
    # every -9 is null: 2,360 in milex over 1816-2022 (6.0 had 2,217 over 1816-2016)
    assert int(frame.milex.isna().sum()) - 2 * 195 == 2360  # 2023-2024 lie outside NMC 7.0
    assert_all(frame.loc[frame.index.get_level_values("year") > 2022, "cinc"].isna())
    usa = frame.xs(2, level="ccode")
    assert (usa.pec[1990], usa.cowmaj[2022], usa.cowmaj[1897]) == (2_820_314, 1, 0)
    assert pd.isna(usa.cowmaj[2023])  # outside NMC's domain every capability value is null


@pytest.mark.parametrize("name", ["cow-nmc-6.0/NMC-60-abridged.csv", "cow-nmc-7.0/NMC-70-abridged.csv"])
def test_whole_components_are_integers_in_every_row_of_the_file(wh, mirror, name) -> None:
    # every milex, milper, irst and pec of the file is a whole number within INTEGER's range
    # (the largest: milex 838,814,000 in 7.0), so the panels hold them as INTEGER; tpop and upop
    # have Morocco 1912's fractions and stay DOUBLE
    raw = _raw_nmc(mirror, name).values()
    values = [float(r[c]) for r in raw for c in WHOLE]
    assert len(values) == 4 * len(raw) > 60_000
    assert all(v == int(v) and -9 <= v < 2**31 for v in values)
    assert max(float(r["milper"]) for r in raw) == 12_500 < 2**15  # SMALLINT
    assert max(values) == {"6": 693_600_000, "7": 838_814_000}[name[8]]
    assert any(float(r["tpop"]) != int(float(r["tpop"])) for r in raw)
    frame = detente.state_years(years=(2010, 2010)).add_capabilities().add_spending().to_pandas()
    kinds = [str(frame[c].dtype) for c in (*WHOLE, "tpop", "nmc_milex")]
    assert kinds == ["Int32", "Int16", "Int32", "Int32", "float64", "Int32"]
    pd.testing.assert_series_equal(frame.milex, frame.nmc_milex, check_names=False)
    assert frame.milex.notna().sum() > 150
    dyads = detente.dyad_years(years=(2010, 2010)).add_capabilities().add_spending().to_pandas()
    assert str(dyads.nmc_milex_gap.dtype) == "Int32" and dyads.nmc_milex_gap.notna().sum() > 20_000
    pd.testing.assert_series_equal(dyads.nmc_milex_gap, dyads.milex1 - dyads.milex2, check_names=False)


def test_what_nmc_7_revised_against_6(wh) -> None:
    """Only pec changed in 1816-2016 (2,585 state-years, from 1974); the other components agree."""
    old, new = wh.view_name("cow-nmc-6.0", "nmc"), wh.view_name("cow-nmc-7.0", "nmc")
    same = " AND ".join(
        f"a.{c} IS NOT DISTINCT FROM b.{c}" for c in ("milex", "milper", "irst", "tpop", "upop")
    )
    rows = q(
        wh,
        f"""SELECT count(*), count(*) FILTER (WHERE NOT ({same})),
                   count(*) FILTER (WHERE a.pec IS DISTINCT FROM b.pec),
                   min(a.year) FILTER (WHERE a.pec IS DISTINCT FROM b.pec)
            FROM {old} a JOIN {new} b USING (ccode, year)""",
    )
    assert rows == [(15951, 0, 2585, 1974)]
    pinned = detente.state_years(years=1990, versions={"nmc": "6.0"}).add_capabilities()
    usa = pinned.to_pandas().set_index("ccode")
    assert usa.at[2, "pec"] == 2_798_225 and "cow-nmc-6.0" in pinned.sources


def test_gw_gets_nmc_7_to_2022(wh) -> None:
    gw = detente.state_years("gw", extend_to=2024).add_capabilities().to_pandas()
    assert gw.loc[gw.year == 2022, "cinc"].notna().mean() > 0.95
    assert_all(gw.loc[gw.year == 2023, "cinc"].isna())
