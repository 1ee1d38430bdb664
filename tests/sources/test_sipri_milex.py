"""SIPRI military expenditure: long country-year table, markers to null, documented zeros kept."""

from __future__ import annotations

import pytest

from _checks import leftover_sentinels, one_row_query, rows

SRC, T = "sipri-milex", "milex"
q = one_row_query(SRC, T)


def test_grid_is_every_country_every_year(q) -> None:
    """174 countries x 75 years (1949-2023), each country-year once."""
    n, countries, lo, hi = q("SELECT count(*), count(DISTINCT country), min(year), max(year) FROM {t}")
    assert (n, countries, lo, hi) == (174 * 75, 174, 1949, 2023)
    assert q("SELECT count(*) - count(DISTINCT (country, year)) FROM {t}") == (0,)


def test_no_markers_or_sentinels_left(wh) -> None:
    """'...', '. .', 'xxx' and empty cells never survive as values."""
    assert leftover_sentinels(wh, SRC, T) == {}


@pytest.mark.parametrize(
    ("country", "year", "column", "value"),
    [
        ("United States of America", 2023, "constant_usd_m", 880070.5579487397),
        ("United States of America", 2022, "current_usd_m", 860692.2),
        ("United States of America", 2023, "share_of_gdp", 0.03361836485580735),
        ("United States of America", 1949, "constant_usd_m", 168952.4658826435),
        ("Algeria", 1988, "per_capita_usd", 42.42921359965081),
        ("Algeria", 1990, "share_of_govt_spending", 0.05784061696658098),
    ],
)
def test_known_values(q, country, year, column, value) -> None:
    """Cells read straight from the workbook's sheets."""
    got = q(f"SELECT {column} FROM {{t}} WHERE country = '{country}' AND year = {year}")
    assert got[0] == pytest.approx(value)


def test_documented_zero_spenders_keep_zero(q) -> None:
    """Costa Rica and Iceland have no military: their 0 is a true zero, not missing."""
    sql = "SELECT constant_usd_m, current_usd_m FROM {t} WHERE country = 'Costa Rica' AND year = 2023"
    assert q(sql) == (0.0, 0.0)
    assert q("SELECT constant_usd_m FROM {t} WHERE country = 'Iceland' AND year = 2000") == (0.0,)


def test_artefact_zeros_become_null(wh, q) -> None:
    """Zeros from failed currency conversion are null; only documented zero spenders keep 0."""
    sql = "SELECT current_usd_m, constant_usd_m FROM {t} WHERE country = 'Argentina' AND year = 1955"
    current, constant = q(sql)
    assert current is None and constant == pytest.approx(3616.6539923510127)
    assert q("SELECT current_usd_m FROM {t} WHERE country = 'Korea, North' AND year = 2000") == (None,)
    zeros = rows(
        wh, SRC, T, "SELECT DISTINCT country FROM {t} WHERE constant_usd_m = 0 OR current_usd_m = 0"
    )
    assert {c for (c,) in zeros} == {"Costa Rica", "Iceland", "Panama", "Haiti"}


def test_not_independent_flag(q) -> None:
    """'xxx' (North Yemen after unification) is null with not_independent set."""
    sql = "SELECT not_independent, constant_usd_m FROM {t} WHERE country = 'Yemen, North' AND year = {y}"
    assert q(sql.replace("{y}", "2023")) == (True, None)
    assert q(sql.replace("{y}", "1980"))[0] is False


def test_regions_are_not_countries(wh, q) -> None:
    """Region heading rows become columns and never appear as countries."""
    got = rows(wh, SRC, T, "SELECT DISTINCT region FROM {t} ORDER BY 1")
    assert [r for (r,) in got] == ["Africa", "Americas", "Asia & Oceania", "Europe", "Middle East"]
    assert q("SELECT count(*) FROM {t} WHERE country IN ('Africa', 'North America', 'Middle East')") == (
        0,
    )
    assert q("SELECT DISTINCT subregion FROM {t} WHERE country = 'Germany'") == ("Western Europe",)
