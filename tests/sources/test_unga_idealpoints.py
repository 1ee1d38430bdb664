"""UNGA ideal points: country-years 1946-2024, blanks filled from the same ccode, no sentinels."""

from __future__ import annotations

import pytest

from _checks import leftover_sentinels, one_row_query

SRC, T = "unga-idealpoints", "idealpoints"
q = one_row_query(SRC, T)


def test_rows_years_keys(q) -> None:
    """11,440 country-years, 1946-2024, (ccode, year) unique, every row named."""
    assert q("SELECT count(*), min(year), max(year), count(countryname) FROM {t}") == (
        11440,
        1946,
        2024,
        11440,
    )
    assert q("SELECT count(*) - count(DISTINCT (ccode, year)) FROM {t}") == (0,)


def test_no_sentinels(wh) -> None:
    """No sentinel code, NaN or blank text left."""
    assert leftover_sentinels(wh, SRC, T) == {}


@pytest.mark.parametrize(
    ("ccode", "year", "fp", "nvotes_fp"),
    [
        (2, 1946, 1.663375, 25),
        (2, 2024, 2.206202, 100),
        (365, 2022, -0.8090, 88),
        (365, 1991, 0.737733, 72),
    ],
)
def test_known_ideal_points(q, ccode, year, fp, nvotes_fp) -> None:
    """US and Russia ideal points (final-passage votes) read from the .dta."""
    got = q(f"SELECT idealpoint_fp, nvotes_fp FROM {{t}} WHERE ccode = {ccode} AND year = {year}")
    assert got[0] == pytest.approx(fp, abs=1e-5)
    assert got[1] == nvotes_fp


def test_all_votes_series_ends_2023(q) -> None:
    """The all-votes and legacy series stop in 2023: 2024 is null, not 0."""
    got = q(
        "SELECT idealpoint_all, idealpoint_legacy, nvotes_all FROM {t} WHERE ccode = 2 AND year = 2024"
    )
    assert got == (None, None, None)


def test_blank_rows_filled_and_codes_fixed(q) -> None:
    """A blank trailing row gets its ccode's name; South Yemen loses North Yemen's iso3c."""
    assert q("SELECT countryname, iso3c, idealpoint_fp FROM {t} WHERE ccode = 260 AND year = 1990") == (
        "German Federal Republic",
        "DEU",
        None,
    )
    assert q("SELECT DISTINCT iso3c FROM {t} WHERE ccode = 680") == (None,)
    # GFR (260) and Germany (255) share DEU, so 1990 is the one iso3c-year listed twice
    dup = "SELECT iso3c, year FROM {t} WHERE iso3c IS NOT NULL GROUP BY ALL HAVING count(*) > 1"
    assert q(dup) == ("DEU", 1990)
