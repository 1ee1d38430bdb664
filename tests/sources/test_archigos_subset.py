"""Archigos 4.1 subset: leader spells with real dates and a censoring flag."""

from __future__ import annotations

import datetime as dt

import pytest

from _checks import leftover_sentinels, one_row_query

SRC, T = "archigos-4.1-subset", "leaders"
q = one_row_query(SRC, T)


def test_spells_dates_states(q) -> None:
    """3,409 spells, obsid unique, 189 states; dates span 1840-07-23 .. 2015-12-31."""
    assert q("SELECT count(*), count(DISTINCT obsid), count(DISTINCT idacr) FROM {t}") == (
        3409,
        3409,
        189,
    )
    got = q('SELECT min(start), max(start), min("end"), max("end") FROM {t}')
    assert got == (
        dt.date(1840, 7, 23),
        dt.date(2015, 12, 29),
        dt.date(1871, 4, 6),
        dt.date(2015, 12, 31),
    )
    assert q('SELECT count(*) FROM {t} WHERE start IS NULL OR "end" IS NULL OR "end" < start') == (0,)


def test_no_sentinels(wh) -> None:
    """No sentinel code or blank text left."""
    assert leftover_sentinels(wh, SRC, T) == {}


@pytest.mark.parametrize(
    ("obsid", "leader", "start", "end", "censored"),
    [
        ("USA-1869", "Grant", dt.date(1869, 3, 4), dt.date(1877, 3, 4), False),
        ("USA-2009", "Obama", dt.date(2009, 1, 20), dt.date(2015, 12, 31), True),
        ("GFR-2005", "Merkel", dt.date(2005, 11, 22), dt.date(2015, 12, 31), True),
        ("RUS-2000", "Putin", dt.date(2000, 1, 1), dt.date(2015, 12, 31), True),
    ],
)
def test_known_leaders(q, obsid, leader, start, end, censored) -> None:
    """Spells read from the file; those running to the end of coverage are flagged."""
    got = q(f"SELECT leader, start, \"end\", in_office_at_end FROM {{t}} WHERE obsid = '{obsid}'")
    assert got == (leader, start, end, censored)


def test_censoring_only_at_coverage_end(q) -> None:
    """Every flagged spell ends on 2015-12-31 and every spell ending then is flagged."""
    sql = """SELECT count(*) FROM {t}
             WHERE in_office_at_end IS DISTINCT FROM ("end" = DATE '2015-12-31')"""
    assert q(sql) == (0,)


def test_latin1_names_decoded(q) -> None:
    """Names stored in Latin-1 inside the UTF-8 Stata file read correctly."""
    assert q("SELECT leader FROM {t} WHERE obsid = 'HON-2014'") == ("Hernández",)
    assert q("SELECT leader FROM {t} WHERE obsid = 'FIN-2012'") == ("Sauli Niinistö",)
    assert q("SELECT count(*) FROM {t} WHERE leader LIKE '%Ã%'") == (0,)
