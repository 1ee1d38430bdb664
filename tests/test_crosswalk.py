"""The G&W -> COW crosswalk: known exceptions, identity elsewhere, one-to-one within a year."""

from __future__ import annotations

import duckdb
import pytest

import detente
from detente.crosswalk import gw_to_cow_sql


@pytest.mark.parametrize(
    ("gw", "year", "cow"),
    [
        (260, 1985, 260),  # West Germany
        (260, 1995, 255),  # unified Germany (COW 255 from Oct 1990)
        (678, 1989, 678),  # Yemen Arab Republic
        (678, 1995, 679),  # unified Yemen
        (340, 1900, 345),  # Serbia
        (340, 2010, 345),
        (970, 2000, 946),  # Kiribati
        (971, 2000, 970),  # Nauru
        (2, 2000, 2),
        (99, 1825, None),  # Great Colombia has no COW code
    ],
)
def test_known_mappings(gw: int, year: int, cow: int | None) -> None:
    con = duckdb.connect()
    assert con.sql(f"SELECT {gw_to_cow_sql(con, str(gw), str(year))}").fetchall() == [(cow,)]


def test_gw_state_years_map_one_to_one_within_each_year(wh) -> None:
    panel = detente.state_years("gw", microstates=True)
    dupes = wh.con.sql(
        f"SELECT _k, year, count(*) FROM ({panel.sql}) WHERE _k IS NOT NULL "
        "GROUP BY ALL HAVING count(*) > 1"
    ).fetchall()
    # the only shared code is a succession inside one year: G&W Yugoslavia (345) ends on
    # 4 June 2006 and G&W Serbia (340) starts the next day, both COW 345
    assert dupes == [(345, 2006, 2)]


def test_gw_panel_gets_cow_coded_values_through_the_crosswalk() -> None:
    frame = detente.state_years("gw", years=(1995, 1995)).add_capabilities().to_pandas()
    germany = frame.loc[frame.gwcode == 260].iloc[0]
    assert germany.tpop > 80000  # unified Germany's population (thousands), from COW 255
