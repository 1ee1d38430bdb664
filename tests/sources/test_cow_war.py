"""COW Inter-State War 4.0: a CR-terminated file read into one row per war participant."""

from __future__ import annotations

import datetime as dt

from _checks import leftover_sentinels, one, rows

SRC, T = "cow-war-4.0", "participants"


def q(wh, sql: str) -> tuple:
    """The single row of ``sql`` over the participants table (``{t}``)."""
    return one(wh, SRC, T, sql)


def test_every_line_is_read(wh) -> None:
    """337 participant rows in 95 wars, 1823-2003: the bare-CR line endings are honoured."""
    got = q(wh, 'SELECT count(*), count(DISTINCT warnum), min(start), max("end") FROM {t}')
    assert got == (337, 95, dt.date(1823, 4, 7), dt.date(2003, 5, 2))
    assert q(wh, "SELECT count(*) FROM {t} WHERE war_name LIKE '%' || chr(13) || '%'") == (0,)


def test_no_sentinels_left(wh) -> None:
    """-8 and -9 never survive; the one unknown BatDeath (Thailand, war 170) is null, not 0."""
    assert leftover_sentinels(wh, SRC, T) == {}
    assert q(
        wh, "SELECT count(*) FROM {t} WHERE bat_death < 0 OR trans_to < 0 OR list_min(trans_from) < 0"
    ) == (0,)
    assert rows(wh, SRC, T, "SELECT warnum, ccode FROM {t} WHERE bat_death IS NULL") == [(170, 800)]


def test_spells_are_valid_dates(wh) -> None:
    """Every spell starts before it ends; a second spell follows the first; 19 rows have one."""
    sql = """SELECT count(*) FROM {t} WHERE start1 > end1 OR start2 > end2 OR end1 >= start2
             OR (start2 IS NULL) <> (end2 IS NULL) OR start <> start1 OR "end" <> coalesce(end2, end1)"""
    assert q(wh, sql) == (0,)
    assert q(wh, "SELECT count(start2) FROM {t}") == (19,)
    sql = "SELECT start1, end1, start2, end2 FROM {t} WHERE warnum = 139 AND ccode = 220 AND side = 1"
    assert q(wh, sql) == (
        dt.date(1939, 9, 3),
        dt.date(1940, 6, 22),
        dt.date(1944, 10, 23),
        dt.date(1945, 8, 14),
    )


def test_every_war_has_two_sides_and_side_switchers_keep_both_rows(wh) -> None:
    """Each war has sides 1 and 2; (warnum, ccode, side) is unique; Italy fought on both in WWII."""
    assert (
        rows(wh, SRC, T, "SELECT warnum FROM {t} GROUP BY warnum HAVING count(DISTINCT side) <> 2") == []
    )
    assert q(wh, "SELECT count(*) - count(DISTINCT (warnum, ccode, side)) FROM {t}") == (0,)
    sql = "SELECT side, start, outcome FROM {t} WHERE warnum = 139 AND ccode = 325 ORDER BY start"
    assert rows(wh, SRC, T, sql) == [(2, dt.date(1940, 6, 10), 2), (1, dt.date(1943, 10, 18), 1)]
    assert q(wh, "SELECT count(*), count(DISTINCT ccode) FROM {t} WHERE warnum = 139") == (29, 25)


def test_mixed_type_transformation_column(wh) -> None:
    """TransFrom '404, 410' (Spanish-American war) is a list of two war numbers."""
    got = rows(wh, SRC, T, "SELECT DISTINCT trans_from FROM {t} WHERE warnum = 79")
    assert got == [([404, 410],)]
    assert q(wh, "SELECT count(trans_from), count(trans_to) FROM {t}") == (69, 28)


def test_kargil(wh) -> None:
    """War 223 (8 May - 17 Jul 1999): India 750 (side 1, winner) v Pakistan 770 (initiator)."""
    sql = """SELECT ccode, side, start, "end", initiator, outcome, bat_death FROM {t}
             WHERE warnum = 223 ORDER BY ccode"""
    kargil = (dt.date(1999, 5, 8), dt.date(1999, 7, 17))
    assert rows(wh, SRC, T, sql) == [(750, 1, *kargil, False, 1, 474), (770, 2, *kargil, True, 2, 698)]
