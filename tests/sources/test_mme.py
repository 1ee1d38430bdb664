"""MME v7: one row per exercise, participants mapped to COW codes by year, facts from the raw CSV."""

from __future__ import annotations

import pandas as pd
import pytest

from detente.sources.mme import FILE, SLOTS

from _checks import leftover_sentinels, one, rows

SRC = "mme-7"

#: exercises per start year, as SOURCE.md counts them in the raw file
PER_YEAR = {
    1980: 67, 1981: 71, 1982: 66, 1983: 73, 1984: 88, 1985: 75, 1986: 88, 1987: 85, 1988: 83,
    1989: 85, 1990: 59, 1991: 57, 1992: 75, 1993: 82, 1994: 119, 1995: 119, 1996: 157, 1997: 137,
    1998: 153, 1999: 112, 2000: 129, 2001: 133, 2002: 197, 2003: 197, 2004: 204, 2005: 200,
    2006: 185, 2007: 170, 2008: 161, 2009: 132, 2010: 148,
}  # fmt: skip

#: every entry that maps to no state, with its kind (why: sources/_dorazio.py NOT_STATES)
NOT_STATES = {
    "-9": "unknown",  # participants not identified (203 exercises)
    "NATO": "organisation",  # the alliance, members not listed (2)
    "Baltic States": "group",  # Tsentrazbat-97: Estonia/Latvia/Lithuania, not said which
    "Bermuda": "territory",  # British overseas territory
    "Hong Kong SAR China": "territory",  # a colony, then a Chinese SAR (2)
    "Netherlands Antilles": "territory",  # part of the Kingdom of the Netherlands
    "New Caledonia": "territory",  # French overseas collectivity
}


@pytest.fixture(scope="module")
def raw(mirror) -> pd.DataFrame:
    return pd.read_csv(mirror / SRC / FILE, dtype=str, keep_default_na=False)


@pytest.fixture
def q(wh):
    return lambda table, sql: one(wh, SRC, table, sql)


def test_rows_ids_and_years_match_the_raw_file(wh, raw, q) -> None:
    assert len(raw) == 3707
    sql = "SELECT count(*), count(DISTINCT exercise_id), count(DISTINCT mmeid) FROM {t}"
    assert q("exercises", sql) == (3707, 3707, 3704)
    got = dict(rows(wh, SRC, "exercises", "SELECT start_year, count(*) FROM {t} GROUP BY 1"))
    assert got == PER_YEAR == raw["s.year"].astype(int).value_counts().to_dict()
    reused = rows(
        wh, SRC, "exercises", "SELECT mmeid FROM {t} GROUP BY 1 HAVING count(*) > 1 ORDER BY 1"
    )
    assert [r[0] for r in reused] == ["mme3457", "mme3458", "mme3460"]


def test_readex_1_80(q) -> None:
    """The file's first row: Readex 1-80, Vieques, 14-21 January 1980, sea and amphibious."""
    got = q(
        "exercises",
        "SELECT * EXCLUDE (lat, lon, location, focus_description) FROM {t} WHERE exercise_id = 1",
    )
    row = dict(zip(
        ["exercise_id", "mmeid", "name", "series", "start_year", "start_month", "start_day", "end_year",
         "end_month", "end_day", "start_date", "end_date", "ends_early", "cpx", "air", "land", "sea",
         "amphibious", "cyber", "warfighting", "peacekeeping", "humanitarian", "participant_info",
         "n_listed", "n_states", "n_unknown"], got, strict=True))  # fmt: skip
    assert (row["mmeid"], row["name"], row["series"]) == ("mme87", "Readex 1-80", "Readex")
    assert str(row["start_date"]) == "1980-01-14" and str(row["end_date"]) == "1980-01-21"
    assert (row["sea"], row["amphibious"], row["air"], row["warfighting"]) == (True, True, False, True)
    assert (row["n_listed"], row["n_states"]) == (3, 3)
    codes = q("participants", "SELECT list(ccode ORDER BY ccode) FROM {t} WHERE exercise_id = 1")
    assert codes == ([2, 200, 210],)  # United States, United Kingdom, Netherlands


def test_combined_endeavor_2010_has_39_participants(raw, q) -> None:
    ce = raw[raw.Ex_Name == "Combined Endeavor 2010"]
    assert len(ce) == 1 and (ce[SLOTS] != "").sum(axis=1).item() == 39
    assert ce["StateAM"].item() != ""  # the only row that fills the 39th slot
    eid = q("exercises", "SELECT exercise_id FROM {t} WHERE name = 'Combined Endeavor 2010'")[0]
    got = q(
        "participants",
        "SELECT count(*), count(DISTINCT ccode), min(kind), max(kind) FROM {t} "
        f"WHERE exercise_id = {eid}",
    )
    assert got == (39, 39, "state", "state")


def test_cobra_gold_and_rimpac(raw, wh) -> None:
    """Every Cobra Gold lists the United States and Thailand; RIMPAC 80 its five navies."""
    cg = rows(wh, SRC, "exercises", "SELECT exercise_id FROM {t} WHERE series = 'Cobra Gold'")
    assert len(cg) == (raw.Series_Name == "Cobra Gold").sum() == 28
    ids = ", ".join(str(r[0]) for r in cg)
    both = rows(
        wh,
        SRC,
        "participants",
        f"""SELECT exercise_id FROM {{t}} WHERE exercise_id IN ({ids})
            GROUP BY 1 HAVING bool_or(ccode = 2) AND bool_or(ccode = 800)""",
    )
    assert len(both) == 28
    rimpac = rows(
        wh,
        SRC,
        "participants",
        """SELECT ccode FROM {t} WHERE exercise_id =
                  (SELECT exercise_id FROM """
        + wh.view_name(SRC, "exercises")
        + """ WHERE name = 'RIMPAC 80')
                  ORDER BY ccode""",
    )
    assert [r[0] for r in rimpac] == [2, 20, 740, 900, 920]  # US, Canada, Japan, Australia, NZ


def test_every_entry_maps_or_says_why(wh, raw) -> None:
    """Every listed name maps to a COW state in its year, or is a known non-state (listed here)."""
    got = dict(
        rows(wh, SRC, "participants", "SELECT DISTINCT as_written, kind FROM {t} WHERE kind <> 'state'")
    )
    assert got == NOT_STATES
    assert rows(
        wh, SRC, "participants", "SELECT count(*) FROM {t} WHERE kind = 'state' AND ccode IS NULL"
    ) == [(0,)]
    # the lower-case alias is mapped: Tradewinds 92's st. christopher is St. Kitts and Nevis
    assert rows(
        wh, SRC, "participants", "SELECT DISTINCT ccode FROM {t} WHERE as_written = 'st. christopher'"
    ) == [(60,)]
    # listed entries = non-blank raw cells less the repeats within a row
    alias = {"st. christopher": "st. kitts & nevis"}
    cells = raw[SLOTS].apply(
        lambda r: [alias.get(v.strip().lower(), v.strip().lower()) for v in r if v.strip()], axis=1
    )
    assert (
        sum(len(set(c)) for c in cells)
        == rows(wh, SRC, "participants", "SELECT count(*) FROM {t}")[0][0]
    )
    assert sum(len(c) != len(set(c)) for c in cells) == 18  # rows listing an entry twice (SOURCE.md)


@pytest.mark.parametrize(
    ("name", "ccode"),
    [("Russia", 365), ("Federal Republic of Germany", 260), ("German Democratic Republic", 265),
     ("Germany", 255), ("Czechoslovakia", 315), ("Czechia", 316), ("Côte d’Ivoire", 437),
     ("Myanmar (Burma)", 775), ("Congo - Kinshasa", 490), ("Congo - Brazzaville", 484),
     ("St. Kitts & Nevis", 60), ("Yugoslavia", 345)],
)  # fmt: skip
def test_historical_and_cldr_names(wh, name, ccode) -> None:
    """CLDR names and historical states map to one COW code in every year they appear."""
    sql = "SELECT DISTINCT ccode FROM {t} WHERE as_written = $name"
    got = wh.con.execute(sql.format(t=wh.view_name(SRC, "participants")), {"name": name}).fetchall()
    assert got == [(ccode,)]


def test_soviet_union_written_russia(wh) -> None:
    """84 exercises before 1992 list 'Russia': the Soviet Union, COW 365 as COW codes it."""
    e = wh.view_name(SRC, "exercises")
    sql = f"""SELECT count(DISTINCT exercise_id) FROM {{t}} JOIN {e} USING (exercise_id)
              WHERE as_written = 'Russia' AND start_year < 1992 AND ccode = 365"""
    assert rows(wh, SRC, "participants", sql) == [(84,)]


def test_dates_and_flags(raw, q) -> None:
    sql = "SELECT count(*) - count(start_day), count(*) - count(end_day) FROM {t}"
    assert (
        q("exercises", sql)
        == ((raw["s.day"] == "xx").sum(), (raw["e.day"] == "xx").sum())
        == (814, 1089)
    )
    assert q("exercises", "SELECT count(*) FROM {t} WHERE ends_early") == (5,)
    flags = q(
        "exercises",
        "SELECT sum(cpx::INT), sum(air::INT), sum(land::INT), sum(sea::INT), sum(amphibious::INT), "
        "sum(cyber::INT), sum(warfighting::INT), sum(peacekeeping::INT), sum(humanitarian::INT) "
        "FROM {t}",
    )
    assert flags == (248, 1096, 1243, 1495, 190, 2, 3112, 327, 413)
    assert (
        q("exercises", "SELECT count(*) FROM {t} WHERE name IS NULL")
        == ((raw.Ex_Name == "-9").sum(),)
        == (1033,)
    )


def test_no_sentinels_left(wh) -> None:
    assert leftover_sentinels(wh, SRC, "exercises") == {}
