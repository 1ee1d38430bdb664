"""Disputes (MID), wars and peace years: dyadic rules on hand-built cases and facts of real data."""

from __future__ import annotations

import duckdb
import pytest

import detente
from detente.errors import InputError
from detente.measures.dyadic import opposing_dyad_years_sql
from detente.measures.reduce import pick_one_sql
from detente.steps.disputes import DEFAULT_RULES, RULES, dispute_dyad_years_sql

from helpers import assert_all, q


def test_opposing_sides_with_overlapping_spells_make_dyads() -> None:
    con = duckdb.connect()
    # A (side A) Jan-Jun 2000; B (side B) Mar 2000-Feb 2001; C (side B) Jul-Dec 2000; D (side A)
    # joins in 2001. A-B overlap in 2000; A-C never overlap; B-C same side; B-D overlap in 2001.
    con.execute(
        """CREATE TABLE parts AS SELECT * FROM (VALUES
           (1, 1, true,  DATE '2000-01-01', DATE '2000-06-30'),
           (1, 2, false, DATE '2000-03-01', DATE '2001-02-01'),
           (1, 3, false, DATE '2000-07-01', DATE '2000-12-31'),
           (1, 4, true,  DATE '2001-01-15', DATE '2001-03-01')) t(dispnum, ccode, sidea, start, "end")"""
    )
    dyads = opposing_dyad_years_sql("parts", "dispnum", "sidea")
    rows = con.sql(f"SELECT c1, c2, year, onset FROM ({dyads}) ORDER BY ALL").fetchall()
    assert rows == [(1, 2, 2000, 1), (2, 1, 2000, 1), (2, 4, 2001, 1), (4, 2, 2001, 1)]


def test_reduction_rules_on_overlapping_disputes() -> None:
    con = duckdb.connect()
    # one dyad-year, three disputes: 10 is ongoing and deadly, 11 starts this year but is minor,
    # 12 starts this year, is as minor as 11 and lasts longer.
    con.execute(
        """CREATE TABLE dy AS SELECT * FROM (VALUES
           (10, 2, 20, 1990, 0, 6, 5, 20, DATE '1988-01-01', DATE '1991-01-01'),
           (11, 2, 20, 1990, 1, 0, 2, 7,  DATE '1990-03-01', DATE '1990-04-01'),
           (12, 2, 20, 1990, 1, 0, 2, 7,  DATE '1990-05-01', DATE '1990-12-01'))
           t(dispnum, c1, c2, year, onset, fatality, hostlev, hiact, start, "end")"""
    )

    def pick(rules) -> int:
        return con.sql(pick_one_sql("dy", ["c1", "c2", "year"], rules, RULES, "dispnum")).fetchall()[0][
            0
        ]

    assert pick(DEFAULT_RULES) == 12  # onsets first, equal fatality and hostility, then the longer
    assert pick(["fatality"]) == 10
    assert pick(["hostlev", "earliest"]) == 10
    assert pick(["onset"]) == 11  # a tie left by the rules goes to the lowest dispute number
    assert pick(["earliest"]) == 10


@pytest.fixture(scope="module")
def cow_mids(wh):
    return detente.dyad_years(years=(1816, 2014)).add_mids(source="cow").add_peace_years(event="cowmid")


def test_every_cow_dispute_becomes_dyad_years_inside_the_system(wh, cow_mids) -> None:
    dyads = dispute_dyad_years_sql(cow_mids, "cow")
    assert q(wh, f"SELECT count(DISTINCT dispnum) FROM ({dyads})") == [(2436,)]  # all of MIDA
    outside = q(
        wh,
        f"""SELECT c1, c2, year, dispnum FROM ({dyads}) d
            ANTI JOIN ({detente.dyad_years(years=(1816, 2014)).sql}) u
            ON u.ccode1 = d.c1 AND u.ccode2 = d.c2 AND u.year = d.year ORDER BY ALL""",
    )
    # only Canada in dispute 197 (1918-19), before COW counts it a state (1920)
    assert outside == [
        (20, 365, 1918, 197),
        (20, 365, 1919, 197),
        (365, 20, 1918, 197),
        (365, 20, 1919, 197),
    ]


def test_known_disputes_and_properties(wh, cow_mids) -> None:
    frame = cow_mids.to_pandas()
    rows = frame.set_index(["ccode1", "ccode2", "year"])
    kargil = rows.loc[(750, 770, 1999)]
    assert (kargil.cowmidongoing, kargil.cowmid_n) == (1, 2)  # MID 4007 (to July) and 4223
    assert kargil.dispnum == 4223  # onsets first (default rules)
    # Cuban Missile Crisis, MID 61: USA (side A) v Cuba and the USSR; in 1962 the USA-USSR dyad
    # holds several disputes and the default rules keep another onset, so look it up directly
    missile = q(
        wh,
        f"SELECT c1, c2, onset, sidea1, sidea2 FROM ({dispute_dyad_years_sql(cow_mids, 'cow')}) "
        "WHERE dispnum = 61 ORDER BY ALL",
    )
    assert missile == [(2, 40, 1, 1, 0), (2, 365, 1, 1, 0), (40, 2, 1, 0, 1), (365, 2, 1, 0, 1)]
    assert rows.loc[(2, 365, 1962)].cowmid_n >= 2
    by_earliest = detente.dyad_years(years=1962).add_mids(source="cow", rules=["earliest"]).to_pandas()
    usa_cuba = by_earliest[(by_earliest.ccode1 == 2) & (by_earliest.ccode2 == 40)].iloc[0]
    assert usa_cuba.dispnum == 61
    assert_all(frame.cowmidonset <= frame.cowmidongoing)  # an onset is always ongoing
    assert_all(frame.cowmid_n >= frame.cowmidongoing)
    ongoing = frame.loc[frame.cowmidongoing == 1, ["ccode1", "ccode2", "year"]]
    forward = set(ongoing.itertuples(index=False, name=None))
    assert {(b, a, y) for a, b, y in forward} == forward  # opposing sides is symmetric
    assert_all(frame.loc[frame.cowmidongoing == 0, "dispnum"].isna())


def test_peace_years_count_from_the_last_onset(cow_mids) -> None:
    frame = cow_mids.to_pandas().set_index(["ccode1", "ccode2", "year"])
    ip = frame.loc[(750, 770)]
    assert ip.loc[1947, "cowmid_peaceyrs"] == 0  # both states enter the system in 1947
    assert ip.loc[1949, "cowmid_peaceyrs"] == 2  # last onset 1947
    assert ip.loc[1950, "cowmid_peaceyrs"] == 1  # onset in 1949
    assert ip.loc[1975, "cowmid_peaceyrs"] == 3 and ip.loc[1975, "cowmid_peaceyrs3"] == 27  # onset 1972


def test_domain_edges_of_mids_and_wars() -> None:
    cow = detente.state_years(years=(2014, 2016)).add_mids(source="cow").add_wars().to_pandas()
    assert_all(cow.loc[cow.year == 2014, "cowmid_n"].notna())
    assert_all(cow.loc[cow.year == 2015, "cowmid_n"].isna())  # COW MID 5.0 ends in 2014
    assert cow.cowinterongoing.isna().all()  # COW wars 4.0 end in 2007
    gml = detente.dyad_years(years=(2010, 2011)).add_mids().to_pandas()
    assert_all(gml.loc[gml.year == 2010, "gmlmidongoing"] >= 0)
    assert_all(gml.loc[gml.year == 2011, "gmlmidongoing"].isna())  # GML 2.2.1 ends in 2010
    with pytest.raises(InputError, match="unknown source"):
        detente.state_years(years=2000).add_mids(source="maoz")
    with pytest.raises(InputError, match="unknown reduction rule"):
        detente.dyad_years(years=2000).add_mids(rules=["deadliest"])


def test_wars_known_cases() -> None:
    frame = (
        detente.dyad_years(years=(1939, 1945))
        .add_wars()
        .to_pandas()
        .set_index(["ccode1", "ccode2", "year"])
    )
    assert frame.loc[(2, 740, 1940), "cowinterongoing"] == 0
    usa_japan = frame.loc[(2, 740, 1941)]
    assert (usa_japan.cowinterongoing, usa_japan.cowinteronset, usa_japan.warnum) == (1, 1, 139)  # WWII
    assert usa_japan.war_outcome1 == 1 and frame.loc[(740, 2, 1941), "war_outcome1"] == 2
    states = detente.state_years(years=(1941, 1941)).add_wars().to_pandas().set_index("ccode")
    assert states.loc[2, "cowinter_n"] >= 1 and states.loc[225, "cowinterongoing"] == 0  # Switzerland


def test_state_year_dispute_counts(wh) -> None:
    frame = detente.state_years(years=(1962, 1962)).add_mids(source="cow").to_pandas().set_index("ccode")
    parts = wh.view_name("cow-mid-5.0", "participants")
    usa = q(
        wh,
        f"SELECT count(DISTINCT dispnum) FROM {parts} "
        'WHERE ccode = 2 AND 1962 BETWEEN year(start) AND year("end")',
    )
    assert frame.loc[2, "cowmid_n"] == usa[0][0] > 0
    assert frame.loc[2, "cowmidongoing"] == 1


def test_dispute_escalation_paths(wh) -> None:
    table = detente.dispute_escalation().to_pandas().set_index("dispnum")
    assert len(table) == 2436
    assert table.has_incidents.sum() == 667  # MIDI: incidents of disputes from 1992 to 2014
    assert table.loc[table.has_incidents == False, "n_incidents"].isna().all()  # noqa: E712  null, not 0
    # dispute 3551: incidents run display, force, display, force, threat, display, force, threat
    d = table.loc[3551]
    assert list(d.hostility_path) == [3, 4, 3, 4, 2, 3, 4, 2]
    assert (d.first_hostlev, d.peak_hostlev, d.last_hostlev, d.days_to_peak) == (3, 4, 2, 128)
    assert d.escalated and d.ended_below_peak
    assert (table.reached_war == (table.hostlev == 5)).all()
    assert table.loc[4007, "reached_war"] and not table.loc[4223, "reached_war"]  # Kargil war, then not
    dy = detente.dyad_years(years=1999).add_mids(source="cow").to_pandas()
    ip = dy[(dy.ccode1 == 750) & (dy.ccode2 == 770)].iloc[0]
    assert ip.cowmid_maxhostlev == 5  # the dyad-year's highest hostility is MID 4007's war
