"""COW MID 5.0: disputes, participant spells and incidents, with -9 gone and dates built."""

from __future__ import annotations

import datetime as dt

import pytest

from _checks import leftover_sentinels, one, rows

SRC = "cow-mid-5.0"
TABLES = ("disputes", "participants", "incidents")


def test_counts_match_the_codebook(wh) -> None:
    """2,436 disputes 1816-2014; 5,883 participant rows in all of them; 4,483 incidents in 667."""
    assert one(wh, SRC, "disputes", "SELECT count(*), count(DISTINCT dispnum) FROM {t}") == (2436, 2436)
    assert one(wh, SRC, "disputes", "SELECT min(styear), max(endyear) FROM {t}") == (1816, 2014)
    assert one(wh, SRC, "participants", "SELECT count(*), count(DISTINCT dispnum) FROM {t}") == (
        5883,
        2436,
    )
    got = one(
        wh,
        SRC,
        "incidents",
        "SELECT count(*), count(DISTINCT incidnum), count(DISTINCT dispnum) FROM {t}",
    )
    assert got == (4483, 4483, 667)
    assert one(wh, SRC, "incidents", "SELECT min(styear), max(endyear) FROM {t}") == (1992, 2014)


def test_every_participant_and_incident_belongs_to_a_dispute(wh) -> None:
    """MIDB and MIDI dispute numbers all exist in MIDA; every dispute has both sides."""
    disputes = wh.view_name(SRC, "disputes")
    for table in ("participants", "incidents"):
        sql = f"SELECT count(*) FROM {{t}} ANTI JOIN {disputes} d USING (dispnum)"  # NULL too
        assert one(wh, SRC, table, sql) == (0,)
    one_sided = """SELECT dispnum FROM {t} GROUP BY dispnum
                   HAVING count(*) FILTER (WHERE sidea) = 0 OR count(*) FILTER (WHERE NOT sidea) = 0"""
    assert rows(wh, SRC, "participants", one_sided) == []


@pytest.mark.parametrize("table", TABLES)
def test_no_sentinel_or_negative_left(wh, table) -> None:
    """-9 never survives, and no numeric column holds a negative value."""
    assert leftover_sentinels(wh, SRC, table) == {}
    view = wh.view_name(SRC, table)
    for name, kind, *_ in wh.con.execute(f"DESCRIBE {view}").fetchall():
        if kind in ("TINYINT", "SMALLINT", "INTEGER"):
            assert one(wh, SRC, table, f'SELECT count(*) FROM {{t}} WHERE "{name}" < 0') == (0,), name


@pytest.mark.parametrize("table", TABLES)
def test_dates_are_complete_and_ordered(wh, table) -> None:
    """Every row has a start and an end, start <= end, and the dates agree with their years."""
    sql = """SELECT count(*) FROM {t} WHERE start IS NULL OR "end" IS NULL OR start > "end"
                 OR year(start) IS DISTINCT FROM styear OR year("end") IS DISTINCT FROM endyear
                 OR (stday IS NOT NULL AND day(start) <> stday)"""
    assert one(wh, SRC, table, sql) == (0,)


def test_unknown_days_and_months_follow_the_rule(wh) -> None:
    """Unknown start day -> 1st; unknown end day -> last day; unknown months -> Jan / Dec."""
    assert one(wh, SRC, "disputes", 'SELECT stday, start, "end" FROM {t} WHERE dispnum = 2') == (
        None,
        dt.date(1902, 7, 1),
        dt.date(1903, 1, 24),
    )
    sql = 'SELECT stmon, start, endmon, "end" FROM {t} WHERE incidnum = 4585066'
    assert one(wh, SRC, "incidents", sql) == (None, dt.date(2012, 1, 1), None, dt.date(2012, 12, 31))
    sql = 'SELECT count(*) FROM {t} WHERE endday IS NULL AND "end" <> last_day("end")'
    assert one(wh, SRC, "participants", sql) == (0,)


def test_rejoining_states_are_separate_spells(wh) -> None:
    """France in dispute 258 (1939-45): three spells, side A, then side B (Vichy), then side A."""
    assert one(
        wh, SRC, "participants", "SELECT count(*) - count(DISTINCT (dispnum, ccode, spell)) FROM {t}"
    ) == (0,)
    got = rows(
        wh,
        SRC,
        "participants",
        "SELECT spell, sidea FROM {t} WHERE dispnum = 258 AND ccode = 220 ORDER BY spell",
    )
    assert got == [(1, True), (2, False), (3, True)]
    assert one(wh, SRC, "participants", "SELECT count(*) FROM {t} WHERE spell > 1") == (29,)


def test_dispute_4312_is_benin_v_niger(wh) -> None:
    """The Nigeria code with Niger's abbreviation in dispute 4312 is corrected to Niger (436)."""
    got = rows(
        wh, SRC, "participants", "SELECT ccode, stabb FROM {t} WHERE dispnum = 4312 ORDER BY ccode"
    )
    assert got == [(434, "BEN"), (436, "NIR")]


def test_cuban_missile_crisis_and_berlin_blockade(wh) -> None:
    """MID 61 (1962): USA on side A v Cuba and USSR; MID 26 (1948-49): USSR v USA, UK, France."""
    got = rows(wh, SRC, "participants", "SELECT ccode, sidea FROM {t} WHERE dispnum = 61 ORDER BY ccode")
    assert got == [(2, True), (40, False), (365, False)]
    got = rows(
        wh, SRC, "participants", "SELECT ccode, sidea, orig FROM {t} WHERE dispnum = 26 ORDER BY ccode"
    )
    assert got == [(2, False, True), (200, False, True), (220, False, True), (365, True, True)]
    got = one(wh, SRC, "disputes", 'SELECT start, "end", hostlev FROM {t} WHERE dispnum = 26')
    assert got == (dt.date(1948, 3, 21), dt.date(1949, 7, 25), 4)


def test_kargil(wh) -> None:
    """MID 4007 (1993-99) ends in the Kargil war: Pakistan (side A, revisionist) v India, hostlev 5."""
    got = one(
        wh,
        SRC,
        "disputes",
        'SELECT start, "end", hostlev, fatality, hiact FROM {t} WHERE dispnum = 4007',
    )
    assert got == (dt.date(1993, 9, 17), dt.date(1999, 7, 17), 5, 6, 20)
    sql = "SELECT ccode, sidea, revstate, orig, hiact FROM {t} WHERE dispnum = 4007 ORDER BY ccode"
    assert rows(wh, SRC, "participants", sql) == [
        (750, False, False, True, 17),
        (770, True, True, True, 20),
    ]


def test_missing_codes_are_null_not_zero(wh) -> None:
    """MIDA 4007 has fatalpre -9 in the file: it is null, while fatality (6) is kept."""
    assert one(wh, SRC, "disputes", "SELECT fatality, fatalpre FROM {t} WHERE dispnum = 4007") == (
        6,
        None,
    )
    assert one(wh, SRC, "disputes", "SELECT count(*) FROM {t} WHERE fatalpre IS NULL") == (646,)
    assert one(wh, SRC, "participants", "SELECT count(*) FROM {t} WHERE revtype2 IS NULL") == (4252,)
