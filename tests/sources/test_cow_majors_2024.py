"""COW major powers v2024: 14 spells of 9 states with dates and an end-of-coverage flag."""

from __future__ import annotations

import datetime as dt

import pytest

from _checks import leftover_sentinels, one_row_query, rows

SRC, T = "cow-majors-2024", "majors"
q = one_row_query(SRC, T)


def test_spells(q) -> None:
    """14 spells of 9 states, starting 1816-1991 and ending 1917-2024 (Russia 1917 first)."""
    got = q(
        'SELECT count(*), count(DISTINCT ccode), min(start), max(start), min("end"), max("end") FROM {t}'
    )
    assert got == (
        14,
        9,
        dt.date(1816, 1, 1),
        dt.date(1991, 12, 11),
        dt.date(1917, 12, 5),
        dt.date(2024, 12, 31),
    )


def test_current_majors(wh) -> None:
    """The seven majors at the end of 2024: USA, UK, France, Germany, Russia, China, Japan."""
    got = rows(wh, SRC, T, "SELECT stateabb FROM {t} WHERE ongoing ORDER BY ccode")
    assert [s for (s,) in got] == ["USA", "UKG", "FRN", "GMY", "RUS", "CHN", "JPN"]


@pytest.mark.parametrize(
    ("ccode", "start", "end"),
    [
        (2, dt.date(1898, 8, 13), dt.date(2024, 12, 31)),
        (255, dt.date(1925, 1, 1), dt.date(1945, 5, 7)),
        (740, dt.date(1895, 4, 1), dt.date(1945, 8, 14)),
        (300, dt.date(1816, 1, 1), dt.date(1918, 11, 3)),
    ],
)
def test_known_spells(q, ccode, start, end) -> None:
    """Spells read from the CSV (USA from 1898, Germany's interwar spell, Japan, Austria-Hungary)."""
    dates = f"start = DATE '{start}' AND \"end\" = DATE '{end}'"
    sql = f"SELECT count(*) FROM {{t}} WHERE ccode = {ccode} AND {dates}"
    assert q(sql) == (1,)


def test_no_sentinels(wh) -> None:
    """No sentinel code or blank text left."""
    assert leftover_sentinels(wh, SRC, T) == {}
