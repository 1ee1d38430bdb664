"""Polity5 polity2 subset: special codes out of the score, names trimmed, all rows kept."""

from __future__ import annotations

import pytest

from _checks import leftover_sentinels, one_row_query

SRC, T = "polity5-subset", "polity"
q = one_row_query(SRC, T)


def test_rows_years_codes(q) -> None:
    """17,574 country-years, 1776-2020, 194 codes, (scode, year) unique; only the USA after 2018."""
    assert q("SELECT count(*), min(year), max(year), count(DISTINCT scode) FROM {t}") == (
        17574,
        1776,
        2020,
        194,
    )
    assert q("SELECT count(*) - count(DISTINCT (scode, year)) FROM {t}") == (0,)
    assert q("SELECT DISTINCT scode FROM {t} WHERE year > 2018") == ("USA",)


def test_scores_in_range_special_codes_null(wh, q) -> None:
    """polity2 within -10..10; 263 blanks + 5 special codes (-66, -88) are null."""
    assert q("SELECT min(polity2), max(polity2), count(*) - count(polity2) FROM {t}") == (
        -10,
        10,
        263 + 5,
    )
    assert q("SELECT polity2 FROM {t} WHERE scode = 'FRN' AND year = 1941") == (None,)
    assert q("SELECT polity2 FROM {t} WHERE scode = 'BEL' AND year = 1830") == (None,)
    assert q("SELECT count(*) FROM {t} WHERE polity2 IN (-66, -77, -88)") == (0,)
    assert q("SELECT count(*) FROM {t} WHERE polity2 = -9") == (1150,)  # a real score, not missing
    assert leftover_sentinels(wh, SRC, T, skip=("polity2",)) == {}


@pytest.mark.parametrize(
    ("scode", "year", "country", "polity2"),
    [
        ("USA", 2018, "United States", 8),
        ("USA", 2020, "United States", 5),
        ("AFG", 1800, "Afghanistan", -6),
    ],
)
def test_known_scores(q, scode, year, country, polity2) -> None:
    """Scores read from the sheet, with the space padding gone from the country name."""
    assert q(f"SELECT country, polity2 FROM {{t}} WHERE scode = '{scode}' AND year = {year}") == (
        country,
        polity2,
    )


def test_names_trimmed(q) -> None:
    """No country name keeps its fixed-width padding."""
    assert q("SELECT count(*) FROM {t} WHERE country <> trim(country)") == (0,)
