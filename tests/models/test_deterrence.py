"""Extended deterrence cases: known cases checked in the raw files, invariants, the outcome rules."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import detente
from detente.errors import InputError
from detente.models.deterrence import Inputs, cases_sql, deterrence_summary, write_cases

from helpers import q

D = dt.date


@pytest.fixture(scope="module")
def cases(wh) -> pa.Table:
    """All cases 1816-2014 with the default threshold (challenger at least threatens force)."""
    return detente.deterrence_cases(warehouse=wh)


def rows(table: pa.Table, **where: object) -> list[dict]:
    """The cases whose columns equal the given values."""
    return [r for r in table.to_pylist() if all(r[k] == v for k, v in where.items())]


def test_taiwan_strait_1958_us_defends_taiwan_from_the_start(cases) -> None:
    # Verified in the raw files: MIDB dispute 173 has China (710) as the side-A originator (hiact
    # 17 clash, hostlev 4) and Taiwan (713) and the USA (2) as side-B originators from 22 Jul 1958;
    # MIDA outcome 5 (stalemate), settle 3 (none). ATOP 3270 (1954 US-ROC Mutual Defense Treaty)
    # lists the USA and Taiwan with defense = 1 from 2 Dec 1954 to 1 Jan 1980. ICB dyad 710-713
    # of crisis 166 (TAIWAN STRAIT II) runs 17 Jul - 30 Sep 1958; ICB2 codes Taiwan's outcome form
    # 3 (tacit understanding) and technique 8 (violence), China's technique 7.
    [case] = rows(cases, dispnum=173, target_ccode=713)
    assert case["start"] == D(1958, 7, 22)
    assert (case["challenger_name"], case["target_name"], case["ally_name"]) == (
        "China",
        "Taiwan",
        "United States of America",
    )
    assert case["atopids"] == [3270] and case["bilateral_pact"] and case["target_defends_ally"]
    assert case["clean"] and not case["challenger_allied_target"] and not case["challenger_allied_ally"]
    assert (case["challenger_hiact"], case["challenger_action"], case["challenger_hostlev"]) == (
        17,
        "Clash",
        4,
    )
    assert case["ally_joined"] and case["ally_joined_at_start"] and not case["ally_opposed"]
    assert case["ally_join_date"] == D(1958, 7, 22)
    assert (case["outcome"], case["settle"]) == ("Stalemate", "None")
    assert case["challenger_backed_down"] is False
    assert case["reached_use_of_force"] and not case["reached_war"]
    assert (case["icb_crisno"], case["icb_n_crises"], case["icb_outcome_form"]) == (166, 1, "tacit")
    assert case["icb_outfor_target"] == "Tacit understanding"
    assert (case["icb_crismg_target"], case["icb_crismg_challenger"]) == (
        "Violence",
        "Multiple including violence",
    )


def test_korea_1976_us_joins_on_the_day_of_the_axe_murders(cases) -> None:
    # Verified: MIDB dispute 362 starts 19 Jun 1976 with North Korea (731, side A) and South Korea
    # (732, side B) as originators; the USA enters side B, not as an originator, on 18 Aug 1976
    # (the Panmunjom axe incident). ATOP 3240 (1953 US-ROK treaty) is in force for both.
    [case] = rows(cases, dispnum=362)
    assert (case["challenger_ccode"], case["target_ccode"], case["ally_ccode"]) == (731, 732, 2)
    assert case["atopids"] == [3240]
    assert case["ally_joined"] and case["ally_joined_at_start"] is False
    assert case["ally_join_date"] == D(1976, 8, 18)


def test_cuban_missile_crisis_cuba_had_left_the_rio_treaty_six_days_before(cases, wh) -> None:
    # Verified: MIDA dispute 61 starts 28 Jan 1962 (USA side A; Cuba 40 and the USSR 365 side-B
    # originators). ATOP ends Cuba's membership of the Rio Treaty (3075) and the OAS charter (3150)
    # on 22 Jan 1962, so Cuba has no defender on the start date; by years it would have had 19.
    # The USSR's defenders are its Warsaw Pact and bilateral partners, China (3200), Mongolia,
    # North Korea and Finland (3140, the 1948 treaty).
    mid61 = rows(cases, dispnum=61)
    assert {r["target_ccode"] for r in mid61} == {365}
    assert {r["ally_ccode"] for r in mid61} == {265, 290, 310, 315, 339, 355, 360, 375, 710, 712, 731}
    m = wh.view_name("atop-5.1", "members")
    by_year = f"""SELECT count(DISTINCT a.member) FROM {m} g JOIN {m} a USING (atopid)
        WHERE g.member = 40 AND a.defense = 1 AND a.member NOT IN (2, 40)
          AND 1962 BETWEEN year(g.start) AND year(coalesce(g."end", DATE '2018-12-31'))
          AND 1962 BETWEEN year(a.start) AND year(coalesce(a."end", DATE '2018-12-31'))"""
    assert q(wh, by_year) == [(19,)]
    china = next(r for r in mid61 if r["ally_ccode"] == 710)
    assert china["atopids"] == [3200] and not china["ally_joined"]
    assert china["outcome"] == "Yield by side B" and china["challenger_backed_down"] is False
    assert china["icb_crisno"] == 196


def test_kuwait_1961_is_no_case_because_it_joined_the_arab_league_pact_later(cases, wh) -> None:
    # Verified: MIDA dispute 122 (Iraq 645 v Kuwait 690) starts 25 Jun 1961; Kuwait's first ATOP
    # membership is 3015 from 20 Jul 1961 (no defence obligation), and it enters the Arab League
    # defence treaty (3205, defense = 1) on 12 Aug 1961. Counted by years, Kuwait would have had
    # the Arab League members as defenders in 1961.
    assert rows(cases, dispnum=122) == []
    members = wh.view_name("atop-5.1", "members")
    assert q(wh, f"SELECT min(start) FROM {members} WHERE member = 690") == [(D(1961, 7, 20),)]


def test_syria_turkey_2011_nato_allies_join_later_outcome_unclear(cases) -> None:
    # Verified: MIDB dispute 4691 (Syria 652 v Turkey 640, from 18 Nov 2011): the USA enters side B
    # on 10 Oct 2012 and the UK on 30 Aug 2013; MIDA outcome 8 (unclear). Both are NATO (3180)
    # members with Turkey; ICB crisis 468 (SYRIA-TURKEY BORDER INCIDENTS) overlaps. Azerbaijan (373)
    # defends Turkey through ATOP 4550 and 6035.
    by_ally = {r["ally_ccode"]: r for r in rows(cases, dispnum=4691)}
    assert 3180 in by_ally[2]["atopids"] and by_ally[200]["atopids"] == [3180]
    assert by_ally[2]["ally_join_date"] == D(2012, 10, 10)
    assert by_ally[200]["ally_join_date"] == D(2013, 8, 30)
    assert by_ally[2]["outcome"] == "Unclear" and by_ally[2]["challenger_backed_down"] is None
    assert by_ally[2]["icb_crisno"] == 468
    # NATO had 28 members on 18 Nov 2011: all but Turkey defend it, and so does Azerbaijan
    nato = {a for a, r in by_ally.items() if 3180 in r["atopids"]}
    assert len(nato) == 27 and set(by_ally) - nato == {373}


def test_locarno_guarantors_owe_france_defence_and_italy_none(cases) -> None:
    # ATOP 2130 (Locarno, 1925) is asymmetric: the UK (200) and Italy (325) guarantee France (220),
    # Belgium (211) and Germany (255), and nobody guarantees them. ATOP's directed dyad-year file
    # has UK->Italy and France->Italy defence 0 in 1934, UK->France 1 and France->UK 0 in 1936.
    # MID 111 (Walwal, Ethiopia v Italy, 22 Nov 1934): Italy's only defender is Albania (339,
    # ATOP 2205); read without the exceptions Germany, France, Belgium and the UK were too.
    assert {r["ally_ccode"] for r in rows(cases, dispnum=111)} == {339}
    # MID 174 (the Rhineland, 7 Mar 1936): the guarantors still defend France, one way only
    by_ally = {r["ally_ccode"]: r for r in rows(cases, dispnum=174, target_ccode=220)}
    assert {a: r["atopids"] for a, r in by_ally.items() if a in (200, 325)} == {200: [2130], 325: [2130]}
    assert (by_ally[200]["target_defends_ally"], by_ally[325]["target_defends_ally"]) == (False, False)
    assert by_ally[211]["target_defends_ally"] is True  # France and Belgium: both ways (2055, 2130)


def test_every_ally_owes_the_target_defence_in_atops_directed_file(cases, wh) -> None:
    # the same directed obligations as the alliances step: ATOP's own directed dyad-year file
    # (atop5_1ddyr) has ally -> target defence 1 in the dispute's start year for every case, and
    # target -> ally defence 1 wherever the case says the target defends the ally
    ref = wh.view_name("atop-5.1", "directed_dyad_years")
    wh.con.register("cases_all", cases)
    try:
        missing = q(
            wh,
            f"""SELECT count(*) FILTER (WHERE coalesce(o.defense, 0) = 0),
                       count(*) FILTER (WHERE c.target_defends_ally AND coalesce(b.defense, 0) = 0)
                FROM cases_all c
                LEFT JOIN {ref} o ON o.ccode1 = c.ally_ccode AND o.ccode2 = c.target_ccode
                     AND o.year = year(c.start)
                LEFT JOIN {ref} b ON b.ccode1 = c.target_ccode AND b.ccode2 = c.ally_ccode
                     AND b.year = year(c.start)""",
        )
    finally:
        wh.con.unregister("cases_all")
    assert missing == [(0, 0)]


def test_invariants_hold_on_every_case(cases, wh) -> None:
    con = wh.con
    con.register("cases_all", cases)
    try:
        p = wh.view_name("cow-mid-5.0", "participants")
        d = wh.view_name("cow-mid-5.0", "disputes")
        m = wh.view_name("atop-5.1", "members")
        assert q(
            wh,
            """SELECT count(*) FROM cases_all WHERE challenger_ccode = target_ccode
               OR ally_ccode IN (challenger_ccode, target_ccode)""",
        ) == [(0,)]
        key = "dispnum, challenger_ccode, target_ccode, ally_ccode"
        assert q(wh, f"SELECT count(*) - count(DISTINCT ({key})) FROM cases_all") == [(0,)]
        # every listed pact: the ally promises defence and both spells cover the dispute's start
        bad_pacts = q(
            wh,
            f"""SELECT count(*) FROM (SELECT c.*, unnest(c.atopids) AS atopid FROM cases_all c) c
                WHERE NOT EXISTS (SELECT 1 FROM {m} a JOIN {m} t USING (atopid)
                    WHERE a.atopid = c.atopid AND a.member = c.ally_ccode AND t.member = c.target_ccode
                      AND a.defense = 1 AND a.start <= c.start AND t.start <= c.start
                      AND coalesce(a."end", DATE '2018-12-31') >= c.start
                      AND coalesce(t."end", DATE '2018-12-31') >= c.start)""",
        )
        assert bad_pacts == [(0,)]
        # ally_joined <=> a side-B row for the ally; at start <=> a side-B originator row
        joined = q(
            wh,
            f"""SELECT count(*) FROM cases_all c WHERE ally_joined IS DISTINCT FROM EXISTS (
                    SELECT 1 FROM {p} p WHERE p.dispnum = c.dispnum AND p.ccode = c.ally_ccode
                    AND NOT p.sidea)
                OR (ally_joined_at_start AND NOT EXISTS (SELECT 1 FROM {p} p WHERE p.dispnum = c.dispnum
                    AND p.ccode = c.ally_ccode AND NOT p.sidea AND p.orig))
                OR (ally_opposed AND NOT EXISTS (SELECT 1 FROM {p} p WHERE p.dispnum = c.dispnum
                    AND p.ccode = c.ally_ccode AND p.sidea))""",
        )
        assert joined == [(0,)]
        # challenger: side-A originator reaching a threat; target: side-B originator
        roles = q(
            wh,
            f"""SELECT count(*) FROM cases_all c WHERE challenger_hostlev < 2
                OR NOT EXISTS (SELECT 1 FROM {p} p WHERE p.dispnum = c.dispnum
                               AND p.ccode = c.challenger_ccode AND p.sidea AND p.orig)
                OR NOT EXISTS (SELECT 1 FROM {p} p WHERE p.dispnum = c.dispnum
                               AND p.ccode = c.target_ccode AND NOT p.sidea AND p.orig)""",
        )
        assert roles == [(0,)]
        # inside MID's coverage, with MIDA's own dates
        assert q(
            wh,
            f"""SELECT count(*) FROM cases_all c JOIN {d} d USING (dispnum)
                WHERE year(c.start) NOT BETWEEN 1816 AND 2014 OR c.start IS DISTINCT FROM d.start""",
        ) == [(0,)]
        assert q(
            wh,
            """SELECT count(*) FROM cases_all
               WHERE clean IS DISTINCT FROM (NOT (challenger_allied_target OR challenger_allied_ally))
                  OR n_pacts IS DISTINCT FROM len(atopids)""",
        ) == [(0,)]
    finally:
        con.unregister("cases_all")


def test_counts_thresholds_and_years(cases, wh) -> None:
    summary = deterrence_summary(cases)
    assert (summary["cases"], summary["disputes"], summary["clean_cases"]) == (19722, 1373, 9349)
    assert 0.15 < summary["icb_match_rate"] < 0.2
    force = detente.deterrence_cases(warehouse=wh, min_hostility=4)
    assert force.num_rows == 12381 and min(force.column("challenger_hostlev").to_pylist()) == 4
    key = ("dispnum", "challenger_ccode", "target_ccode", "ally_ccode")
    assert set(zip(*(force.column(k).to_pylist() for k in key), strict=True)) <= set(
        zip(*(cases.column(k).to_pylist() for k in key), strict=True)
    )
    cold = detente.deterrence_cases(warehouse=wh, years="1946-1989")
    starts = {s.year for s in cold.column("start").to_pylist()}
    assert starts and starts <= set(range(1946, 1990))  # not vacuous: the Cold War has cases
    meta = json.loads(cold.schema.metadata[b"detente"])
    assert meta["years"] == [1946, 1989] and meta["min_hostility"] == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"years": (1800, 1900)}, "outside COW MID 5.0's coverage 1816-2014"),
        ({"years": "2010-2020"}, "outside"),
        ({"years": "2000-1990"}, "start is after the end"),
        ({"min_hostility": 0}, "hostility levels are 1-5"),
        ({"min_hostility": 6}, "hostility levels are 1-5"),
        ({"min_hostility": "2"}, "expected a MID hostility level"),
        ({"min_hostility": True}, "expected a MID hostility level"),
    ],
)
def test_bad_input_is_refused(kwargs, message, wh) -> None:
    with pytest.raises(InputError, match=message):
        detente.deterrence_cases(warehouse=wh, **kwargs)


# -- the rules on a hand-built mini MID -------------------------------------------------------

MINI = {
    # dispnum, start, end, outcome, settle, fatality, hiact, hostlev
    "disputes": """SELECT * FROM (VALUES
        (1, DATE '1990-06-01', DATE '1990-07-01', 1, 1, 0, 16, 4),
        (2, DATE '1990-06-01', DATE '1990-07-01', 2, 2, 1, 7, 3),
        (3, DATE '1990-06-01', DATE '1990-07-01', 3, 3, 0, 7, 3),
        (4, DATE '1990-06-01', DATE '1990-07-01', 4, 4, 0, 7, 3),
        (5, DATE '1990-06-01', DATE '1990-07-01', 5, 3, 0, 7, 3),
        (6, DATE '1990-06-01', DATE '1990-07-01', 6, 1, 0, 7, 3),
        (7, DATE '1990-06-01', DATE '1990-07-01', 7, 1, 0, 7, 3),
        (8, DATE '1990-06-01', DATE '1990-07-01', 8, 4, 0, 7, 3),
        (9, DATE '1990-06-01', DATE '1990-07-01', 9, 2, 6, 20, 5),
        (10, DATE '1990-06-01', DATE '1990-07-01', NULL, NULL, NULL, 1, 2),
        (11, DATE '1990-06-01', DATE '1990-07-01', 5, 3, 0, 1, 2),
        (12, DATE '1995-06-01', DATE '1995-07-01', 5, 3, 0, 7, 3))
        t(dispnum, start, "end", outcome, settle, fatality, hiact, hostlev)""",
    # challenger 2 (side A), target 200 (side B) in every dispute; extra rows per dispute below
    "participants": """SELECT dispnum, ccode, sidea, orig, start, "end", hiact, hostlev FROM (
        SELECT dispnum, 2 AS ccode, true AS sidea, true AS orig, DATE '1990-06-01' AS start,
               DATE '1990-07-01' AS "end", CASE WHEN dispnum = 11 THEN 0 ELSE 7 END AS hiact,
               CASE WHEN dispnum = 11 THEN 1 ELSE 3 END AS hostlev FROM range(1, 12) r(dispnum)
        UNION ALL SELECT dispnum, 200, false, true, DATE '1990-06-01', DATE '1990-07-01', 7, 3
                  FROM range(1, 12) r(dispnum)
        UNION ALL SELECT * FROM (VALUES
            (1, 220, false, false, DATE '1990-06-20', DATE '1990-07-01', 7, 3),
            (2, 220, false, true, DATE '1990-06-01', DATE '1990-07-01', 7, 3),
            (3, 220, true, false, DATE '1990-06-10', DATE '1990-07-01', 1, 2),
            (12, 2, true, true, DATE '1995-06-01', DATE '1995-07-01', 7, 3),
            (12, 200, false, true, DATE '1995-06-01', DATE '1995-07-01', 7, 3)))""",
    # pact 1: 220 defends 200 (200 promises nothing back); pact 2: 230 defends 200 but ends the
    # day before the disputes start; pact 3: challenger 2 and ally 220 in a consultation pact
    "members": """SELECT * FROM (VALUES
        (1, 200, DATE '1980-01-01', NULL, 0, 1), (1, 220, DATE '1980-01-01', NULL, 1, 1),
        (2, 200, DATE '1980-01-01', DATE '1990-05-31', 1, 1),
        (2, 230, DATE '1980-01-01', DATE '1990-05-31', 1, 1),
        (3, 2, DATE '1995-01-01', NULL, 0, 1), (3, 220, DATE '1995-01-01', NULL, 0, 1))
        t(atopid, member, start, "end", defense, bilat)""",
    "states": """SELECT * FROM (VALUES (2, 'A', DATE '1816-01-01'), (200, 'B', DATE '1816-01-01'),
        (220, 'C', DATE '1816-01-01'), (230, 'D', DATE '1816-01-01')) t(ccode, statenme, start)""",
    "icb_dyads": """SELECT * FROM (VALUES
        (900, 2, 200, DATE '1990-05-20', DATE '1990-06-05'),
        (901, 200, 2, DATE '1990-06-25', DATE '1990-08-01'),
        (902, 2, 200, DATE '1989-01-01', DATE '1989-12-31'))
        t(crisno, ccode_a, ccode_b, start, "end")""",
    "icb_actors": """SELECT * FROM (VALUES
        (900, 1, 200, DATE '1990-05-20', 6, 6), (900, 2, 2, DATE '1990-05-20', 4, 8),
        (900, 3, 200, DATE '1990-06-02', 1, 1))
        t(crisno, cracno, ccode, start, outfor, crismg)""",
}


@pytest.fixture(scope="module")
def mini() -> list[dict]:
    """The case set built from MINI's tables in a scratch DuckDB."""
    con = duckdb.connect()
    try:
        for name, query in MINI.items():
            con.execute(f"CREATE TABLE mini_{name} AS {query}")
        names = Inputs(**{name: f"mini_{name}" for name in MINI})
        return con.sql(cases_sql(names, (1816, 2014), 2)).to_arrow_table().to_pylist()
    finally:
        con.close()


def test_mini_outcome_and_settlement_mapping(mini) -> None:
    by = {r["dispnum"]: r for r in mini}
    backed = {n: by[n]["challenger_backed_down"] for n in range(1, 11)}
    # victory for B (2) and yield by A (3) are back-downs; unclear, joins war and missing unknown
    assert backed == {1: False, 2: True, 3: True, 4: False, 5: False, 6: False, 7: False} | {
        8: None,
        9: None,
        10: None,
    }
    assert [by[n]["outcome"] for n in range(1, 11)] == [
        "Victory for side A", "Victory for side B", "Yield by side A", "Yield by side B",
        "Stalemate", "Compromise", "Released", "Unclear", "Joins ongoing war", None,
    ]  # fmt: skip
    settle = [by[n]["settle"] for n in (1, 2, 3, 4, 10)]
    assert settle == ["Negotiated", "Imposed", "None", "Unclear", None]
    assert (by[9]["reached_war"], by[9]["dispute_fatality_label"]) == (True, "More than 999 deaths")
    assert (by[1]["reached_use_of_force"], by[2]["reached_use_of_force"]) == (True, False)


def test_mini_case_rules(mini) -> None:
    by = {r["dispnum"]: r for r in mini}
    # the pact ending the day before the start protects no one; a challenger below a threat is out
    assert {r["ally_ccode"] for r in mini} == {220} and 11 not in by
    assert by[1]["atopids"] == [1] and by[1]["target_defends_ally"] is False
    assert (by[1]["ally_joined"], by[1]["ally_joined_at_start"]) == (True, False)
    assert by[1]["ally_join_date"] == D(1990, 6, 20)
    assert (by[2]["ally_joined"], by[2]["ally_joined_at_start"]) == (True, True)
    assert (by[3]["ally_joined"], by[3]["ally_opposed"]) == (False, True)
    assert by[3]["ally_joined_at_start"] is None and by[3]["ally_join_date"] is None
    # in 1995 the challenger shares pact 3 with the ally: kept, flagged, not clean
    assert (by[12]["challenger_allied_ally"], by[12]["challenger_ally_atopids"], by[12]["clean"]) == (
        True,
        [3],
        False,
    )
    assert by[1]["clean"] and by[1]["challenger_ally_atopids"] is None


def test_mini_icb_match_nearest_overlapping_crisis_and_first_actor_entry(mini) -> None:
    by = {r["dispnum"]: r for r in mini}
    # 900 and 901 overlap 1 Jun - 1 Jul 1990 (902 does not); 900 starts nearer the dispute
    assert (by[1]["icb_crisno"], by[1]["icb_n_crises"]) == (900, 2)
    assert by[12]["icb_crisno"] is None and by[12]["icb_n_crises"] == 0
    assert by[1]["icb_outfor_target"] == "Unilateral - adversary"  # the target's first entry
    assert by[1]["icb_outcome_form"] == "unilateral"
    assert (by[1]["icb_crismg_target"], by[1]["icb_crismg_challenger"]) == (
        "Non-violent military",
        "Violence",
    )


def test_write_cases_is_atomic_and_keeps_lists_and_metadata(mini, tmp_path) -> None:
    table = pa.Table.from_pylist(mini).replace_schema_metadata({"detente": "{}"})
    parquet = write_cases(table, tmp_path / "m.parquet")
    assert pq.read_table(parquet).column("atopids").to_pylist()[0] == [1]
    assert pq.read_schema(parquet).metadata[b"detente"] == b"{}"
    csv = write_cases(table, tmp_path / "m.csv")
    assert "[1]" in csv.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.csv", "m.parquet"]
    with pytest.raises(InputError, match="suffix"):
        write_cases(table, tmp_path / "m.xlsx")


# -- the command ------------------------------------------------------------------------------


def run(*args: str, cache, mirror) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DETENTE_CACHE": str(cache), "DETENTE_MIRROR": str(mirror), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "detente", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_cli_prints_cases_and_counts_and_writes(cases, tmp_path, mirror, cache) -> None:
    out = tmp_path / "deterrence.parquet"
    done = run(
        "deterrence", "--years", "1958", "--min-hostility", "4", "--out", str(out),
        cache=cache, mirror=mirror,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = pq.read_table(out)
    assert 173 in table.column("dispnum").to_pylist()
    assert f"first 10 of {table.num_rows:,} rows" in done.stdout
    assert f"{table.num_rows:,} cases in" in done.stdout and "ally joined" in done.stdout
    meta = json.loads(pq.read_schema(out).metadata[b"detente"])
    assert (meta["years"], meta["min_hostility"]) == ([1958, 1958], 4)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--years", "1800-1900"], "outside COW MID 5.0's coverage"),
        (["--min-hostility", "7"], "hostility levels are 1-5"),
        (["--out", "cases.xlsx"], "the suffix must be .parquet or .csv"),
    ],
)
def test_cli_bad_input_gives_one_line(args, message, mirror, cache) -> None:
    done = run("deterrence", *args, cache=cache, mirror=mirror)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
