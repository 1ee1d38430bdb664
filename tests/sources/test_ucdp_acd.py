"""UCDP/PRIO ACD 25.1: conflict-years with Gleditsch-Ward code lists and trimmed text."""

from __future__ import annotations

import datetime as dt

from _checks import leftover_sentinels, one, rows

SRC, T = "ucdp-acd", "conflicts"


def q(wh, sql: str) -> tuple:
    """The single row of ``sql`` over the conflicts table (``{t}``)."""
    return one(wh, SRC, T, sql)


def test_counts(wh) -> None:
    """2,752 conflict-years of 303 conflicts, 1946-2024, each conflict-year once."""
    sql = """SELECT count(*), count(DISTINCT conflict_id), min(year), max(year),
                    count(DISTINCT (conflict_id, year)) FROM {t}"""
    assert q(wh, sql) == (2752, 303, 1946, 2024, 2752)


def test_conflict_types(wh) -> None:
    """Extrasystemic, interstate, intrastate, internationalised intrastate: rows and conflicts."""
    sql = "SELECT type_of_conflict, count(*), count(DISTINCT conflict_id) FROM {t} GROUP BY 1 ORDER BY 1"
    assert rows(wh, SRC, T, sql) == [(1, 117, 21), (2, 147, 52), (3, 2004, 213), (4, 484, 81)]
    assert rows(wh, SRC, T, "SELECT intensity_level, count(*) FROM {t} GROUP BY 1 ORDER BY 1") == [
        (1, 2066),
        (2, 686),
    ]


def test_gwno_lists(wh) -> None:
    """Side B holds states only in interstate conflicts; every row has side A and a location."""
    sql = """SELECT count(*) FROM {t}
             WHERE (coalesce(len(gwno_b), 0) > 0) IS DISTINCT FROM (type_of_conflict = 2)"""
    assert q(wh, sql) == (0,)
    assert q(
        wh,
        "SELECT count(*) FROM {t} WHERE coalesce(len(gwno_a), 0) = 0 OR coalesce(len(gwno_loc), 0) = 0 "
        "OR coalesce(len(region), 0) = 0",
    ) == (0,)
    sql = """SELECT count(*) FROM {t}
             WHERE list_min(gwno_a) < 2 OR list_max(gwno_loc) > 999 OR list_max(region) > 5"""
    assert q(wh, sql) == (0,)


def test_double_spaced_lists_parse(wh) -> None:
    """'651,  645,  663,  660,  652' (1948 Palestine war) and '900,  200,  2' (Iraq 2003)."""
    sql = "SELECT gwno_a, gwno_b, region FROM {t} WHERE conflict_id = 228 AND year = 1948"
    assert q(wh, sql) == ([651, 645, 663, 660, 652], [666], [2])
    sql = "SELECT gwno_a, gwno_b, region FROM {t} WHERE conflict_id = 420 AND year = 2003"
    assert q(wh, sql) == ([900, 200, 2], [645], [1, 2, 3, 5])


def test_text_is_trimmed_and_blank_is_null(wh) -> None:
    """No stray spaces or line breaks; no '' left; 1,201 rows have no territory (government)."""
    assert leftover_sentinels(wh, SRC, T) == {}
    cols = ["location", "side_a", "side_a_2nd", "side_b", "side_b_2nd", "territory_name"]
    for col in cols:
        sql = (
            f"SELECT count(*) FROM {{t}} WHERE {col} <> trim({col}, ' ' || chr(9) || chr(10) || chr(13))"
        )
        assert q(wh, sql) == (0,), col
    assert q(wh, "SELECT count(*) FROM {t} WHERE territory_name = 'East Turkestan'")[0] > 0
    assert q(
        wh,
        "SELECT count(*) - count(territory_name), count(*) FILTER (WHERE incompatibility = 2) FROM {t}",
    ) == (
        1201,
        1201,
    )


def test_dates(wh) -> None:
    """Start dates precede episode starts, which precede episode ends; ongoing episodes have no end."""
    sql = """SELECT count(*) FROM {t} WHERE start_date > start_date2 OR start_date2 > ep_end_date
             OR year(start_date2) > year OR (ep_end_date IS NULL) = ep_end"""
    assert q(wh, sql) == (0,)


def test_kashmir(wh) -> None:
    """Conflict 218: India (750) v Pakistan (770) over Kashmir, interstate, minor in 1999."""
    sql = """SELECT location, gwno_a, gwno_b, territory_name, type_of_conflict, intensity_level, region
             FROM {t} WHERE conflict_id = 218 AND year = 1999"""
    assert q(wh, sql) == ("India, Pakistan", [750], [770], "Kashmir", 2, 1, [3])
    sql = "SELECT start_date, ep_end_date FROM {t} WHERE conflict_id = 218 AND year = 1965"
    assert q(wh, sql) == (dt.date(1948, 12, 31), dt.date(1965, 12, 15))
