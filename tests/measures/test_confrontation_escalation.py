"""MIC escalation ladders: a hand-built confrontation, facts of the MIE file, the CLI and the API."""

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
from detente.measures.confrontation_escalation import confrontation_escalation_sql


def test_ladder_on_a_hand_built_confrontation() -> None:
    """Threat (1 Jan), display twice, use of force (11 Jan), display (20 Jan): peak on day 10."""
    con = duckdb.connect()
    con.execute(
        """CREATE TABLE ev AS SELECT * FROM (VALUES
           (1, 1, 2, 20, DATE '2000-01-01', DATE '2000-01-01', 1, 2, 0, 0, 0, 0),
           (1, 2, 20, 2, DATE '2000-01-03', DATE '2000-01-04', 7, 3, 0, 0, 0, 0),
           (1, 3, 2, 20, DATE '2000-01-03', DATE '2000-01-03', 7, 3, 0, 0, 0, 0),
           (1, 4, 2, 20, DATE '2000-01-11', DATE '2000-01-11', 16, 4, 1, 3, 0, 2),
           (1, 5, 20, 2, DATE '2000-01-20', DATE '2000-01-25', 7, 3, 0, 0, 0, 0))
           t(micnum, eventnum, ccode1, ccode2, start, "end", action, hostlev,
             fatalmin1, fatalmax1, fatalmin2, fatalmax2)"""
    )
    row = con.sql(f"SELECT * FROM ({confrontation_escalation_sql('ev')})").to_arrow_table().to_pylist()
    assert len(row) == 1
    r = row[0]
    assert (r["first_actor"], r["first_hostlev"], r["peak_hostlev"], r["last_hostlev"]) == (2, 2, 4, 3)
    assert r["hostility_path"] == [2, 3, 4, 3]
    assert r["path_dates"][2] == dt.date(2000, 1, 11)
    assert (r["days_to_peak"], r["days"], r["escalated"], r["ended_below_peak"]) == (10, 24, True, True)
    assert (r["fatalmin"], r["fatalmax"], r["reached_war"]) == (1, 5, False)
    with pytest.raises(InputError, match="by must be one of"):
        confrontation_escalation_sql("ev", by="state")


@pytest.fixture(scope="module")
def ladders(wh):
    return detente.confrontation_escalation(years=(1816, 2014)).to_pandas()


def test_every_confrontation_has_a_ladder(ladders) -> None:
    """1,881 rows holding all 28,011 events; peaks 2: 62, 3: 591, 4: 1,126, 5: 102."""
    assert len(ladders) == 1881 and int(ladders.n_events.sum()) == 28011
    assert ladders.peak_hostlev.value_counts().sort_index().to_dict() == {2: 62, 3: 591, 4: 1126, 5: 102}
    assert (ladders.first_hostlev <= ladders.peak_hostlev).all()
    assert (ladders.days_to_peak >= 0).all() and ladders.days_to_peak.notna().all()
    assert (ladders.escalated == (ladders.peak_hostlev > ladders.first_hostlev)).all()
    assert ladders.hostility_path.map(max).tolist() == ladders.peak_hostlev.tolist()


def test_known_ladders(ladders) -> None:
    """World War I peaks at war on 1 August 1914; Russia-Ukraine 4683 seized Crimea in 4 days."""
    ww1 = ladders[ladders.micnum == 257].iloc[0]
    assert (ww1.first_hostlev, ww1.peak_hostlev, ww1.peak_date, ww1.days_to_peak) == (
        2,
        5,
        dt.date(1914, 8, 1),
        9,
    )
    crimea = ladders[ladders.micnum == 4683].iloc[0]
    assert list(crimea.hostility_path) == [3, 4, 3]
    assert (crimea.days_to_peak, bool(crimea.ended_below_peak)) == (4, True)


def test_dyad_ladders_and_years(wh) -> None:
    d = detente.confrontation_escalation(by="dyad", years=(2014, 2014)).to_pandas()
    r = d[(d.micnum == 4682) & (d.ccode1 == 365) & (d.ccode2 == 369)].iloc[0]
    assert (r.first_actor, r.n_events, r.peak_hostlev, r.days_to_peak) == (369, 26, 4, 87)
    assert (d.start.map(lambda x: x.year) == 2014).all()
    with pytest.raises(InputError, match="1816-2014"):
        detente.confrontation_escalation(years=(2010, 2020))
    pair = detente.confrontation_escalation(by="dyad", years=2014, ccode=[365, 369]).to_pylist()
    assert {(r["micnum"], r["ccode1"], r["ccode2"]) for r in pair} == {
        (4682, 365, 369),
        (4683, 365, 369),
    }
    with pytest.raises(InputError, match="ccode 9999"):
        detente.confrontation_escalation(ccode=[9999])


def test_cli_writes_the_table(tmp_path, mirror, cache) -> None:
    env = {**os.environ, "DETENTE_CACHE": str(cache), "COLUMNS": "200"}
    out = tmp_path / "ladders.parquet"
    args = [
        "confrontation-escalation",
        "--by",
        "dyad",
        "--years",
        "2014",
        "--out",
        str(out),
        "--mirror",
        str(mirror),
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "detente", *args], capture_output=True, text=True, env=env, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert "escalated after their first event" in proc.stdout
    assert pq.read_table(out).num_rows == len(detente.confrontation_escalation(by="dyad", years=2014))
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "detente",
            "confrontation-escalation",
            "--years",
            "1700",
            "--mirror",
            str(mirror),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert bad.returncode == 1 and "1816-2014" in bad.stderr
    assert "Traceback" not in bad.stderr
