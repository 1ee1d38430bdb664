"""DCID 2.0: cyber incidents (2022 release) and campaign interactions (Feb 2023 update)."""

from __future__ import annotations

import datetime as dt

import pytest

from _checks import leftover_sentinels, one, rows

SRC = "dcid-cyber"


@pytest.fixture
def q(wh):
    """Run a one-row query on one DCID table: q(table, sql) with ``{t}`` for the table."""
    return lambda table, sql: one(wh, SRC, table, sql)


def test_incident_rows_and_dates(q) -> None:
    """429 incidents numbered 1-429, starting between 2000 and 2021."""
    got = q(
        "incidents",
        "SELECT count(*), count(DISTINCT incident_num), min(incident_num), max(incident_num) FROM {t}",
    )
    assert got == (429, 429, 1, 429)
    assert q("incidents", "SELECT min(start_date), max(end_date) FROM {t}") == (
        dt.date(2000, 9, 1),
        dt.date(2021, 3, 2),
    )


def test_interaction_rows_pairs_dates(q) -> None:
    """862 rows, two per numbered pair, dates 2000-09 to 2021-01 as SOURCE.md states."""
    assert q(
        "interactions", "SELECT count(*), count(DISTINCT incident_num), max(position) FROM {t}"
    ) == (
        862,
        431,
        2,
    )
    assert q("interactions", "SELECT min(start_date), max(start_date) FROM {t}") == (
        dt.date(2000, 9, 1),
        dt.date(2021, 1, 6),
    )


@pytest.mark.parametrize(
    ("name", "state_a", "state_b", "start", "initiator", "severity", "method"),
    [
        ("Sony Hack", "US", "N Korea", dt.date(2014, 11, 24), 731, 4, 3.0),
        ("NotPetya_A", "Russia", "Ukraine", dt.date(2017, 6, 27), 365, 5, 4.3),
        ("Stuxnet_A", "US", "Iran", dt.date(2009, 6, 1), 2, 6, 4.3),
    ],
)
def test_known_incidents(q, name, state_a, state_b, start, initiator, severity, method) -> None:
    """Well-known incidents with dyad, start date, initiator's COW code, severity and method."""
    got = q(
        "incidents",
        "SELECT state_a, state_b, start_date, initiator_ccode, severity, method FROM {t} "
        f"WHERE name = '{name}'",
    )
    assert got == (state_a, state_b, start, initiator, severity, method)


def test_wannacry_is_ransomware(q) -> None:
    """WannaCry against the US: North Korea (731) initiated it, ransomware flag set."""
    got = q("incidents", "SELECT initiator_ccode, ransomware FROM {t} WHERE name LIKE 'WannaCry- US%'")
    assert got == (731, 1)


def test_no_cyber_rows_are_uniform(q) -> None:
    """'No Cyber' (247) and blank (126) names both become name null, cyber false, codes 0."""
    assert q("interactions", "SELECT count(*), count(name) FROM {t} WHERE NOT cyber") == (373, 0)
    sql = """SELECT count(*) FROM {t}
             WHERE NOT cyber AND (method IS DISTINCT FROM 0 OR target_type IS DISTINCT FROM 0)"""
    assert q("interactions", sql) == (0,)


def test_notpetya_pair(wh) -> None:
    """Pair 220: NotPetya (Russia -> Ukraine) then Ukraine's non-cyber row the next day."""
    got = rows(
        wh,
        SRC,
        "interactions",
        "SELECT position, name, cyber, start_date, initiator_ccode, target_ccode FROM {t} "
        "WHERE incident_num = 220 ORDER BY position",
    )
    assert got == [
        (1, "NotPetya_A", True, dt.date(2017, 6, 27), 365, 369),
        (2, None, False, dt.date(2017, 6, 28), 369, 365),
    ]


def test_text_cleaned(wh, q) -> None:
    """No padded state names; the numeric Sources3 cell is text; no sentinel or NaN anywhere."""
    states = rows(
        wh, SRC, "incidents", "SELECT DISTINCT state_a FROM {t} UNION SELECT DISTINCT state_b FROM {t}"
    )
    assert all(s == s.strip() for (s,) in states)
    assert ("US",) in states and ("US ",) not in states
    assert q("incidents", "SELECT source_3 FROM {t} WHERE name = 'TooHash'") == ("20141105",)
    assert leftover_sentinels(wh, SRC, "incidents") == {}
    assert leftover_sentinels(wh, SRC, "interactions") == {}
