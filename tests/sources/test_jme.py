"""JME v3 coding sheet: dated and undated records, ISO3 typos, year typos, facts from the raw sheet."""

from __future__ import annotations

import pandas as pd
import pytest

from detente.sources._formats import xls_frame
from detente.sources.jme import FILE, SHEET, SLOTS

from _checks import one, rows

SRC = "jme-3"
FOLDER = "mme-7"  # the mirror keeps the JME sheet beside MME

#: records per s.year among the 1,480 dated records (SOURCE.md)
DATED_PER_YEAR = {
    1974: 1, 1975: 3, 1977: 13, 1978: 18, 1979: 12, 1980: 34, 1981: 34, 1982: 28, 1983: 32,
    1984: 45, 1985: 25, 1986: 37, 1987: 42, 1988: 35, 1989: 31, 1990: 29, 1991: 25, 1992: 44,
    1993: 48, 1994: 44, 1995: 23, 1996: 39, 1997: 65, 1998: 67, 1999: 67, 2000: 72, 2001: 83,
    2002: 91, 2003: 80, 2004: 84, 2005: 100, 2006: 27, 2007: 30, 2008: 19, 2009: 24, 2010: 29,
}  # fmt: skip

#: entries that map to no state, and why (sources/_dorazio.py NOT_STATES)
NOT_STATES = {
    "-9": "unknown",  # three records with an unidentified participant
    "NATO": "organisation",
    "8 NATO members": "organisation",
    "BMU": "territory",  # Bermuda
}


@pytest.fixture(scope="module")
def raw(mirror) -> pd.DataFrame:
    return xls_frame(mirror / FOLDER / FILE, SHEET)


@pytest.fixture
def q(wh):
    return lambda table, sql: one(wh, SRC, table, sql)


def test_records_and_years(wh, raw, q) -> None:
    assert len(raw) == 1790
    assert q("exercises", "SELECT count(*), sum(dated::INT), count(year) FROM {t}") == (1790, 1480, 1787)
    got = dict(rows(wh, SRC, "exercises", "SELECT year, count(*) FROM {t} WHERE dated GROUP BY 1"))
    assert got == DATED_PER_YEAR
    assert raw["s.year"].dropna().astype(int).value_counts().to_dict() == DATED_PER_YEAR


def test_year_typos_and_undated_rows(wh, q) -> None:
    """2015 and 3009 are typos for the end year; malformed strings read their 4-digit year."""
    fixed = rows(
        wh, SRC, "exercises", "SELECT start_text, year FROM {t} WHERE year_fixed ORDER BY exercise_id"
    )
    assert ("11/08/2015", 2010) in fixed and ("03/05/3009", 2009) in fixed
    assert ("11/xx2002", 2002) in fixed and ("10/xx/007", 2007) in fixed
    assert len(fixed) == 6
    nameless = rows(
        wh, SRC, "exercises", "SELECT name FROM {t} WHERE year IS NULL ORDER BY 1 NULLS LAST"
    )
    assert nameless == [("Elang Ausindo 07",), ("Passex 07",), (None,)]
    assert q("exercises", "SELECT min(year), max(year) FROM {t}") == (1974, 2010)


def test_codes_typos_and_non_states(wh, raw) -> None:
    got = dict(
        rows(wh, SRC, "participants", "SELECT DISTINCT as_written, kind FROM {t} WHERE kind <> 'state'")
    )
    assert got == NOT_STATES
    typos = rows(
        wh, SRC, "participants",
        "SELECT as_written, any_value(ccode) FROM {t} WHERE as_written <> upper(as_written) "
        "AND kind = 'state' GROUP BY 1 ORDER BY 1",
    )  # fmt: skip
    assert dict(typos) == {
        "DEu": 260,
        "EGy": 651,
        "IDn": 850,
        "Mar": 600,
        "PHl": 840,
        "kWT": 690,
        "uSA": 2,
    }
    assert rows(wh, SRC, "participants", "SELECT DISTINCT ccode FROM {t} WHERE as_written = 'ROM'") == [
        (360,)
    ]
    # DEU before unification is West Germany (DEu above is a 1980s record)
    e = wh.view_name(SRC, "exercises")
    sql = f"""SELECT DISTINCT p.ccode FROM {{t}} p JOIN {e} e USING (exercise_id)
              WHERE iso3 = 'DEU' AND e.year < 1990"""
    assert rows(wh, SRC, "participants", sql) == [(260,)]
    listed = sum(len({str(v).strip().upper() for v in r if v is not None}) for r in raw[SLOTS].values)
    assert rows(wh, SRC, "participants", "SELECT count(*) FROM {t}") == [(listed,)]


def test_types_and_reforger(wh, raw) -> None:
    got = dict(rows(wh, SRC, "exercises", "SELECT coalesce(type, '-'), count(*) FROM {t} GROUP BY 1"))
    assert got == {"FTX": 1455, "unsure": 173, "CPX": 76, "both": 45, "-": 41}
    assert rows(wh, SRC, "exercises", "SELECT count(*) FROM {t} WHERE reforger") == [(26,)]


def test_midlink_74(q) -> None:
    """The first record: Midlink 74, November 1974, United States, Turkey, Pakistan, Britain."""
    sql = "SELECT name, year, start_month, start_day, type FROM {t} WHERE exercise_id = 1"
    assert q("exercises", sql) == ("Midlink 74", 1974, 11, None, "FTX")
    assert q("participants", "SELECT list(ccode ORDER BY slot) FROM {t} WHERE exercise_id = 1") == (
        [2, 640, 770, 200],
    )
