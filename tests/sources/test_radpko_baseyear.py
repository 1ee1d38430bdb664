"""RADPKO base-years: yearly means per mission-base, contributor blocks unpivoted to long form."""

from __future__ import annotations

import pytest

from _checks import leftover_sentinels, one, rows

SRC = "radpko-baseyear"


@pytest.fixture
def q(wh):
    """Run a one-row query on one RADPKO table: q(table, sql) with ``{t}`` for the table."""
    return lambda table, sql: one(wh, SRC, table, sql)


def test_bases_rows_years_missions(wh, q) -> None:
    """2,652 base-years, 1999-2019, 13 African missions, (mission, base, year) unique."""
    assert q("bases", "SELECT count(*), min(year), max(year), count(DISTINCT mission) FROM {t}") == (
        2652,
        1999,
        2019,
        13,
    )
    assert q("bases", "SELECT count(*) - count(DISTINCT (mission, base, year)) FROM {t}") == (0,)
    assert q("bases", "SELECT count(*) FROM {t} WHERE base IS NULL") == (3,)


def test_no_sentinels_nan_or_zero_tokens(wh, q) -> None:
    """No sentinel or NaN survives; the '0' (no contributor named) tokens are gone from lists."""
    assert leftover_sentinels(wh, SRC, "bases") == {}
    assert leftover_sentinels(wh, SRC, "contributors") == {}
    lists = ("cc_present", "afr_cc", "asian_cc", "west_cc")
    cond = " OR ".join(f"list_contains(string_split({c}, '|'), '0')" for c in lists)
    assert q("bases", f"SELECT count(*) FROM {{t}} WHERE {cond}") == (0,)


def test_monrovia_2005(q) -> None:
    """UNMIL Monrovia 2005: mean personnel and the eleven named contributors, from the raw row."""
    got = q(
        "bases",
        "SELECT host_country, first_month::VARCHAR, pko_deployed, untrp, cc_present, west_cc "
        "FROM {t} WHERE mission = 'UNMIL' AND base = 'monrovia' AND year = 2005",
    )
    assert got[:2] == ("Liberia", "2005-01-01")
    assert got[2] == pytest.approx(1905.3215939153424)
    assert got[3] == pytest.approx(1367.7012235449733)
    assert got[4].split("|") == [
        "bangladesh", "china", "gambia", "ireland", "jordan", "nepal", "nigeria", "pakistan",
        "philippines", "sweden", "ukraine",
    ]  # fmt: skip
    assert got[5] == "ireland|sweden|ukraine"


def test_contributors_long_form(wh, q) -> None:
    """Bangladesh at Monrovia 2005: ~295 peacekeepers; zero blocks are not listed."""
    got = q(
        "contributors",
        "SELECT cc_count, pko, untrp FROM {t} "
        "WHERE base = 'monrovia' AND year = 2005 AND contributor = 'bangladesh'",
    )
    assert got == pytest.approx((1.8333333333333333, 294.89404761904757, 290.7857142857143))
    names = rows(
        wh, SRC, "contributors", "SELECT contributor FROM {t} WHERE base = 'monrovia' AND year = 2005"
    )
    assert len(names) == 11
    assert q("contributors", "SELECT count(*) FROM {t} WHERE pko = 0 AND cc_count = 0") == (0,)
    assert q("contributors", "SELECT count(*), count(DISTINCT contributor) FROM {t}") == (4321, 68)


def test_nan_text_became_null(q) -> None:
    """UNMIS's Addis Ababa office had 'NaN' coordinates in the file (3 rows): null here."""
    sql = (
        "SELECT count(*), count(latitude), count(longitude) FROM {t} "
        "WHERE mission = 'UNMIS' AND base IN ('addis ababa', 'adis abeba')"
    )
    assert q("bases", sql) == (3, 0, 0)
    assert q("bases", "SELECT count(*) FROM {t} WHERE latitude IS NULL") == (3,)
