"""Confrontations (MIC from the MIE 1.0 events): dyad-year and state-year facts of the real file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import duckdb
import pyarrow.parquet as pq
import pytest

import detente
from detente.errors import InputError
from detente.measures.reduce import pick_one_sql
from detente.steps.confrontations import DEFAULT_RULES, RULES

from helpers import assert_all, one, q

MIE = "mie-1.0"


@pytest.fixture(scope="module")
def directed(wh):
    """Directed COW dyad-years 1816-2014 with confrontations and MIC peace years (pandas)."""
    p = detente.dyad_years(years=(1816, 2014)).add_confrontations().add_peace_years(event="mic")
    return p.to_pandas()


def test_every_event_lands_in_its_dyad_year_but_canada_before_1920(wh, directed) -> None:
    """28,007 of the 28,011 events fall in a COW dyad-year, in each direction; the other four
    are Canada against Russia in 1918-19, before Canada's COW membership (1920)."""
    assert int(directed.mic_events12.sum()) == int(directed.mic_events21.sum()) == 28007
    ev = wh.view_name(MIE, "events")
    missing = q(
        wh,
        f"SELECT count(*), sum(fatalmax1 + fatalmax2) FROM {ev} "
        "WHERE ccode1 = 20 AND ccode2 = 365 AND year(start) < 1920",
    )
    assert missing == [(4, 50)]
    total = q(wh, f"SELECT sum(fatalmax1 + fatalmax2), sum(fatalmin1 + fatalmin2) FROM {ev}")[0]
    got = (directed.mic_fatalmax1.sum() + directed.mic_fatalmax2.sum()) // 2
    assert int(got) == total[0] - 50
    assert int(directed.mic_fatalmin1.sum()) == int(directed.mic_fatalmin2.sum())


def test_invariants(directed) -> None:
    """Ongoing iff mic_n > 0; an onset implies ongoing; a kept confrontation iff ongoing."""
    assert directed.micongoing.notna().all()
    assert_all((directed.micongoing == 1) == (directed.mic_n > 0))
    assert_all(directed.micongoing >= directed.miconset)
    assert (directed.micnum.notna() == (directed.micongoing == 1)).all()
    assert int(directed.micongoing.sum()) == 7810 and int(directed.miconset.sum()) == 5334
    # hostility is null exactly where a direction had no event that year
    assert_all(directed.mic_hostlev12.isna() == (directed.mic_events12 == 0))


def test_russia_ukraine_2014(directed) -> None:
    """Two confrontations (4682, 4683); Russia 15 events against Ukraine, Ukraine 21 back."""
    r = one(directed, ccode1=365, ccode2=369, year=2014)
    assert (r.micongoing, r.miconset, r.mic_n, r.mic_events12, r.mic_events21) == (1, 1, 2, 15, 21)
    assert (r.mic_hiact12, r.mic_hostlev12, r.mic_hiact21, r.mic_maxhostlev) == (15, 4, 16, 4)
    # default rules: both onsets, no fatalities, both use of force -> the longer, 4682 (Apr-Dec)
    assert (r.micnum, r.mic_start, r.mic_end) == (4682, dt.date(2014, 4, 2), dt.date(2014, 12, 11))
    assert (r.mic_first1, r.mic_first2) == (0, 1)  # Ukraine's mobilization of 2 April 2014
    back = one(directed, ccode1=369, ccode2=365, year=2014)
    assert (back.mic_events12, back.mic_events21, back.mic_first1) == (21, 15, 1)
    assert one(directed, ccode1=365, ccode2=369, year=2014).mic_peaceyrs == 1  # onset in 2013


def test_world_war_one(directed) -> None:
    """Germany-France 1914-1918: confrontation 257, war, every year ongoing, onset only in 1914."""
    rows = directed[
        (directed.ccode1 == 255) & (directed.ccode2 == 220) & directed.year.between(1914, 1918)
    ]
    assert rows.micnum.tolist() == [257] * 5
    assert rows.miconset.tolist() == [1, 0, 0, 0, 0]
    assert rows.mic_hostlev.tolist() == [5] * 5
    assert int(rows.mic_fatalmax2.sum()) > 0


def test_rules_and_domain(wh) -> None:
    """Named rules choose among confrontations; null outside 1816-2014; unknown rules fail."""
    p = detente.dyad_years(years=(2014, 2016)).add_confrontations(rules=["earliest"]).to_pandas()
    r = one(p, ccode1=365, ccode2=369, year=2014)
    assert r.micnum == 4683  # started 24 February 2014
    later = one(p, ccode1=365, ccode2=369, year=2015)
    assert later[["micongoing", "mic_n", "mic_events12", "mic_fatalmax1"]].isna().all()
    with pytest.raises(InputError, match="unknown reduction rule"):
        detente.dyad_years(years=(2014, 2014)).add_confrontations(rules=["largest"])


def test_undirected_rows_equal_directed_ones(wh, directed) -> None:
    u = detente.dyad_years(directed=False, years=(2010, 2014)).add_confrontations().to_pandas()
    r, d = one(u, ccode1=710, ccode2=740, year=2012), one(directed, ccode1=710, ccode2=740, year=2012)
    cols = ["micongoing", "mic_n", "mic_events12", "mic_events21", "micnum", "mic_maxhostlev"]
    assert r[cols].tolist() == d[cols].tolist()
    assert r.micnum == 4491


def test_state_years_agree_with_the_events(wh) -> None:
    """Russia 2014: in 7 confrontations (3 entered), 30 events taken, 59 suffered (raw SQL)."""
    s = detente.state_years(years=(2013, 2016)).add_confrontations().add_peace_years(event="mic")
    s = s.to_pandas()
    r = one(s, ccode=365, year=2014)
    ev = wh.view_name(MIE, "events")
    by, against = q(
        wh,
        f"""SELECT count(*) FILTER (WHERE ccode1 = 365), count(*) FILTER (WHERE ccode2 = 365)
                            FROM {ev} WHERE year(start) = 2014""",
    )[0]
    assert (r.micongoing, r.mic_n, r.mic_onsets, r.mic_events_by, r.mic_events_against) == (
        1,
        7,
        3,
        by,
        against,
    )
    assert (by, against) == (30, 59)
    assert one(s, ccode=365, year=2015)[["micongoing", "mic_fatalmax", "mic_peaceyrs"]].isna().all()


def test_cli_panel_with_rules(tmp_path, mirror, cache) -> None:
    """``--add confrontations:rules=earliest`` reaches the step; a bad rule is one line, exit 1."""
    env = {**os.environ, "DETENTE_CACHE": str(cache), "COLUMNS": "200"}
    out = tmp_path / "mic.parquet"
    base = [
        sys.executable,
        "-m",
        "detente",
        "panel",
        "dyad-years",
        "--years",
        "2014",
        "--mirror",
        str(mirror),
    ]
    proc = subprocess.run(
        [
            *base,
            "--add",
            "confrontations:rules=earliest",
            "--add",
            "peace_years:event=mic",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    df = pq.read_table(out).to_pandas()
    r = one(df, ccode1=365, ccode2=369, year=2014)
    assert (r.micnum, r.mic_peaceyrs) == (4683, 1)
    bad = subprocess.run(
        [*base, "--add", "confrontations:rules=largest", "--out", str(tmp_path / "x.parquet")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert (
        bad.returncode == 1 and "unknown reduction rule" in bad.stderr and "Traceback" not in bad.stderr
    )


def test_gw_panels_use_the_crosswalk(wh) -> None:
    """G&W dyad-years get the same values (Russia-Ukraine 2014) through the COW codes behind them."""
    p = detente.dyad_years("gw", years=(2014, 2014)).add_confrontations().to_pandas()
    r = p[(p.gwcode1 == 365) & (p.gwcode2 == 369)].iloc[0]
    assert (r.micongoing, r.mic_n, r.mic_events12, r.micnum) == (1, 2, 15, 4682)


def test_reduction_rules_on_hand_built_confrontations() -> None:
    """One dyad-year, three confrontations (values invented to separate the rules):
    10 ongoing and deadly; 11 starts this year, short, most events between the two; 12 starts this
    year, long, highest hostility between the two."""
    con = duckdb.connect()
    con.execute(
        """CREATE TABLE dy AS SELECT * FROM (VALUES
           (10, 2, 20, 1990, 0, 900, 5, 3, 4,  DATE '1988-01-01', DATE '1991-01-01'),
           (11, 2, 20, 1990, 1, 0,   3, 3, 12, DATE '1990-03-01', DATE '1990-04-01'),
           (12, 2, 20, 1990, 1, 0,   4, 4, 2,  DATE '1990-05-01', DATE '1990-12-01'))
           t(micnum, c1, c2, year, onset, conf_fatalmax, conf_hostlev, dyad_hostlev, dyad_events,
             conf_start, conf_end)"""
    )

    def pick(rules) -> int:
        return con.sql(pick_one_sql("dy", ["c1", "c2", "year"], rules, RULES, "micnum")).fetchall()[0][0]

    assert pick(DEFAULT_RULES) == 12  # onsets first, equal fatalities, then the higher hostility
    assert pick(["fatality"]) == 10
    assert pick(["events"]) == 11
    assert pick(["onset", "dyad_hostlev"]) == 12
    assert pick(["earliest"]) == 10
    assert pick(["onset"]) == 11  # a tie left by the rules goes to the lowest number
