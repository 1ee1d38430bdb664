"""UN peacekeeping fatalities: nationality-mission-months with COW contributor codes fixed."""

from __future__ import annotations

from _checks import leftover_sentinels, one_row_query

SRC, T = "pko-fatalities", "fatalities"
q = one_row_query(SRC, T)


def test_rows_and_years_as_documented(q) -> None:
    """2,492 rows, 1948-2015, no duplicate nationality-mission-month."""
    assert q("SELECT count(*), min(year), max(year) FROM {t}") == (2492, 1948, 2015)
    key = "(year, month, nationality, mission)"
    assert q(f"SELECT count(*) - count(DISTINCT {key}) FROM {{t}}") == (0,)


def test_no_sentinels_and_totals_add_up(wh, q) -> None:
    """No sentinel left; causes and personnel types both sum to the total in every row."""
    assert leftover_sentinels(wh, SRC, T) == {}
    by_cause = "illness + accident + malicious + other"
    by_type = "mil + obs + police + local + international + other_staff"
    bad = f"{by_cause} IS DISTINCT FROM total OR {by_type} IS DISTINCT FROM total"  # NULL too
    assert q(f"SELECT count(*) FROM {{t}} WHERE {bad}") == (0,)
    assert q("SELECT sum(total), min(total) FROM {t}") == (3370, 1)


def test_mogadishu_october_1993(q) -> None:
    """UNOSOM, October 1993: 20 US military deaths from malicious acts."""
    got = q(
        "SELECT ccode, malicious, total, mil FROM {t} WHERE mission = 'UNOSOM' "
        "AND nationality = 'United States of America' AND year = 1993 AND month = 10"
    )
    assert got == (2, 20, 20, 20)


def test_unamsil_june_2004_accident(q) -> None:
    """UNAMSIL, June 2004: 14 Pakistani military deaths in an accident."""
    got = q(
        "SELECT ccode, accident, total FROM {t} WHERE mission = 'UNAMSIL' "
        "AND nationality = 'Pakistan' AND year = 2004 AND month = 6"
    )
    assert got == (770, 14, 14)


def test_cow_codes_fixed(q) -> None:
    """Post-1990 Germany is 255, the Czech Republic 316; non-COW and unknown codes are null."""
    assert q("SELECT DISTINCT ccode FROM {t} WHERE nationality = 'Germany Federal Republic of'") == (
        255,
    )
    assert q("SELECT DISTINCT ccode FROM {t} WHERE nationality = 'Czech Republic'") == (316,)
    sql = "SELECT count(*), count(ccode) FROM {t} WHERE nationality = 'Occupied Palestinian Territory'"
    assert q(sql) == (2, 0)
    assert q("SELECT count(*), sum(total) FROM {t} WHERE nationality IS NULL") == (13, 14)
    assert q("SELECT count(*) FROM {t} WHERE ccode IN (260, 315, 1020)") == (0,)
