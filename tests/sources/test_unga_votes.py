"""unvotes: UNGA roll calls 1946-2019, votes yes/no/abstain, issue tags; flags made boolean."""

from __future__ import annotations

import datetime as dt

import pytest

from _checks import leftover_sentinels, one, rows

SRC = "unga-votes"


@pytest.fixture
def q(wh):
    """Run a one-row query on one unvotes table: q(table, sql) with ``{t}`` for the table."""
    return lambda table, sql: one(wh, SRC, table, sql)


def test_vote_counts_as_documented(wh, q) -> None:
    """870,109 votes: 693,664 yes, 110,897 abstain, 65,548 no; one vote per country and roll call."""
    got = rows(wh, SRC, "votes", "SELECT vote, count(*) FROM {t} GROUP BY 1 ORDER BY 1")
    assert got == [("abstain", 110897), ("no", 65548), ("yes", 693664)]
    assert q("votes", "SELECT count(*) - count(DISTINCT (rcid, country)) FROM {t}") == (0,)


def test_roll_calls_span(q) -> None:
    """6,203 roll calls, sessions 1-74, 1946-01-01 to 2020-01-14; every voted rcid is listed."""
    got = q("roll_calls", "SELECT count(*), min(session), max(session), min(date), max(date) FROM {t}")
    assert got == (6203, 1, 74, dt.date(1946, 1, 1), dt.date(2020, 1, 14))


def test_us_voting_record(q) -> None:
    """The United States (US) cast 1,810 yes, 3,101 no and 1,245 abstain votes."""
    got = q(
        "votes",
        "SELECT count(*) FILTER (vote = 'yes'), count(*) FILTER (vote = 'no'), "
        "count(*) FILTER (vote = 'abstain'), any_value(country_code) FROM {t} "
        "WHERE country = 'United States'",
    )
    assert got == (1810, 3101, 1245, "US")


def test_first_roll_call(q) -> None:
    """rcid 3 (1946-01-01, R/1/66): a Cuban amendment, 51 votes cast, the US voted yes."""
    got = q(
        "roll_calls", "SELECT session, date, unres, amend, para, importantvote FROM {t} WHERE rcid = 3"
    )
    assert got == (1, dt.date(1946, 1, 1), "R/1/66", True, False, False)
    assert q("votes", "SELECT count(*) FROM {t} WHERE rcid = 3") == (51,)


def test_flags_and_text_cleaned(q) -> None:
    """Text flags are booleans with nulls where uncoded; blank text is null, none padded."""
    got = q(
        "roll_calls",
        "SELECT count(importantvote), sum(importantvote::INT), count(amend), count(para) FROM {t}",
    )
    assert got == (5598, 411, 2868, 3208)
    assert q("roll_calls", "SELECT count(unres), count(short) FROM {t}") == (
        6203 - 159,
        6203 - 154 - 419,
    )
    assert q(
        "roll_calls", "SELECT count(*) FROM {t} WHERE short <> trim(short) OR descr <> trim(descr)"
    ) == (0,)


def test_issues(wh, q) -> None:
    """5,745 issue tags in 6 issues; arms control is the most frequent (1,092)."""
    assert q("issues", "SELECT count(*), count(DISTINCT issue) FROM {t}") == (5745, 6)
    got = rows(wh, SRC, "issues", "SELECT issue, count(*) FROM {t} GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
    assert got == [("Arms control and disarmament", 1092)]


@pytest.mark.parametrize("table", ["votes", "roll_calls", "issues"])
def test_no_sentinels(wh, table) -> None:
    """No sentinel code, NaN or blank text left (Namibia's ISO2 code 'NA' is a code, see below)."""
    assert leftover_sentinels(wh, SRC, table, skip=("country_code",)) == {}


def test_namibia_code_is_not_missing(wh, q) -> None:
    """Namibia's ISO2 code is the text 'NA'; only three historical states lack a code."""
    assert q("votes", "SELECT DISTINCT country_code FROM {t} WHERE country = 'Namibia'") == ("NA",)
    got = rows(
        wh, SRC, "votes", "SELECT DISTINCT country FROM {t} WHERE country_code IS NULL ORDER BY 1"
    )
    assert got == [("Federal Republic of Germany",), ("Yemen Arab Republic",), ("Zanzibar",)]
    assert q("votes", "SELECT count(*) FROM {t} WHERE country_code = ''") == (0,)
