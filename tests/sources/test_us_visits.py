"""US officials' visits: duplicate dropped, destinations mapped or explained, raw-sheet counts."""

from __future__ import annotations

import pandas as pd
import pytest

from detente.sources._formats import xls_frame
from detente.sources.us_visits import FILE, SHEET

from _checks import one_row_query, rows

SRC = "us-visits"
FOLDER = "mme-7"

#: destinations that map to no state, and why (sources/_dorazio.py NOT_STATES)
NOT_STATES = {
    "Saint Thomas": "territory",  # U.S. Virgin Islands
    "VIR": "territory",
    "Wake Island": "territory",
    "GUM": "territory",  # Guam
    "GUF": "territory",  # French Guiana
    "GNL": "territory",  # Greenland (Narsarsuaq), typo for GRL
    "HKG": "territory",  # Hong Kong
    "Antarctica": "territory",  # McMurdo Station
}


@pytest.fixture(scope="module")
def raw(mirror) -> pd.DataFrame:
    return xls_frame(mirror / FOLDER / FILE, SHEET)


q = one_row_query(SRC, "visits")


def test_rows_and_years(wh, raw, q) -> None:
    assert len(raw) == 377 and raw.duplicated().sum() == 1
    assert q("SELECT count(*), min(start_year), max(start_year) FROM {t}") == (376, 1992, 2012)
    per_year = dict(rows(wh, SRC, "visits", "SELECT start_year, count(*) FROM {t} GROUP BY 1"))
    expected = raw.drop_duplicates()["Start Year"].astype(int).value_counts().to_dict()
    assert per_year == expected and 1993 not in per_year and 2003 not in per_year
    assert per_year[2011] == 87 and per_year[2010] == 57


def test_titles(wh) -> None:
    got = dict(rows(wh, SRC, "visits", "SELECT title, count(*) FROM {t} GROUP BY 1"))
    assert got == {
        "Secretary of the Army": 178, "Secretary of the Navy": 110, "PACOM": 30,
        "Secretary of the Air Force": 26, "STRATCOM": 19, "Commandant of the Marine Corps": 13,
    }  # fmt: skip


def test_destinations(wh, q) -> None:
    got = dict(
        rows(wh, SRC, "visits", "SELECT DISTINCT destination, kind FROM {t} WHERE kind <> 'state'")
    )
    assert got == NOT_STATES
    assert q("SELECT count(*) FROM {t} WHERE kind = 'state' AND ccode IS NULL") == (0,)
    assert rows(wh, SRC, "visits", "SELECT DISTINCT ccode FROM {t} WHERE destination = 'Nassau'") == [
        (31,)
    ]
    assert rows(wh, SRC, "visits", "SELECT DISTINCT ccode FROM {t} WHERE destination = 'Kosovo'") == [
        (347,)
    ]
    assert q("SELECT count(*) FROM {t} WHERE iso3 = 'DEU'") == (35,)
