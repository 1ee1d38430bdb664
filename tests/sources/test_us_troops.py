"""troopdata: U.S. troops abroad by country-year and by report, with codes and twins repaired."""

from __future__ import annotations

import pytest

from _checks import leftover_sentinels, one, rows

SRC = "us-troops"
TABLES = ("country_years", "troopdata", "reports")


@pytest.fixture
def q(wh):
    """Run a one-row query on one troopdata table: q(table, sql) with ``{t}`` for the table."""
    return lambda table, sql: one(wh, SRC, table, sql)


@pytest.mark.parametrize(
    ("table", "n", "first", "last"),
    [
        ("country_years", 13135 - 29, 1950, 2024),  # 29 spelling twins merged
        ("troopdata", 14792 - 20 - 1, 1950, 2023),  # 20 pseudo-code twins, Germany 1990
        ("reports", 15482, 1950, 2025),
    ],
)
def test_rows_and_years(q, table, n, first, last) -> None:
    """Row counts of SOURCE.md less the merged twins; documented year ranges."""
    assert q(table, "SELECT count(*), min(year), max(year) FROM {t}") == (n, first, last)


@pytest.mark.parametrize("table", ["country_years", "troopdata"])
def test_one_row_per_state_year(q, table) -> None:
    """After merging twins each COW state-year occurs once."""
    sql = "SELECT count(*) - count(DISTINCT (ccode, year)) FROM {t} WHERE ccode IS NOT NULL"
    assert q(table, sql) == (0,)


@pytest.mark.parametrize("table", TABLES)
def test_no_sentinels_negatives_or_pseudo_codes(wh, q, table) -> None:
    """No sentinel, no negative head count, no troopdata pseudo code left in ccode."""
    assert leftover_sentinels(wh, SRC, table) == {}
    assert q(table, "SELECT count(*) FROM {t} WHERE ccode >= 1000 OR troopdata_code < 1000") == (0,)
    neg = {"country_years": "marine_corps_ad", "troopdata": "marine_corps"}.get(
        table, "marine_corps_afloat"
    )
    assert q(table, f"SELECT count(*) FROM {{t}} WHERE {neg} < 0") == (0,)


def test_us_troops_in_germany(q) -> None:
    """Active-duty troops in (West) Germany, read from the raw files, under the right COW code."""
    sql = "SELECT countryname, ccode, troops_ad FROM {t} WHERE iso3c = 'DEU' AND year = {y}"
    assert q("country_years", sql.replace("{y}", "1990")) == ("Germany", 260, 227586)
    assert q("country_years", sql.replace("{y}", "2020")) == ("Germany", 255, 35138)
    legacy = "SELECT countryname, troops FROM {t} WHERE ccode = {c} AND year = {y}"
    assert q("troopdata", legacy.replace("{c}", "260").replace("{y}", "1955")) == (
        "West Germany",
        269260,
    )
    assert q("troopdata", legacy.replace("{c}", "255").replace("{y}", "2023")) == ("Germany", 35188)
    got = q(
        "reports",
        "SELECT ccode, troops_ad FROM {t} WHERE countryname = 'Germany' AND year = 2020 AND month = 3",
    )
    assert got == (255, 34674)


def test_twins_merged(q) -> None:
    """Czechia 2013 and Taiwan 2021 have one row each, carrying the non-zero twin's numbers."""
    assert q(
        "country_years", "SELECT countryname, troops_ad FROM {t} WHERE ccode = 316 AND year = 2013"
    ) == (
        "Czechia",
        17,
    )
    assert q(
        "troopdata", "SELECT troops, troopdata_code FROM {t} WHERE ccode = 713 AND year = 2021"
    ) == (39, None)


def test_pseudo_codes_stay_apart(wh) -> None:
    """Places under troopdata's own codes keep their code and are never merged by it."""
    got = rows(
        wh,
        SRC,
        "troopdata",
        "SELECT DISTINCT countryname FROM {t} WHERE troopdata_code = 1007 ORDER BY 1",
    )
    assert got == [("American Samoa",), ("Bermuda",)]
