"""Arms transfers: SIPRI deals as dyad-years and state-years, the spreading rule, domains, systems."""

from __future__ import annotations

import pytest

import detente
from detente.panel import DYAD_YEAR, Panel
from detente.steps.arms_transfers import deals_sql, deliveries_sql
from detente.systems import get_system

from helpers import assert_all, q

COLS = ["arms_deals", "arms_units", "arms_tiv"]


def beyond_2016(wh, pairs: list[tuple[int, int]], years: tuple[int, int]) -> Panel:
    """A hand-made directed dyad-year panel past COW's 2016 end, to reach the register's 2024 edge."""
    rows = ", ".join(f"({a}, {b})" for a, b in pairs)
    sql = f"""SELECT a::SMALLINT AS ccode1, b::SMALLINT AS ccode2, y::SMALLINT AS year,
                     a::SMALLINT AS _k1, b::SMALLINT AS _k2
              FROM (VALUES {rows}) t(a, b), range({years[0]}, {years[1] + 1}) r(y)"""
    return Panel(wh, sql, DYAD_YEAR, get_system("cow"), years, directed=True)


def test_india_rafale_from_france(wh) -> None:
    # SIPRI: 36 Rafale ordered 2017, delivered 2019-2022, TIV of delivered weapons 1980
    deliveries = q(
        wh,
        f"""SELECT year, units, tiv FROM ({deliveries_sql(wh)})
            WHERE supplier = 220 AND recipient = 750 AND tiv = 495 ORDER BY year""",
    )
    assert deliveries == [(2019, 9, 495.0), (2020, 9, 495.0), (2021, 9, 495.0), (2022, 9, 495.0)]
    deal = q(
        wh,
        f"""SELECT supplier, recipient, year FROM ({deals_sql(wh)})
            WHERE weapon_designation = 'Rafale' AND recipient = 750 ORDER BY year""",
    )
    assert deal == [(220, 750, 2017), (220, 750, 2024)]  # 2024: 26 Rafale-M selected
    gw = detente.dyad_years("gw", years=(2017, 2017)).add_arms_transfers().to_pandas()
    frn_ind = gw[(gw.gwcode1 == 220) & (gw.gwcode2 == 750)].iloc[0]
    assert frn_ind.arms_deals >= 1  # the Rafale order is one of the deals of 2017
    panel = beyond_2016(wh, [(220, 750), (750, 220)], (2018, 2025)).add_arms_transfers().to_pandas()
    frn = panel[panel.ccode1 == 220].set_index("year")
    assert_all(frn.loc[2019:2022, "arms_tiv"] >= 495)
    assert_all(frn.loc[2019:2022, "arms_units"] >= 9)
    assert frn.loc[2024, COLS].notna().all()  # 2024: the register's last year, inside
    assert frn.loc[2025, COLS].isna().all()  # 2025: outside, null not 0
    assert panel[panel.ccode1 == 750].arms_tiv.fillna(0).sum() < frn.arms_tiv.sum()  # direction kept


def test_egypt_rafale_spread_over_listed_years(wh) -> None:
    # 24 Rafale ordered 2015, delivered 2015-2019, TIV 1320: 264 a year, units 5, 5, 5, 5, 4
    rows = q(
        wh,
        f"""SELECT year, units, tiv FROM ({deliveries_sql(wh)})
            WHERE supplier = 220 AND recipient = 651 AND tiv = 264 ORDER BY year""",
    )
    assert rows == [
        (2015, 5, 264.0),
        (2016, 5, 264.0),
        (2017, 5, 264.0),
        (2018, 5, 264.0),
        (2019, 4, 264.0),
    ]
    # Poland's T-72s from Russia: delivered 1992 and 1995 only, nothing in the gap years
    t72 = q(
        wh,
        f"""SELECT year, units FROM ({deliveries_sql(wh)})
            WHERE supplier = 365 AND recipient = 290 AND abs(tiv - 82.39) < 1e-9 ORDER BY year""",
    )
    assert t72 == [(1992, 39), (1995, 38)]


def test_spreading_conserves_the_register_totals(wh) -> None:
    reg = wh.view_name("sipri-arms-transfers", "trade_register")
    spread = q(wh, f"SELECT sum(tiv), sum(units), count(*) FROM ({deliveries_sql(wh)})")[0]
    years = "sum(len(string_split(delivery_years, ';')))"
    total = q(wh, f"SELECT sum(tiv_delivered), sum(number_delivered), {years} FROM {reg}")[0]
    assert spread[0] == pytest.approx(total[0], rel=1e-12)
    assert spread[1:] == total[1:]  # whole units, one row per listed delivery year


def test_parties_map_or_are_known_non_states(wh) -> None:
    rows = q(
        wh,
        f"""SELECT DISTINCT supplier_name FROM ({deals_sql(wh)}) d
            WHERE supplier IS NULL AND supplier_name IN (
                SELECT supplier FROM {wh.view_name("sipri-arms-transfers", "trade_register")}
                WHERE supplier_kind = 'state')
            UNION SELECT DISTINCT recipient_name FROM ({deals_sql(wh)})
            WHERE recipient IS NULL AND recipient_name IN (
                SELECT recipient FROM {wh.view_name("sipri-arms-transfers", "trade_register")}
                WHERE recipient_kind = 'state')""",
    )
    assert {r[0] for r in rows} == {
        "Aruba",
        "Biafra",
        "Katanga",
        "Northern Cyprus",
        "Palestine",
        "Western Sahara",
    }
    yemen = q(
        wh,
        f"""SELECT DISTINCT recipient, year FROM ({deals_sql(wh)})
            WHERE recipient_name = 'Yemen' AND year = 1989""",
    )
    assert yemen == [(679, 1989)]  # ordered 1989, delivered 1990-91: coded as in the first delivery year


def test_lower_domain_edge_and_state_years(wh) -> None:
    dyads = detente.dyad_years(years=(1949, 1950)).add_arms_transfers().to_pandas()
    assert_all(dyads.loc[dyads.year == 1949, COLS].isna())  # before the first delivery year
    assert_all(dyads.loc[dyads.year == 1950, COLS].notna())  # inside: 0 when nothing moved
    assert dyads.loc[dyads.year == 1950, "arms_tiv"].sum() > 0
    states = detente.state_years(years=(1949, 1950)).add_arms_transfers().to_pandas()
    cols = ["arms_export_deals", "arms_import_deals", "arms_export_tiv", "arms_import_tiv"]
    assert_all(states.loc[states.year == 1949, cols].isna())
    assert_all(states.loc[states.year == 1950, cols].notna())


def test_state_exports_are_dyadic_sums_plus_non_state_partners(wh) -> None:
    dyads = detente.dyad_years(years=(1985, 1985)).add_arms_transfers().to_pandas()
    states = detente.state_years(years=(1985, 1985)).add_arms_transfers().to_pandas().set_index("ccode")
    usa_to_states = dyads.loc[dyads.ccode1 == 2, "arms_tiv"].sum()
    to_others = q(
        wh,
        f"""SELECT coalesce(sum(tiv), 0) FROM ({deliveries_sql(wh)})
            WHERE supplier = 2 AND year = 1985 AND recipient IS NULL""",
    )[0][0]
    assert states.loc[2, "arms_export_tiv"] == pytest.approx(usa_to_states + to_others)
    assert to_others == pytest.approx(1198.6)  # to NATO itself and to unknown recipients
    rus_from = dyads.loc[dyads.ccode2 == 365, "arms_tiv"].sum()
    assert states.loc[365, "arms_import_tiv"] >= rus_from
    deals = dyads.groupby("ccode1").arms_deals.sum()
    assert_all(states.arms_export_deals.reindex(deals.index) >= deals)


def test_undirected_pools_both_directions_and_gw(wh) -> None:
    directed = detente.dyad_years(years=(1985, 1985)).add_arms_transfers().to_pandas()
    undirected = detente.dyad_years(directed=False, years=(1985, 1985)).add_arms_transfers().to_pandas()
    d = directed.set_index(["ccode1", "ccode2"]).arms_tiv
    u = undirected.set_index(["ccode1", "ccode2"]).arms_tiv
    assert u[(2, 200)] == pytest.approx(d[(2, 200)] + d[(200, 2)])
    assert u.sum() == pytest.approx(d.sum())
    gw = detente.dyad_years("gw", years=(1985, 1985)).add_arms_transfers().to_pandas()
    g = gw.set_index(["gwcode1", "gwcode2"]).arms_tiv
    assert g[(260, 160)] == d[(260, 160)] > 0  # West Germany -> Argentina, same code in both systems
    assert (255, 160) not in d.index  # no unified Germany in 1985
