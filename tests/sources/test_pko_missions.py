"""Bara & Hultman peacekeeping: mission-conflict-months with host ccode and personnel series."""

from __future__ import annotations

import pytest

from _checks import leftover_sentinels, one_row_query, rows

SRC, T = "pko-missions", "mission_months"
q = one_row_query(SRC, T)


def test_rows_and_years_as_documented(q) -> None:
    """8,100 mission-conflict-months, 1993-2016, 121 mission-country ids, no duplicate keys."""
    assert q("SELECT count(*), min(year), max(year), count(DISTINCT mission_id) FROM {t}") == (
        8100,
        1993,
        2016,
        121,
    )
    key = "(mission_id, conflict_id, episode_id, date)"
    assert q(f"SELECT count(*) - count(DISTINCT {key}) FROM {{t}}") == (0,)


def test_no_sentinels_and_no_negative_personnel(wh, q) -> None:
    """No sentinel codes, no negative head counts, no padded mission names."""
    assert leftover_sentinels(wh, SRC, T) == {}
    assert q("SELECT count(*) FROM {t} WHERE totals_iepo < 0 OR troops_iepo < 0") == (0,)
    assert q("SELECT count(*) FROM {t} WHERE mission <> trim(mission)") == (0,)
    assert q("SELECT count(*) FROM {t} WHERE mission = 'UNMIBH'") == (249,)


@pytest.mark.parametrize(
    ("mission", "location", "ccode", "org_type", "start", "end"),
    [
        ("MINUSMA", "Mali", 432, "UN", "2013-07-01", "2016-12-01"),
        ("AMISOM", "Somalia", 520, "regional", "2007-02-01", "2016-12-01"),
        ("ISAF", "Afghanistan", 700, "international", "2001-12-01", "2014-12-01"),
        ("UNAMSIL", "Sierra Leone", 451, "UN", "1999-10-01", "2005-12-01"),
    ],
)
def test_known_mission_spans(q, mission, location, ccode, org_type, start, end) -> None:
    """First and last month, host and organisation type of well-known missions."""
    got = q(
        "SELECT location, ccode, org_type, min(date)::VARCHAR, max(date)::VARCHAR FROM {t} "
        f"WHERE mission = '{mission}' GROUP BY ALL"
    )
    assert got == (location, ccode, org_type, start, end)


def test_minugua_personnel_february_1997(q) -> None:
    """MINUGUA Feb 1997: 51 police and 20 observers (main series); IPI counts 42 and 149."""
    got = q(
        "SELECT troops_iepo, police_iepo, observers_iepo, totals_iepo, ipi_police, ipi_observers, "
        "sipri_totals FROM {t} WHERE mission = 'MINUGUA' AND date = DATE '1997-02-01'"
    )
    assert got == (0.0, 51.0, 20.0, 71.0, 42.0, 149.0, None)


def test_codes_are_decoded(wh) -> None:
    """org and only_police come out as small integers / booleans with their documented values."""
    got = rows(wh, SRC, T, "SELECT DISTINCT org, org_type FROM {t} ORDER BY org")
    assert got == [(1, "UN"), (2, "regional"), (3, "international")]
    got = rows(wh, SRC, T, "SELECT DISTINCT only_police FROM {t} ORDER BY 1")
    assert got == [(False,), (True,)]
