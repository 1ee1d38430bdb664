"""GML MID 2.2.1 (peacesciencer): disputes and participant spells, cast, cleaned and dated."""

from __future__ import annotations

import datetime as dt

import pytest

from _checks import leftover_sentinels, one, rows

SRC = "gml-mid-2.2"
TABLES = ("disputes", "participants")


def test_counts(wh) -> None:
    """2,174 disputes 1816-2010 and 5,217 participant rows covering every one of them."""
    assert one(wh, SRC, "disputes", "SELECT count(*), count(DISTINCT dispnum) FROM {t}") == (2174, 2174)
    assert one(wh, SRC, "disputes", "SELECT min(styear), max(styear) FROM {t}") == (1816, 2010)
    got = one(wh, SRC, "participants", "SELECT count(*), count(DISTINCT dispnum), max(endyear) FROM {t}")
    assert got == (5217, 2174, 2010)


@pytest.mark.parametrize("table", TABLES)
def test_no_sentinel_or_negative_left(wh, table) -> None:
    """-9 never survives, no numeric column is negative, and codes are integers, not doubles."""
    assert leftover_sentinels(wh, SRC, table) == {}
    view = wh.view_name(SRC, table)
    for name, kind, *_ in wh.con.execute(f"DESCRIBE {view}").fetchall():
        assert kind != "DOUBLE", name
        if kind in ("TINYINT", "SMALLINT", "INTEGER"):
            assert one(wh, SRC, table, f'SELECT count(*) FROM {{t}} WHERE "{name}" < 0') == (0,), name


def test_missing_codes_are_null(wh) -> None:
    """45 unknown fatality levels, 13 outcomes, 17 settlements; 595 unknown start days."""
    sql = (
        "SELECT count(*) - count(fatality), count(*) - count(outcome), count(*) - count(settle) FROM {t}"
    )
    assert one(wh, SRC, "disputes", sql) == (45, 13, 17)
    assert one(wh, SRC, "participants", "SELECT count(*) - count(stday) FROM {t}") == (595,)


@pytest.mark.parametrize("table", TABLES)
def test_dates_are_complete_and_ordered(wh, table) -> None:
    """Every row has a start and an end, and start <= end."""
    sql = 'SELECT count(*) FROM {t} WHERE start IS NULL OR "end" IS NULL OR start > "end"'
    assert one(wh, SRC, table, sql) == (0,)


def test_dispute_dates_span_their_participants(wh) -> None:
    """A dispute starts with its first participant and ends with its last."""
    part = wh.view_name(SRC, "participants")
    sql = f"""SELECT count(*) FROM {{t}} d JOIN (SELECT dispnum, min(start) s, max("end") e FROM {part}
              GROUP BY dispnum) p USING (dispnum)
              WHERE d.start IS DISTINCT FROM p.s OR d."end" IS DISTINCT FROM p.e"""
    assert one(wh, SRC, "disputes", sql) == (0,)


def test_impossible_month_13_is_fixed(wh) -> None:
    """Dispute 1272 (stmon 13 in the file) starts in November 1918 with its participants."""
    got = one(wh, SRC, "disputes", "SELECT styear, stmon, start FROM {t} WHERE dispnum = 1272")
    assert got == (1918, 11, dt.date(1918, 11, 13))
    assert one(wh, SRC, "disputes", "SELECT count(*) FROM {t} WHERE stmon NOT BETWEEN 1 AND 12") == (0,)


def test_spells_and_known_disputes(wh) -> None:
    """France switches sides in 258; 4312 is Benin v Niger; Kargil (4007) is Pakistan v India."""
    assert one(wh, SRC, "participants", "SELECT count(*) FROM {t} WHERE spell > 1") == (20,)
    sql = "SELECT spell, sidea FROM {t} WHERE dispnum = 258 AND ccode = 220 ORDER BY spell"
    assert rows(wh, SRC, "participants", sql) == [(1, True), (2, False), (3, True)]
    sql = "SELECT ccode, sidea FROM {t} WHERE dispnum = 4312 ORDER BY ccode"
    assert rows(wh, SRC, "participants", sql) == [(434, False), (436, True)]
    sql = 'SELECT ccode, sidea, start, "end" FROM {t} WHERE dispnum = 4007 ORDER BY ccode'
    kargil = (dt.date(1993, 9, 17), dt.date(1999, 7, 17))
    assert rows(wh, SRC, "participants", sql) == [(750, False, *kargil), (770, True, *kargil)]
    got = one(wh, SRC, "disputes", "SELECT hostlev, fatality, hiact FROM {t} WHERE dispnum = 4007")
    assert got == (5, 6, 20)


def test_cuban_missile_crisis(wh) -> None:
    """Dispute 61 (1962): the USA on side A against Cuba and the USSR."""
    sql = "SELECT ccode, sidea FROM {t} WHERE dispnum = 61 ORDER BY ccode"
    assert rows(wh, SRC, "participants", sql) == [(2, True), (40, False), (365, False)]


def test_helper_columns_are_dropped(wh) -> None:
    """peacesciencer's leader-match helpers are not part of the table."""
    cols = {r[0] for r in wh.con.execute(f"DESCRIBE {wh.view_name(SRC, 'participants')}").fetchall()}
    assert not cols & {"obsid_start", "dummy_stday", "anymiss_leader_start", "allmiss_leader_end"}
    assert {"dispnum", "ccode", "spell", "sidea", "start", "end", "hiact", "orig"} <= cols
