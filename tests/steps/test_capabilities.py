"""Capabilities: NMC values, recomputed CINC against the published one, majors, dyadic share."""

from __future__ import annotations

import math

import pytest

import detente
from detente.measures.cinc import cinc_sql

from helpers import q


def test_recomputed_cinc_matches_published_for_every_state_year(wh) -> None:
    nmc = wh.view_name("cow-nmc-6.0", "nmc")
    rows = q(wh, f"SELECT ccode, year, cinc, cinc_published FROM ({cinc_sql(nmc)})")
    assert len(rows) == 15951
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
    frame = detente.state_years("cow").add_capabilities().to_pandas()
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
    gw = detente.dyad_years("gw", years=(2016, 2017)).add_capabilities().to_pandas()
    assert gw.loc[gw.year == 2016, "cinc1"].notna().all()  # inside NMC's 1816-2016 domain
    assert gw.loc[gw.year == 2017, "cinc1"].isna().all()  # outside it: missing, never 0
