"""Validation only: the ICEWS TKG benchmark files read as CAMEO-classed events, alerts against MIE.

Counts asserted here are those of the folders' SOURCE.md (rows, CAMEO force roots, force events
per country pair); the agreement figures are the ones printed in docs/events.md.
"""

from __future__ import annotations

import pytest

from detente.errors import InputError
from detente.events.validation import agreement, tkg_events_sql

from helpers import q

FORCE = "left(cameo_code, 2) BETWEEN '15' AND '20'"


def pair(a: int, b: int) -> str:
    lo, hi = min(a, b), max(a, b)
    return f"least(actor1_ccode, actor2_ccode) = {lo} AND greatest(actor1_ccode, actor2_ccode) = {hi}"


@pytest.fixture(scope="module")
def icews14(wh, mirror) -> str:
    wh.con.execute(f"CREATE OR REPLACE TEMP TABLE tkg14 AS {tkg_events_sql(mirror / 'icews14-tkg', wh)}")
    return "tkg14"


@pytest.fixture(scope="module")
def icews0515(wh, mirror) -> str:
    sql = tkg_events_sql(mirror / "icews05-15-tkg-2013-2015", wh)
    wh.con.execute(f"CREATE OR REPLACE TEMP TABLE tkg0515 AS {sql}")
    return "tkg0515"


def test_icews14_reads_every_event_with_a_cameo_code(wh, icews14) -> None:
    """90,730 events on all 365 days of 2014; every label maps to a CAMEO code; 13,025 force roots."""
    got = q(
        wh,
        f"SELECT count(*), count(cameo_code), count(DISTINCT event_date), min(event_date), "
        f"max(event_date), count(*) FILTER (WHERE {FORCE}) FROM {icews14}",
    )[0]
    assert got[:3] == (90730, 90730, 365)
    assert (str(got[3]), str(got[4]), got[5]) == ("2014-01-01", "2014-12-31", 13025)


def test_sector_actors_map_to_their_state(wh, icews14) -> None:
    """``Military_(Russia)`` is Russia (365) and military; a bare ``South_Korea`` is 732."""
    got = q(
        wh,
        f"SELECT DISTINCT actor1_ccode, actor1_military FROM {icews14} "
        "WHERE actor1_name = 'Military_(Russia)'",
    )
    assert got == [(365, True)]
    assert q(wh, f"SELECT DISTINCT actor1_ccode FROM {icews14} WHERE actor1_name = 'South_Korea'") == [
        (732,)
    ]
    assert q(wh, f"SELECT DISTINCT actor1_ccode FROM {icews14} WHERE actor1_name = 'Barack_Obama'") == [
        (None,)
    ]


def test_force_events_per_pair_match_the_source_notes(wh, icews14, icews0515) -> None:
    """Russia-Ukraine 15 in 2014 (Mar 6, Apr 2, Jun 2, Jul 2, Oct 1, Nov 2); China-Japan 30;
    the Koreas 64; ICEWS05-15: 92,461 rows, Russia-Ukraine 96 (64 + 32), China-Japan 47."""
    months = q(
        wh,
        f"SELECT month(event_date), count(*) FROM {icews14} WHERE {FORCE} AND {pair(365, 369)} "
        "GROUP BY 1 ORDER BY 1",
    )
    assert months == [(3, 6), (4, 2), (6, 2), (7, 2), (10, 1), (11, 2)]
    assert q(wh, f"SELECT count(*) FROM {icews14} WHERE {FORCE} AND {pair(710, 740)}") == [(30,)]
    assert q(wh, f"SELECT count(*) FROM {icews14} WHERE {FORCE} AND {pair(731, 732)}") == [(64,)]
    got = q(
        wh,
        f"SELECT count(*), min(event_date)::VARCHAR, max(event_date)::VARCHAR, "
        f"count(*) FILTER (WHERE {FORCE}) FROM {icews0515}",
    )
    assert got == [(92461, "2013-11-18", "2015-12-31", 13235)]
    years = q(
        wh,
        f"SELECT year(event_date), count(*) FROM {icews0515} WHERE {FORCE} AND {pair(365, 369)} "
        "GROUP BY 1 ORDER BY 1",
    )
    assert years == [(2014, 64), (2015, 32)]
    assert q(wh, f"SELECT count(*) FROM {icews0515} WHERE {FORCE} AND {pair(710, 740)}") == [(47,)]


def test_alert_agreement_with_mie_2014(wh, mirror) -> None:
    """The figures of docs/events.md (ICEWS14, exact day)."""
    t = {(r["signal"], r["scope"]): r for r in agreement(mirror / "icews14-tkg", 0, wh).to_pylist()}
    allx = t[("alerts", "all dyads")]
    assert (allx["signal_dyad_days"], allx["mie_dyad_days"], allx["precise"], allx["mie_events"]) == (
        335,
        1398,
        25,
        312,
    )
    ru = t[("alerts", "Russia-Ukraine (from March 2014)")]
    assert (ru["signal_dyad_days"], ru["precision"], ru["mie_dyad_days"]) == (10, 1.0, 282)
    ko = t[("force events", "North Korea-South Korea")]
    assert (ko["signal_dyad_days"], ko["mie_dyad_days"], ko["recalled"]) == (31, 17, 9)
    for r in t.values():  # recall and precision never exceed 1; agreement never exceeds either side
        assert r["precise"] <= r["signal_dyad_days"] and r["recalled"] <= r["mie_dyad_days"]


def test_tolerance_only_widens_agreement(wh, mirror) -> None:
    exact = agreement(mirror / "icews05-15-tkg-2013-2015", 0, wh).to_pylist()
    loose = agreement(mirror / "icews05-15-tkg-2013-2015", 3, wh).to_pylist()
    for e, lo in zip(exact, loose, strict=True):
        assert (e["signal"], e["scope"]) == (lo["signal"], lo["scope"])
        assert lo["precise"] >= e["precise"] and lo["recalled"] >= e["recalled"]
    assert str(exact[0]["last_day"]) == "2014-12-31"  # MIE ends in 2014


def test_bad_input(wh, mirror, tmp_path) -> None:
    with pytest.raises(InputError, match="not a known ICEWS TKG folder"):
        tkg_events_sql(tmp_path, wh)
    with pytest.raises(InputError, match="tolerance -1"):
        agreement(mirror / "icews14-tkg", -1, wh)
