"""Parsed foundation sources: row counts from the SOURCE.md files and each documented quirk fix."""

from __future__ import annotations

from helpers import q


def test_cow_states(wh) -> None:
    states = wh.view_name("cow-states-2016", "states")
    assert q(wh, f"SELECT count(*), count(DISTINCT ccode) FROM {states}") == [(243, 217)]
    spells = q(wh, f'SELECT start, "end" FROM {states} WHERE ccode = 255 ORDER BY start')
    assert [(s.year, e.year) for s, e in spells] == [(1816, 1945), (1990, 2016)]  # Germany twice
    assert q(wh, f"SELECT count(*) FROM {wh.view_name('cow-states-2016', 'majors')}") == [(14,)]


def test_gw_lists_read_latin1_and_colon_dates(wh) -> None:
    gw = wh.view_name("gw-states", "states")
    assert q(wh, f"SELECT count(*) FROM {gw}") == [(216,)]
    # two characters the copy lost as U+FFFD are restored
    assert q(wh, f"SELECT statenme FROM {gw} WHERE gwcode = 437") == [("Cote D'Ivoire",)]
    assert q(wh, f"SELECT statenme FROM {gw} WHERE gwcode = 271") == [("Württemberg",)]
    assert q(wh, f"SELECT count(*) FROM {gw} WHERE statenme LIKE '%\ufffd%'") == [(0,)]
    micro = wh.view_name("gw-microstates", "states")
    assert q(wh, f"SELECT count(*), count(*) FILTER (WHERE microstate) FROM {micro}") == [(23, 23)]
    assert q(wh, f"SELECT statenme FROM {micro} WHERE gwcode = 403") == [("São Tomé and Principe",)]


def test_nmc_missing_codes_become_null(wh) -> None:
    nmc = wh.view_name("cow-nmc-6.0", "nmc")
    got = q(
        wh, f"SELECT count(*), count(*) - count(milex), count(*) - count(upop), min(milex) FROM {nmc}"
    )
    assert got == [(15951, 2217, 68, 0.0)]


def test_atop_members_quirks(wh) -> None:
    m = wh.view_name("atop-5.1", "members")
    assert q(wh, f"SELECT count(*), count(*) FILTER (WHERE in_force) FROM {m}") == [(2510, 1146)]
    assert q(wh, f'SELECT count(*) FROM {m} WHERE "end" IS NULL AND NOT in_force') == [(0,)]
    assert q(wh, f'SELECT count(*) FROM {m} WHERE "end" < start') == [(0,)]
    # a missing exit day is the last day of the month (Concert of Europe, UK, Dec 1822)
    assert q(wh, f'SELECT "end"::VARCHAR FROM {m} WHERE atopid = 1035 AND member = 200') == [
        ("1822-12-31",)
    ]
    # phases are kept as separate spells: NATO's USA rows for phase 1 and 2
    assert q(wh, f"SELECT list(phase ORDER BY phase) FROM {m} WHERE atopid = 3180 AND member = 2") == [
        ([1, 2],)
    ]
    alliances = wh.view_name("atop-5.1", "alliances")
    assert q(wh, f"SELECT count(*) FROM {alliances}") == [(789,)]


def test_atop_phases(wh) -> None:
    phases = wh.view_name("atop-5.1", "phases")
    assert q(wh, f"SELECT count(*), count(DISTINCT atopid) FROM {phases}") == [(849, 789)]
    # NATO: phase 1 (1949-51) without basing provisions, phase 2 (from 19 June 1951) with them
    nato = q(
        wh, f'SELECT atopidphase, start::VARCHAR, "end"::VARCHAR, base FROM {phases} WHERE atopid = 3180'
    )
    assert nato == [("3180.1", "1949-04-04", "1951-06-19", 0), ("3180.2", "1951-06-19", None, 3)]
