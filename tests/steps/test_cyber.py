"""Cyber incidents (DCID 2.0): direction from the dyad code, reduction rules, coverage, known cases."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

import detente
from detente.errors import InputError
from detente.measures.reduce import pick_one_sql
from detente.sources.dcid_cyber import FILE, INCIDENT_SHEET
from detente.steps.cyber import DCID, DEFAULT_RULES, RULES, incidents_sql

from helpers import assert_all, one, q


@pytest.fixture(scope="module")
def dyads(wh) -> pd.DataFrame:
    return detente.dyad_years(years=(1999, 2016)).add_cyber().to_pandas()


@pytest.fixture(scope="module")
def states(wh) -> pd.DataFrame:
    return detente.state_years(years=(1999, 2016)).add_cyber().to_pandas()


def test_sony_hack_against_the_raw_sheet(mirror, dyads) -> None:
    raw = pd.read_excel(mirror / DCID / FILE, sheet_name=INCIDENT_SHEET)
    sony = raw[raw.Name.str.strip() == "Sony Hack"].iloc[0]
    assert (sony.Cyberincidentnum, sony.Dyadpair, sony.initiator) == (144, 2731, 731)
    assert str(sony.interactionstartdate)[:10] == "2014-11-24"
    row = one(dyads, ccode1=731, ccode2=2, year=2014)  # North Korea -> United States
    assert (row.dcid_n, row.dcid_incident, row.dcid_severity) == (1, 144, sony.severity)
    assert (row.dcid_method, row.dcid_objective) == (sony.method, sony.cyber_objective) == (3, 4)
    assert (row.dcid_intrusion, row.dcid_degradation) == (1, 1)
    back = one(dyads, ccode1=2, ccode2=731, year=2014)  # a covered dyad, nothing that way: 0
    assert (back.dcid_n, back.dcid_severity) == (0, 0) and pd.isna(back.dcid_incident)


def test_targets_read_from_the_dyad_code(wh) -> None:
    ev = incidents_sql(wh)
    i = wh.view_name(DCID, "incidents")
    # every incident whose initiator is in its dyad is kept, and its two codes rebuild the dyad code
    assert q(wh, f"SELECT count(*), count(DISTINCT (least(c1, c2), greatest(c1, c2))) FROM ({ev})") == [
        (425, 37)
    ]
    dropped = q(
        wh, f"SELECT incident_num FROM {i} WHERE incident_num NOT IN (SELECT incident_num FROM ({ev}))"
    )
    assert sorted(r[0] for r in dropped) == [291, 292, 309, 331]  # initiators outside their dyads
    rebuilt = "(least(c1, c2)::VARCHAR || greatest(c1, c2)::VARCHAR)::INTEGER"
    assert q(
        wh,
        f"SELECT count(*) FROM ({ev}) JOIN {i} USING (incident_num) "
        f"WHERE {rebuilt} IS DISTINCT FROM dyad_pair",
    ) == [(0,)]
    # the campaign sheet names the target explicitly: every directed pair we derive appears there
    x = wh.view_name(DCID, "interactions")
    missing = q(
        wh,
        f"""SELECT c1, c2 FROM ({ev}) EXCEPT
            SELECT initiator_ccode, target_ccode FROM {x} WHERE cyber""",
    )
    assert missing == []


def test_reduction_rules() -> None:
    con = duckdb.connect()
    # one dyad-year: 1 is an early, mild DDoS; 2 a severe later wiper; 3 as severe, later still
    con.execute(
        """CREATE TABLE ev AS SELECT * FROM (VALUES
           (1, 2, 365, 2015, 2.0, 1, 2, DATE '2015-01-05', DATE '2015-12-01'),
           (2, 2, 365, 2015, 4.1, 4, 5, DATE '2015-03-01', DATE '2015-03-02'),
           (3, 2, 365, 2015, 3.0, 3, 5, DATE '2015-06-01', DATE '2015-06-02'))
           t(incident_num, c1, c2, year, method, cyber_objective, severity, start_date, end_date)"""
    )

    def pick(rules) -> int:
        return con.sql(
            pick_one_sql("ev", ["c1", "c2", "year"], rules, RULES, "incident_num")
        ).fetchall()[0][0]

    assert pick(DEFAULT_RULES) == 2  # most severe, then earliest
    assert pick(["earliest"]) == 1
    assert pick(["duration"]) == 1
    assert pick(["objective"]) == 2
    assert pick(["severity"]) == 2  # tie between 2 and 3 goes to the lower number
    assert pick(["method", "severity"]) == 2


def test_rules_change_only_the_kept_incident(wh) -> None:
    base = detente.dyad_years(years=(2014, 2016))
    default = base.add_cyber().to_pandas()
    earliest = base.add_cyber(rules=["earliest"]).to_pandas()
    counts = [
        c
        for c in default.columns
        if c.startswith("dcid_") and c not in ("dcid_incident", "dcid_method", "dcid_objective")
    ]
    pd.testing.assert_frame_equal(default[counts], earliest[counts])
    assert (default.dcid_incident.fillna(0) != earliest.dcid_incident.fillna(0)).any()
    with pytest.raises(InputError, match="unknown reduction rule"):
        base.add_cyber(rules=["loudest"])
    with pytest.raises(InputError, match="universe"):
        base.add_cyber(universe="rivals")


def test_coverage_years_and_dyads(wh, dyads, states) -> None:
    # years: DCID starts in 2000 (incident 1, Iran -> Israel, September 2000)
    assert pd.isna(one(dyads, ccode1=630, ccode2=666, year=1999).dcid_n)
    assert one(dyads, ccode1=630, ccode2=666, year=2000).dcid_n >= 1
    assert_all(states.loc[states.year == 1999, "dcid_initiated"].isna())
    # dyads: DCID's recorded dyads (both directions) are 0 when quiet, others null
    assert one(dyads, ccode1=2, ccode2=365, year=2002).dcid_n == 0
    assert one(dyads, ccode1=365, ccode2=2, year=2002).dcid_n == 0
    assert pd.isna(one(dyads, ccode1=2, ccode2=200, year=2014).dcid_n)  # US-UK: not a DCID dyad
    assert (dyads[dyads.year == 2010].dcid_n.notna().sum()) == 74  # 37 dyads, both directions
    assert pd.isna(one(states, ccode=140, year=2014).dcid_initiated)  # Brazil: in no DCID dyad
    assert one(states, ccode=200, year=2002).dcid_targeted == 0  # UK: in DCID dyads, quiet year
    everywhere = detente.dyad_years(years=(2014, 2014)).add_cyber(universe="all").to_pandas()
    assert one(everywhere, ccode1=2, ccode2=200, year=2014).dcid_n == 0
    assert everywhere.dcid_n.notna().all()
    gw = detente.dyad_years("gw", years=(2017, 2017)).add_cyber().to_pandas()
    assert gw.dcid_n.notna().sum() == 74 and gw.dcid_n.sum() > 0  # 2017 lies inside DCID


def test_properties(dyads) -> None:
    inside = dyads[dyads.dcid_n.notna()]
    assert_all(inside.dcid_n >= 0)
    assert_all(inside.dcid_active >= inside.dcid_n)
    methods = inside[["dcid_vandalism", "dcid_dos", "dcid_intrusion", "dcid_infiltration"]].sum(axis=1)
    objectives = inside[
        ["dcid_disruption", "dcid_espionage_short", "dcid_espionage_long", "dcid_degradation"]
    ].sum(axis=1)
    assert (methods == inside.dcid_n).all() and (objectives == inside.dcid_n).all()
    assert ((inside.dcid_n > 0) == inside.dcid_incident.notna()).all()
    assert_all((inside.dcid_n == 0) <= (inside.dcid_severity == 0))
    assert_all(inside.dcid_severity.between(0, 10))
    assert inside.dcid_third_party.isin([0, 1]).all()
    assert dyads.loc[dyads.dcid_n.isna(), ["dcid_severity", "dcid_incident"]].isna().all().all()


def test_states_undirected_and_directed_agree(wh, dyads, states) -> None:
    years = dyads[dyads.year >= 2000]
    initiated = years.groupby(["ccode1", "year"]).dcid_n.sum()
    targeted = years.groupby(["ccode2", "year"]).dcid_n.sum()
    s = states[states.dcid_initiated.notna()].set_index(["ccode", "year"])
    assert_all(s.dcid_initiated == initiated.reindex(s.index).fillna(0))
    assert_all(s.dcid_targeted == targeted.reindex(s.index).fillna(0))
    assert s.dcid_initiated.sum() == s.dcid_targeted.sum() == years.dcid_n.sum()
    und = detente.dyad_years(years=(2000, 2016), directed=False).add_cyber().to_pandas()
    assert und.dcid_n.sum() == years.dcid_n.sum()
    pair = one(und, ccode1=2, ccode2=710, year=2014)
    both = (
        one(dyads, ccode1=2, ccode2=710, year=2014).dcid_n
        + one(dyads, ccode1=710, ccode2=2, year=2014).dcid_n
    )
    assert pair.dcid_n == both
    assert len(und) == detente.dyad_years(years=(2000, 2016), directed=False).count()


def test_counts_and_codes_fit_tinyint_on_every_incident(wh, dyads) -> None:
    # the dyad-year columns are TINYINT: over all 425 directed incidents an undirected pair-year
    # has at most 9 starting and 18 active incidents; severity 0-6, objective 1-4
    ev = incidents_sql(wh)
    pair = "least(c1, c2), greatest(c1, c2)"
    starting = f"SELECT max(n) FROM (SELECT count(*) AS n FROM ({ev}) GROUP BY {pair}, year)"
    active = f"""SELECT max(n) FROM (SELECT count(*) AS n FROM ({ev}), range(year, end_year + 1) t(y)
                 GROUP BY {pair}, y)"""
    assert q(wh, starting) == [(9,)] and q(wh, active) == [(18,)]
    spans = (
        f"SELECT count(*), max(severity), max(cyber_objective), max(third_party_initiator) FROM ({ev})"
    )
    assert q(wh, spans) == [(425, 6, 4, 1)]
    kinds = {str(dyads[c].dtype) for c in dyads.columns if c.startswith("dcid_")}
    assert str(dyads.dcid_active.dtype) == "Int8" and kinds == {"Int8", "Int16", "float64"}
