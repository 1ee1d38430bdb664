"""troopdata bases and construction: encoding repaired, duplicate base dropped, projects kept."""

from __future__ import annotations

import pytest

from _checks import leftover_sentinels, one

SRC = "us-bases"


@pytest.fixture
def q(wh):
    """Run a one-row query on one table: q(table, sql) with ``{t}`` for the table."""
    return lambda table, sql: one(wh, SRC, table, sql)


def test_bases_rows_and_flags(q) -> None:
    """414 listed facilities less the duplicated Naples row; flag totals from the raw file."""
    assert q("bases", "SELECT count(*), count(DISTINCT countryname) FROM {t}") == (413, 93)
    got = q("bases", "SELECT sum(base::INT), sum(lilypad::INT), sum(funded_site::INT) FROM {t}")
    assert got == (254, 114, 46)
    assert q("bases", "SELECT count(*) FROM {t} WHERE basename = 'Naval Support Activity Naples'") == (
        1,
    )


def test_latin1_name_decoded(q) -> None:
    """The Chilean site's name had a Latin-1 byte in a UTF-8 file; it reads Concón."""
    got = q("bases", "SELECT basename, ccode, funded_site FROM {t} WHERE countryname = 'Chile'")
    assert got == ("Fuerte Aguayo NB, Concón", 155, True)


def test_ramstein(q) -> None:
    """Ramstein AFB is a major base in Germany (ccode 255)."""
    got = q("bases", "SELECT ccode, base, lilypad, lat, lon FROM {t} WHERE basename = 'Ramstein AFB'")
    assert got == (255, True, False, 49.44, 7.5971)


def test_construction_rows_years_totals(q) -> None:
    """5,532 line items 2008-2019, repeats kept; German totals per year from the raw file."""
    assert q("construction", "SELECT count(*), min(year), max(year), count(DISTINCT line) FROM {t}") == (
        5532,
        2008,
        2019,
        5532,
    )
    sql = "SELECT sum(spend_construction) FROM {t} WHERE countryname = 'Germany' AND year = {y}"
    assert q("construction", sql.replace("{y}", "2019")) == (594046,)
    assert q("construction", sql.replace("{y}", "2011")) == (547451,)
    cols = "countryname, year, location, spend_construction"
    repeats = f"SELECT count(*) - count(DISTINCT ({cols}, lat, lon, ccode, iso3c)) FROM {{t}}"
    assert q("construction", repeats) == (106,)


def test_construction_codes_and_sign(q) -> None:
    """Non-state locations have null ccode; the only negative item is the 2008 BRAC rescission."""
    assert q("construction", "SELECT count(*) FROM {t} WHERE ccode IS NULL") == (2168,)
    got = q(
        "construction", "SELECT location, year, spend_construction FROM {t} WHERE spend_construction < 0"
    )
    assert got == ("Base Realignment & Closure", 2008, -178758)


@pytest.mark.parametrize("table", ["bases", "construction"])
def test_no_sentinels(wh, table) -> None:
    """No sentinel codes, NaN or 'NA' text left in either table."""
    assert leftover_sentinels(wh, SRC, table) == {}
