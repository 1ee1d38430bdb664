"""MIE 1.0: the 28,011 militarized events in 1,881 confrontations, typed and dated as published."""

from __future__ import annotations

import datetime as dt

from _checks import leftover_sentinels, one, rows

SRC = "mie-1.0"


def test_counts(wh) -> None:
    """28,011 events in 1,881 confrontations, 1816-2014, 192 COW state codes (SOURCE.md)."""
    sql = "SELECT count(*), count(DISTINCT micnum), min(styear), max(endyear) FROM {t}"
    got = one(wh, SRC, "events", sql)
    assert got == (28011, 1881, 1816, 2014)
    codes = "SELECT count(*) FROM (SELECT ccode1 FROM {t} UNION SELECT ccode2 FROM {t})"
    assert one(wh, SRC, "events", codes) == (192,)
    assert one(wh, SRC, "confrontations", "SELECT count(*), sum(n_events) FROM {t}") == (1881, 28011)


def test_events_per_hostility_level(wh) -> None:
    """2 threat 1,171; 3 display 7,310; 4 use of force 15,059; 5 war 4,471."""
    got = rows(wh, SRC, "events", "SELECT hostlev, count(*) FROM {t} GROUP BY 1 ORDER BY 1")
    assert got == [(2, 1171), (3, 7310), (4, 15059), (5, 4471)]
    assert one(wh, SRC, "events", "SELECT count(*) FILTER (WHERE sidea1) FROM {t}") == (19401,)


def test_unknown_days_are_null_and_dates_cover_the_event(wh) -> None:
    """-9 days are null (1,987 start, 2,164 end days); every event starts on or before its end."""
    assert leftover_sentinels(wh, SRC, "events") == {}
    unknown = "SELECT count(*) - count(stday), count(*) - count(endday) FROM {t}"
    assert one(wh, SRC, "events", unknown) == (1987, 2164)
    bad = 'SELECT count(*) FROM {t} WHERE start IS NULL OR "end" IS NULL OR start > "end"'
    assert one(wh, SRC, "events", bad) == (0,)
    # micnum 2, event 1: May 1902 with unknown days -> 1 May .. 31 May
    got = one(wh, SRC, "events", 'SELECT start, "end" FROM {t} WHERE micnum = 2 AND eventnum = 1')
    assert got == (dt.date(1902, 5, 1), dt.date(1902, 5, 31))


def test_war_events_are_action_22(wh) -> None:
    """Hostility 5 is always action 22 in MIE, and action 22 is always hostility 5."""
    sql = "SELECT count(*) FROM {t} WHERE (hostlev = 5) IS DISTINCT FROM (action = 22)"
    assert one(wh, SRC, "events", sql) == (0,)


def test_known_confrontations(wh) -> None:
    """World War I, Russia-Ukraine 2014 (two confrontations), China-Japan 2010-14, the Koreas."""
    sql = "SELECT styear, endyear, n_events, hostlev FROM {t} WHERE micnum = %d"
    assert one(wh, SRC, "confrontations", sql % 257) == (1914, 1918, 6497, 5)
    assert one(wh, SRC, "confrontations", sql % 4682) == (2014, 2014, 26, 4)
    assert one(wh, SRC, "confrontations", sql % 4683) == (2014, 2014, 10, 4)
    assert one(wh, SRC, "confrontations", sql % 4491) == (2010, 2014, 121, 4)
    dyads = "SELECT DISTINCT least(ccode1, ccode2), greatest(ccode1, ccode2) FROM {t} WHERE micnum = %d"
    assert rows(wh, SRC, "events", dyads % 4682) == [(365, 369)]
    assert rows(wh, SRC, "events", dyads % 4491) == [(710, 740)]
    # Russia seized territory of Ukraine (action 14, occupation) from 28 February 2014
    sql = "SELECT ccode1, ccode2, action, start FROM {t} WHERE micnum = 4683 AND eventnum = 2"
    got = one(wh, SRC, "events", sql)
    assert got == (365, 369, 14, dt.date(2014, 2, 28))


def test_confrontation_fields_agree_with_events(wh) -> None:
    """Derived confrontation dates, peaks and fatality sums equal those of their events."""
    ev = wh.view_name(SRC, "events")
    sql = f"""SELECT count(*) FROM {{t}} c JOIN (
                  SELECT micnum, min(start) s, max("end") e, max(hostlev) h,
                         sum(fatalmax1 + fatalmax2) f FROM {ev} GROUP BY 1) x USING (micnum)
              WHERE c.start IS DISTINCT FROM x.s OR c."end" IS DISTINCT FROM x.e
                 OR c.hostlev IS DISTINCT FROM x.h OR c.fatalmax IS DISTINCT FROM x.f"""
    assert one(wh, SRC, "confrontations", sql) == (0,)
    assert one(wh, SRC, "confrontations", "SELECT count(*) FROM {t} WHERE fatalmin > fatalmax") == (0,)
