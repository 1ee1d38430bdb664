"""ICB 15: crises, crisis actors and crisis dyads, with approximate days and ICB codes resolved."""

from __future__ import annotations

import datetime as dt

import pytest

from _checks import leftover_sentinels, one, rows

SRC = "icb-15"
TABLES = ("crises", "actors", "dyads")


def test_counts(wh) -> None:
    """496 crises triggered 1918-2019; 1,100 crisis actors; 1,359 dyad-years after de-duplication."""
    assert one(
        wh, SRC, "crises", "SELECT count(*), count(DISTINCT crisno), min(yrtrig), max(yrtrig) FROM {t}"
    ) == (
        496,
        496,
        1918,
        2019,
    )
    got = one(
        wh, SRC, "actors", "SELECT count(*), count(DISTINCT cracno), count(DISTINCT crisno) FROM {t}"
    )
    assert got == (1100, 1100, 496)
    sql = (
        "SELECT count(*), count(DISTINCT (crisno, statea, stateb, year)), min(year), max(year) FROM {t}"
    )
    assert one(wh, SRC, "dyads", sql) == (1359, 1353, 1918, 2020)


def test_tables_link_up(wh) -> None:
    """Actors and dyads belong to known crises; a dyad's actor numbers are actors of that state."""
    crises, actors = wh.view_name(SRC, "crises"), wh.view_name(SRC, "actors")
    for table in ("actors", "dyads"):
        sql = f"SELECT count(*) FROM {{t}} ANTI JOIN {crises} c USING (crisno)"  # NULL too
        assert one(wh, SRC, table, sql) == (0,)
    for side in ("a", "b"):
        sql = f"""SELECT count(*) FROM {{t}} d LEFT JOIN {actors} a ON a.cracno = d.cracno_{side}
                  WHERE d.cracno_{side} IS NOT NULL
                    AND (a.cracno IS NULL OR a.crisno IS DISTINCT FROM d.crisno
                         OR a.cracid IS DISTINCT FROM d.state{side})"""
        assert one(wh, SRC, "dyads", sql) == (0,)


@pytest.mark.parametrize("table", TABLES)
def test_no_sentinels_or_stray_codes_left(wh, table) -> None:
    """No -99/-9, no 9999 actor numbers, no 66/77/88 days, no 999 durations, no negatives."""
    skip = ("powdis",)  # power discrepancy: a signed score
    assert leftover_sentinels(wh, SRC, table, skip=skip) == {}
    view = wh.view_name(SRC, table)
    for name, kind, *_ in wh.con.execute(f"DESCRIBE {view}").fetchall():
        if kind in ("TINYINT", "SMALLINT", "INTEGER") and name not in skip:
            got = one(
                wh, SRC, table, f'SELECT count(*) FROM {{t}} WHERE "{name}" < 0 OR "{name}" = 9999'
            )
            assert got == (0,), name
        if name.startswith(("da", "trgda", "trmda")) or name in ("systrgda", "dayres"):
            assert one(wh, SRC, table, f'SELECT max("{name}") FROM {{t}}')[0] <= 31, name
    if table == "crises":
        sql = "SELECT count(*) - count(brexit), count(*) FILTER (WHERE brexit = 999) FROM {t}"
        assert one(wh, SRC, table, sql) == (6, 0)


def test_codes_outside_the_codebook_are_null(wh) -> None:
    """outcom 6/9, outevl 9, sizedu 9 and -99 become null; documented zeros (gbinv post-1945) stay."""
    sql = "SELECT count(*) - count(outcom), count(*) - count(outevl), max(sizedu), min(strcdu) FROM {t}"
    assert one(wh, SRC, "actors", sql) == (2, 4, 3, 1)
    assert one(wh, SRC, "actors", "SELECT count(*) FROM {t} WHERE gbinv = 0") == (844,)


@pytest.mark.parametrize("table", TABLES)
def test_dates_are_valid_and_ordered(wh, table) -> None:
    """Every row has a start; start <= end; only West Irian I (161) has no termination date."""
    sql = 'SELECT count(*) FROM {t} WHERE start IS NULL OR start > "end" OR year(start) > 2020'
    assert one(wh, SRC, table, sql) == (0,)
    assert rows(wh, SRC, table, 'SELECT DISTINCT crisno FROM {t} WHERE "end" IS NULL') == (
        [] if table == "dyads" else [(161,)]
    )


def test_approximate_days(wh) -> None:
    """66/77/88 are early/mid/late month: Berlin Wall (185) from 1 Aug 1961, raw day null."""
    got = one(wh, SRC, "crises", 'SELECT datrig, start, "end" FROM {t} WHERE crisno = 185')
    assert got == (None, dt.date(1961, 8, 1), dt.date(1961, 10, 28))
    # Libya in crisis 290: trigger day 77 (mid-May 1978), termination day 88 (end of July 1978)
    got = one(wh, SRC, "actors", 'SELECT datrig, start, daterm, "end" FROM {t} WHERE cracno = 650')
    assert got == (None, dt.date(1978, 5, 15), None, dt.date(1978, 7, 31))


def test_cuban_missile_crisis(wh) -> None:
    """Crisis 196 (16 Oct - 20 Nov 1962): actors USA 2, Cuba 40, USSR 365; dyads USA-Cuba, USA-USSR."""
    got = one(
        wh,
        SRC,
        "crises",
        'SELECT crisname, start, "end", gravcr, viol, crismg FROM {t} WHERE crisno = 196',
    )
    assert got == ("CUBAN MISSILES", dt.date(1962, 10, 16), dt.date(1962, 11, 20), 5, 2, 6)
    sql = """SELECT ccode, actor, start, triggr, gravty, outcom, usinv, suinv FROM {t}
             WHERE crisno = 196 ORDER BY ccode"""
    assert rows(wh, SRC, "actors", sql) == [
        (2, "USA", dt.date(1962, 10, 16), 4, 5, 1, 9, 7),
        (40, "CUB", dt.date(1962, 10, 22), 7, 5, 4, 8, 7),
        (365, "RUS", dt.date(1962, 10, 22), 7, 5, 4, 8, 9),
    ]
    sql = "SELECT ccode_a, ccode_b FROM {t} WHERE crisno = 196 ORDER BY ccode_b"
    assert rows(wh, SRC, "dyads", sql) == [(2, 40), (2, 365)]


def test_berlin_crises(wh) -> None:
    """Blockade (123, 1948-49), Deadline (168, 1958-59), Wall (185, 1961): the four occupiers."""
    sql = """SELECT crisno, crisname, year(start), year("end") FROM {t}
             WHERE crisname LIKE 'BERLIN%' ORDER BY crisno"""
    assert rows(wh, SRC, "crises", sql) == [
        (123, "BERLIN BLOCKADE", 1948, 1949),
        (168, "BERLIN DEADLINE", 1958, 1959),
        (185, "BERLIN WALL", 1961, 1961),
    ]
    sql = """SELECT crisno, list(ccode ORDER BY ccode) FROM {t}
             WHERE crisno IN (123, 168, 185) GROUP BY crisno ORDER BY 1"""
    assert rows(wh, SRC, "actors", sql) == [
        (123, [2, 200, 220, 365]),
        (168, [2, 200, 220, 260, 265, 365]),
        (185, [2, 200, 220, 260, 265, 365]),
    ]


def test_kargil(wh) -> None:
    """Crisis 431 (9 May - 4 Jul 1999): India 750 and Pakistan 770, one dyad."""
    got = one(wh, SRC, "crises", 'SELECT crisname, start, "end", viol FROM {t} WHERE crisno = 431')
    assert got == ("KARGIL", dt.date(1999, 5, 9), dt.date(1999, 7, 4), 3)
    sql = 'SELECT ccode, start, "end", outcom FROM {t} WHERE crisno = 431 ORDER BY ccode'
    assert rows(wh, SRC, "actors", sql) == [
        (750, dt.date(1999, 5, 9), dt.date(1999, 7, 4), 1),
        (770, dt.date(1999, 5, 26), dt.date(1999, 7, 4), 4),
    ]
    assert rows(wh, SRC, "dyads", "SELECT ccode_a, ccode_b, year FROM {t} WHERE crisno = 431") == [
        (750, 770, 1999)
    ]


def test_state_numbers_become_cow_codes(wh) -> None:
    """Unified Germany 260 -> 255 and Yemen 678 -> 679; Vichy, Hijaz, Najd get no ccode."""
    sql = """SELECT cracid, ccode, count(*) FROM {t}
             WHERE ccode IS DISTINCT FROM cracid GROUP BY ALL ORDER BY 1"""
    assert rows(wh, SRC, "actors", sql) == [
        (219, None, 1),
        (260, 255, 3),
        (671, None, 1),
        (672, None, 1),
        (678, 679, 1),
    ]
    # West Germany before unification keeps 260 (Berlin Wall 1961)
    assert one(wh, SRC, "actors", "SELECT ccode FROM {t} WHERE crisno = 185 AND actor = 'GFR'") == (260,)
    sql = "SELECT ccode_a, year FROM {t} WHERE crisno = 393 AND statea = 260 ORDER BY year"
    assert rows(wh, SRC, "dyads", sql) == [(255, 1990), (255, 1991)]


def test_duplicate_gulf_war_dyads_dropped(wh) -> None:
    """Canada-Iraq and Italy-Iraq appear once per year in the Gulf War crisis (393), not twice."""
    sql = """SELECT ccode_a, year, count(*) FROM {t}
             WHERE crisno = 393 AND ccode_a IN (20, 325) GROUP BY ALL ORDER BY 1, 2"""
    assert rows(wh, SRC, "dyads", sql) == [(20, 1990, 1), (20, 1991, 1), (325, 1990, 1), (325, 1991, 1)]
    assert one(wh, SRC, "dyads", "SELECT count(*) FROM {t} WHERE crdynum IN (778, 788)") == (0,)
