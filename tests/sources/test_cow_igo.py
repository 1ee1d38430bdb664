"""COW IGO 3.0 (peacesciencer): state-year and dyad-year membership counts."""

from __future__ import annotations

import pytest

from _checks import leftover_sentinels, one

SRC = "cow-igo-3.0"


@pytest.fixture
def q(wh):
    """Run a one-row query on one IGO table: q(table, sql) with ``{t}`` for the table."""
    return lambda table, sql: one(wh, SRC, table, sql)


def test_state_years(q) -> None:
    """15,557 state-years 1816-2014, one per ccode-year; any-type = full + associate + observer."""
    assert q("state_years", "SELECT count(*), min(year), max(year) FROM {t}") == (15557, 1816, 2014)
    assert q("state_years", "SELECT count(*) - count(DISTINCT (ccode, year)) FROM {t}") == (0,)
    parts = "sum_igo_full + sum_igo_associate + sum_igo_observer"
    sql = f"SELECT count(*) FROM {{t}} WHERE {parts} IS DISTINCT FROM sum_igo_anytype"
    assert q("state_years", sql) == (0,)


def test_dyad_years(q) -> None:
    """917,695 non-directed dyad-years 1816-2014 with ccode1 < ccode2, each once."""
    assert q("dyad_years", "SELECT count(*), min(year), max(year) FROM {t}") == (917695, 1816, 2014)
    assert q("dyad_years", "SELECT count(*) FROM {t} WHERE ccode1 >= ccode2") == (0,)
    assert q("dyad_years", "SELECT count(*) - count(DISTINCT (ccode1, ccode2, year)) FROM {t}") == (0,)


@pytest.mark.parametrize(
    ("year", "full", "associate", "observer", "anytype"),
    [(1816, 0, 0, 0, 0), (1950, 58, 1, 0, 59), (2014, 89, 0, 4, 93)],
)
def test_united_states_memberships(q, year, full, associate, observer, anytype) -> None:
    """US memberships by type; 1816's zeros are true zeros, not missing."""
    got = q(
        "state_years",
        "SELECT sum_igo_full, sum_igo_associate, sum_igo_observer, sum_igo_anytype FROM {t} "
        f"WHERE ccode = 2 AND year = {year}",
    )
    assert got == (full, associate, observer, anytype)


@pytest.mark.parametrize(
    ("other", "year", "shared"), [(20, 1950, 39), (20, 2014, 72), (365, 1950, 12), (365, 2014, 55)]
)
def test_shared_memberships(q, other, year, shared) -> None:
    """IGOs shared by the US with Canada and with Russia, read from the .rda."""
    sql = f"SELECT dyadigos FROM {{t}} WHERE ccode1 = 2 AND ccode2 = {other} AND year = {year}"
    assert q("dyad_years", sql) == (shared,)


def test_no_sentinels(wh) -> None:
    """No -9/-1-style codes or NaN survive in either table."""
    assert leftover_sentinels(wh, SRC, "state_years") == {}
    assert leftover_sentinels(wh, SRC, "dyad_years") == {}
