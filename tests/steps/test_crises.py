"""ICB crises: counts and known cases from the real files, reduction rules on hand-built cases."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

import detente
from detente.errors import InputError
from detente.measures.crisis_escalation import crisis_outcomes, crisis_outcomes_sql
from detente.steps import get_step
from detente.steps.crises import DEFAULT_RULES, actor_years_sql, crisis_dyad_years_sql, pick_crisis_sql

from helpers import assert_all, q

ICB = "icb-15"


@pytest.fixture(scope="module")
def crisis_years(wh) -> str:
    """ICB's directed crisis dyad-years (one row per crisis, pair and year) as SQL."""
    return crisis_dyad_years_sql(wh.view_name(ICB, "dyads"), wh.view_name(ICB, "crises"))


@pytest.fixture(scope="module")
def cow_crises(wh) -> str:
    """The directed COW dyad-year panel 1816-2016 with crises, kept in a temporary table."""
    panel = detente.dyad_years("cow", years=(1816, 2016)).add_crises()
    wh.con.execute(f"CREATE OR REPLACE TEMP TABLE test_icb_cow_dyads AS {panel.sql}")
    return "test_icb_cow_dyads"


def _row(wh, table: str, a: int, b: int, year: int, cols: str) -> tuple:
    rows = q(wh, f"SELECT {cols} FROM {table} WHERE ccode1 = {a} AND ccode2 = {b} AND year = {year}")
    assert len(rows) == 1, (a, b, year)
    return rows[0]


def test_crisis_dyads_match_icb(wh, crisis_years) -> None:
    """449 of ICB's 496 crises have dyads: 964 crisis dyads, 1,353 crisis dyad-years (each twice)."""
    got = q(
        wh,
        f"""SELECT count(*), count(*) FILTER (WHERE c1 < c2), count(DISTINCT crisno),
                   count(DISTINCT (crisno, least(c1, c2), greatest(c1, c2))),
                   count(DISTINCT (least(c1, c2), greatest(c1, c2), year)), min(year), max(year)
            FROM ({crisis_years})""",
    )
    assert got == [(2706, 1353, 449, 964, 1268, 1918, 2020)]
    # the other 47 have no dyad in ICB's dyadic file: 37 have a single actor (e.g. 161, the Netherlands
    # in West Irian I); in 10 the actors share a side (e.g. 165, Lebanon, Jordan, the UK and the USA
    # in 1958) or are not states of the dyadic file (29, Najd v Hijaz)
    assert q(wh, f"SELECT count(*) FROM {wh.view_name(ICB, 'crises')}") == [(496,)]
    # an onset is the first listed year of one of the 977 spells; in 6 dyad-years two spells of one
    # crisis start (e.g. crisis 21, Hungary-Czechoslovakia, March and October 1921)
    assert q(wh, f"SELECT sum(onset) FROM ({crisis_years}) WHERE c1 < c2") == [(977 - 6,)]


def test_outside_the_cow_system(wh, crisis_years, cow_crises) -> None:
    """21 ICB crisis dyad-years (1918-2016) fall outside the COW system; all others are in the panel.

    Canada (a COW member from 1920) in the Russian Civil War II (3), 1918-19; Nicaragua and Costa
    Rica (from 1920) in the Costa Rican coup (2); the Netherlands, occupied 1940-45, in Pearl Harbor
    (88, 1941-42); Indonesia (from 1949) in its independence crises 109, 116, 127 (1945-48);
    Croatia and Slovenia (from 1992) in Yugoslavia I (397, 1991). A further 34 ICB dyad-years lie
    after 2016, the end of the COW panel.
    """
    outside = q(
        wh,
        f"""SELECT c1, c2, year, crisno FROM ({crisis_years}) x
            WHERE c1 < c2 AND year <= 2016 AND NOT EXISTS (
                SELECT 1 FROM {cow_crises} p WHERE p._k1 = x.c1 AND p._k2 = x.c2 AND p.year = x.year)
            ORDER BY ALL""",
    )
    assert outside == [
        (20, 365, 1918, 3), (20, 365, 1919, 3), (93, 94, 1918, 2), (93, 94, 1919, 2),
        (200, 850, 1945, 109), (200, 850, 1946, 109), (200, 850, 1947, 109),
        (210, 255, 1941, 88), (210, 255, 1942, 88), (210, 325, 1941, 88), (210, 325, 1942, 88),
        (210, 740, 1941, 88), (210, 740, 1942, 88),
        (210, 850, 1945, 109), (210, 850, 1946, 109), (210, 850, 1947, 109), (210, 850, 1947, 116),
        (210, 850, 1948, 116), (210, 850, 1948, 127),
        (344, 345, 1991, 397), (345, 349, 1991, 397),
    ]  # fmt: skip
    assert q(wh, f"SELECT count(*) FROM ({crisis_years}) WHERE c1 < c2 AND year > 2016") == [(34,)]
    # so the directed panel holds (1,353 - 34 - 21) x 2 crisis dyad-years on 2,434 dyad-years
    assert q(wh, f"SELECT sum(icb_n), count(*) FILTER (WHERE icb_crisis = 1) FROM {cow_crises}") == [
        (2596, 2434)
    ]


def test_panel_properties(wh, cow_crises) -> None:
    """Directed incidence is symmetric; onset implies ongoing; null outside 1918-2020, 0 inside."""
    asymmetric = q(
        wh,
        f"""SELECT count(*) FROM {cow_crises} a LEFT JOIN {cow_crises} b
              ON b._k1 = a._k2 AND b._k2 = a._k1 AND b.year = a.year
            WHERE a.icb_crisis = 1 AND (b.icb_crisis IS DISTINCT FROM 1 OR b.icb_n <> a.icb_n
                  OR b.icb_onset <> a.icb_onset OR b.icb_crisno <> a.icb_crisno)""",
    )
    assert asymmetric == [(0,)]  # crisis-level rules keep the same crisis in both directions
    checks = q(
        wh,
        f"""SELECT count(*) FILTER (WHERE icb_onset > icb_crisis OR icb_crisis > icb_n),
                   count(*) FILTER (WHERE icb_crisis = 1 AND icb_crisno IS NULL),
                   count(*) FILTER (WHERE icb_crisis = 0 AND (icb_crisno IS NOT NULL
                                    OR icb_actor1 IS NOT NULL OR icb_violence IS NOT NULL)),
                   count(*) FILTER (WHERE year < 1918 AND (icb_crisis IS NOT NULL OR icb_n IS NOT NULL)),
                   count(*) FILTER (WHERE year >= 1918 AND (icb_crisis IS NULL OR icb_onset IS NULL
                                    OR icb_n IS NULL)),
                   count(*) FILTER (WHERE year >= 1918 AND icb_crisis = 0)
            FROM {cow_crises}""",
    )
    assert checks[0][:5] == (0, 0, 0, 0, 0)
    assert checks[0][5] > 1_000_000  # true zeros stay 0
    # an actor-level value is there exactly when state 1 is a crisis actor in the crisis kept
    assert q(
        wh,
        f"""SELECT count(*) FROM {cow_crises} WHERE icb_crisis = 1
            AND (icb_actor1 = 1)
                IS DISTINCT FROM (icb_violence IS NOT NULL AND icb_outfor IS NOT NULL)""",
    ) == [(0,)]


def test_cuban_missile_crisis(wh, cow_crises) -> None:
    """Crisis 196, 1962: USA 2 v USSR 365, a semi-formal agreement; the USA wins, the USSR yields."""
    cols = (
        "icb_crisis, icb_onset, icb_n, icb_crisno, icb_trigger, icb_gravity, icb_violence, "
        "icb_crismg, icb_outcome, icb_outfor, icb_us, icb_su"
    )
    # USA: trigger 4 external change (intelligence on the missiles), threat of grave damage (5),
    # minor clashes (a U-2 shot down), non-violent military management (the quarantine), victory
    assert _row(wh, cow_crises, 2, 365, 1962, cols) == (1, 1, 1, 196, 4, 5, 2, 6, 1, 2, 9, 7)
    # USSR: trigger 7 non-violent military act (the quarantine), no violence, defeat
    assert _row(wh, cow_crises, 365, 2, 1962, cols) == (1, 1, 1, 196, 7, 5, 1, 6, 4, 2, 8, 9)
    assert _row(wh, cow_crises, 2, 40, 1962, "icb_crisno") == (196,)  # USA v Cuba
    assert _row(wh, cow_crises, 2, 365, 1963, "icb_crisis, icb_crisno") == (0, None)
    crisis = crisis_outcomes(wh=wh).to_pylist()[195]
    assert crisis["crisno"] == 196 and crisis["crisname"] == "CUBAN MISSILES"
    assert (crisis["violence_label"], crisis["outcome_kind"], crisis["outcome_form_label"]) == (
        "minor clashes",
        "agreement",
        "semi-formal agreement",
    )
    assert crisis["crisis_management_label"] == "non-violent military"
    assert (crisis["tension_escalated"], crisis["un_involved"], crisis["mediated"]) == (0, 1, 1)


def test_kargil(wh, cow_crises) -> None:
    """Crisis 431, 1999: India 750 v Pakistan 770, serious clashes, Pakistan withdraws unilaterally."""
    cols = "icb_crisis, icb_onset, icb_n, icb_crisno, icb_trigger, icb_violence, icb_outcome, icb_outfor"
    # India: triggered by a violent act (9), victory (1), ended by the adversary's unilateral act (6)
    assert _row(wh, cow_crises, 750, 770, 1999, cols) == (1, 1, 1, 431, 9, 3, 1, 6)
    # Pakistan: defeat (4), ended by its own unilateral act (4: the withdrawal)
    assert _row(wh, cow_crises, 770, 750, 1999, cols) == (1, 1, 1, 431, 9, 3, 4, 4)
    actors = crisis_outcomes("actor", wh=wh).to_pandas().set_index("cracno")
    assert list(actors.loc[[947, 948], "outcome_kind"]) == ["unilateral", "unilateral"]
    assert list(actors.loc[[947, 948], "outcome_label"]) == ["victory", "defeat"]


def test_berlin_crises(wh, cow_crises) -> None:
    """Blockade 123 (1948-49), Deadline 168 (1958-59), Wall 185 (1961): Western occupiers v USSR."""
    for a in (2, 200, 220):
        assert _row(wh, cow_crises, a, 365, 1948, "icb_crisno, icb_onset") == (123, 1)
        assert _row(wh, cow_crises, 365, a, 1949, "icb_crisno, icb_onset") == (123, 0)  # ongoing
        assert _row(wh, cow_crises, a, 365, 1958, "icb_crisno, icb_onset") == (168, 1)
        assert _row(wh, cow_crises, a, 365, 1959, "icb_crisno, icb_onset") == (168, 0)
        assert _row(wh, cow_crises, a, 265, 1961, "icb_crisno, icb_onset") == (185, 1)  # East Germany
    assert _row(wh, cow_crises, 260, 365, 1961, "icb_crisno") == (185,)  # West Germany too
    # the blockade ended by formal agreement (New York, May 1949), the Wall crisis tacitly
    kinds = {r["crisno"]: r["outcome_kind"] for r in crisis_outcomes(wh=wh).to_pylist()}
    assert (kinds[123], kinds[168], kinds[185]) == ("agreement", "agreement", "tacit")


def test_reduction_rules_on_a_hand_built_case() -> None:
    """Three crises in one dyad-year; each rule keeps the crisis it should, in both directions."""
    con = duckdb.connect()
    # 101 is ongoing (onset 0), a war (violence 4), a threat to existence (gravity 6), 4 years long;
    # 102 and 103 start this year with minor clashes; 102's gravity is "other" (7, ranked lowest),
    # 103's territorial (3); 102 lasts 28 days, 103 31 days.
    con.execute(
        """CREATE TABLE cy AS SELECT * FROM (VALUES
           (101, 2, 365, 1971, 0, 4, 6, DATE '1970-01-01', DATE '1973-12-31'),
           (102, 2, 365, 1971, 1, 2, 7, DATE '1971-02-01', DATE '1971-03-01'),
           (103, 2, 365, 1971, 1, 2, 3, DATE '1971-05-01', DATE '1971-06-01'))
           t(crisno, c1, c2, year, onset, viol, gravcr, start, "end")"""
    )
    con.execute('INSERT INTO cy SELECT crisno, c2, c1, year, onset, viol, gravcr, start, "end" FROM cy')

    def pick(rules) -> set[int]:
        return {r[0] for r in con.sql(f"SELECT crisno FROM ({pick_crisis_sql('cy', rules)})").fetchall()}

    assert pick(DEFAULT_RULES) == {103}  # onsets first, equal violence, then gravity 3 over "other"
    assert pick(["violence"]) == {101}
    assert pick(["gravity"]) == {101}
    assert pick(["duration"]) == {101}
    assert pick(["earliest"]) == {101}
    assert pick(["onset"]) == {102}  # a tie the rules leave goes to the lowest crisis number
    assert pick(["onset", "duration"]) == {103}  # 31 days beat 28
    assert pick("gravity") == {101}  # one rule may be given as a string
    with pytest.raises(InputError, match="unknown reduction rule"):
        pick(["deadliest"])


def test_spells_collapse_to_one_crisis_dyad_year() -> None:
    """Two spells of one crisis in a year: one row, onset if either starts, the later actor record."""
    con = duckdb.connect()
    con.execute(
        """CREATE TABLE dy AS SELECT * FROM (VALUES
           (21, 1921, 310, 315, 44, 42, DATE '1921-03-27', 32, false),
           (21, 1921, 310, 315, 47, NULL, DATE '1921-10-20', 33, false),
           (21, 1922, 310, 315, 47, 46, DATE '1921-10-20', 33, true))
           t(crisno, year, ccode_a, ccode_b, cracno_a, cracno_b, start, crdynum, ongoing)"""
    )
    con.execute(
        """CREATE TABLE cr AS SELECT 21 AS crisno, 2 AS viol, 3 AS gravcr,
           DATE '1921-03-27' AS start, DATE '1922-01-01' AS "end" """
    )
    cy = crisis_dyad_years_sql("dy", "cr")
    got = con.sql(f"SELECT c1, c2, year, onset, cracno1, cracno2 FROM ({cy}) ORDER BY ALL").fetchall()
    # Czechoslovakia (315) is no actor in the October spell: its March actor record stands
    assert got == [
        (310, 315, 1921, 1, 47, 42),
        (310, 315, 1922, 0, 47, 46),
        (315, 310, 1921, 1, 42, 47),
        (315, 310, 1922, 0, 46, 47),
    ]


def test_rules_on_real_data_and_the_command_line_form(wh) -> None:
    """India-Pakistan 1965: Rann of Kutch (214, Apr-Jun) and Kashmir II (216, a war)."""
    step = get_step("crises")
    params = step.parse({"rules": "earliest+onset"})  # as from --add crises:rules=earliest+onset
    assert params == {"rules": ["earliest", "onset"]}
    default = detente.dyad_years(years=1965).add_crises().to_pandas().set_index(["ccode1", "ccode2"])
    earliest = (
        detente.dyad_years(years=1965).add_crises(**params).to_pandas().set_index(["ccode1", "ccode2"])
    )
    assert default.loc[(750, 770), "icb_crisno"] == 216  # both onsets, then the war
    assert earliest.loc[(750, 770), "icb_crisno"] == 214
    assert default.loc[(750, 770), "icb_n"] == earliest.loc[(750, 770), "icb_n"] == 2
    with pytest.raises(InputError, match="unknown reduction rule"):
        detente.state_years(years=1965).add_crises(rules=["deadliest"])


def test_state_years(wh) -> None:
    """Crises the state is an actor in; USA 1961: Pathet Lao, Bay of Pigs, Berlin Wall, Viet Cong."""
    actors = wh.view_name(ICB, "actors")
    panel = detente.state_years("cow", years=(1816, 2016)).add_crises()
    rows = q(
        wh,
        f"""SELECT sum(icb_crises), sum(icb_onsets), count(*) FILTER (WHERE icb_onsets > icb_crises),
                   count(*) FILTER (WHERE year < 1918 AND icb_crises IS NOT NULL),
                   count(*) FILTER (WHERE year >= 1918 AND icb_crises IS NULL)
            FROM ({panel.sql})""",
    )
    assert rows == [(1432, 1043, 0, 0, 0)]
    # ICB holds 1,492 actor-years: 48 after 2016, 12 of states outside the COW system (the
    # Netherlands 1941-42, Syria 1945, Indonesia 1945-48, Costa Rica 1919, Croatia, Slovenia 1991)
    assert q(
        wh, f"SELECT sum(n), sum(n) FILTER (WHERE year > 2016) FROM ({actor_years_sql(actors)})"
    ) == [(1492, 48)]
    usa = q(
        wh,
        f"SELECT year, icb_crises, icb_onsets FROM ({panel.sql}) WHERE ccode = 2 AND year > 1960",
    )
    assert sorted(usa)[:2] == [(1961, 4, 4), (1962, 2, 2)]  # 180, 181, 185, 186; 193, 196


def test_gw_panels_join_through_cow_codes(wh) -> None:
    """G&W: unified Germany is 260 (COW 255) in the Gulf War; 2017 lies inside ICB's domain."""
    frame = detente.dyad_years("gw", years=(1990, 2017)).add_crises().to_pandas()
    rows = frame.set_index(["gwcode1", "gwcode2", "year"])
    assert rows.loc[(260, 645, 1991), "icb_crisno"] == 393  # Germany v Iraq, Gulf War
    assert rows.loc[(340, 347, 2017), "icb_crisno"] == 484  # Serbia (G&W 340) v Kosovo, train incident
    assert rows.loc[(2, 365, 1990), "icb_crisis"] == 0
    assert frame.icb_crisis.notna().all()  # G&W 2017 is inside ICB's 1918-2020 domain
    early = detente.state_years("gw", years=(1917, 1918)).add_crises().to_pandas()
    assert_all(early.loc[early.year == 1917, "icb_crises"].isna())
    assert_all(early.loc[early.year == 1918, "icb_crises"] >= 0)


def test_crisis_outcomes_table(wh) -> None:
    """One row per crisis (496) or actor (1,100); the crisis and actor codings agree."""
    crises, actors = crisis_outcomes(wh=wh), crisis_outcomes("actor", wh=wh)
    assert (crises.num_rows, actors.num_rows) == (496, 1100)
    assert detente.crisis_outcomes(warehouse=wh).equals(crises)  # the declared verb, unfiltered
    india_pakistan = detente.crisis_outcomes(actor=[750, 770], warehouse=wh)
    assert india_pakistan.num_rows == 15  # every crisis; the crises step keeps one per dyad-year
    con = duckdb.connect()
    con.register("c", crises)
    con.register("a", actors)
    agree = con.sql(
        """SELECT count(*), count(*) FILTER (WHERE c.outcome_kind = a.outcome_kind),
                  count(*) FILTER (WHERE c.outcome_form = 7),
                  count(*) FILTER (WHERE c.outcome_form = 7 AND a.outcome_kind = 'faded')
           FROM c JOIN a USING (crisno)"""
    ).fetchall()
    assert agree == [(1100, 963, 65, 65)]  # ~88% of actors share their crisis's outcome class
    # crisis violence is the highest any actor experienced in 490 of 496 crises
    same = con.sql(
        "SELECT count(*) FROM c JOIN (SELECT crisno, max(violence) v FROM a GROUP BY 1) USING (crisno) "
        "WHERE c.violence = v"
    ).fetchall()
    assert same == [(490,)]
    assert con.sql(
        "SELECT count(*) FROM c WHERE outcome_kind IS NULL OR violence_label IS NULL"
    ).fetchall() == [(0,)]
    assert con.sql("SELECT min(start), max(start) FROM c").fetchall() == [
        (dt.date(1918, 5, 1), dt.date(2019, 9, 14))
    ]
    with pytest.raises(InputError, match="unknown level"):
        crisis_outcomes_sql("c", "a", "dyad")


def test_codes_and_counts_fit_tinyint_on_every_row_of_icb(wh, crisis_years, cow_crises) -> None:
    # the dyad-year columns are TINYINT: every actor code (ICB2, 1,100 rows) and GLOBEFCT (ICB1,
    # 496 rows) lies in 0-15, and no dyad-year holds more than 4 crises
    from detente.steps.crises import ACTOR_COLUMNS

    actors, crises = wh.view_name(ICB, "actors"), wh.view_name(ICB, "crises")
    spans = ", ".join(f"min({v}), max({v})" for v in ACTOR_COLUMNS.values())
    got = q(wh, f"SELECT count(*), {spans} FROM {actors}")[0]
    assert got[0] == 1100 and min(got[1::2]) == 0 and max(got[2::2]) == 15
    assert q(wh, f"SELECT count(*), min(globefct), max(globefct), max(mediate) FROM {crises}") == [
        (496, 0, 6, 4)
    ]
    most = f"SELECT max(n) FROM (SELECT count(*) AS n FROM ({crisis_years}) GROUP BY c1, c2, year)"
    assert q(wh, most) == [(4,)]
    kinds = q(
        wh, f"SELECT DISTINCT typeof(icb_n), typeof(icb_gravity), typeof(icb_crisno) FROM {cow_crises}"
    )
    assert kinds == [("TINYINT", "TINYINT", "SMALLINT")]
