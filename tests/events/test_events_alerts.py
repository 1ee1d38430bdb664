"""Alerts (conflict surges, ladder moves, with evidence) and validation against MID 5.0 and ICB 15."""

from __future__ import annotations

import datetime as dt

from detente.events.alerts import alerts, validate


def test_alerts_carry_evidence(wh, lake) -> None:
    a = alerts(lake, wh=wh).to_pylist()
    assert len(a) == 75 and {r["kind"] for r in a} == {"intensity", "ladder"}
    # 10 come from the PLOVER gold standard's typology classes, all on its placeholder date
    placeholder = [r for r in a if r["period"] == dt.date(2000, 1, 1)]
    assert len(placeholder) == 10 and {r["kind"] for r in placeholder} == {"ladder"}
    assert all(r["event_ids"] for r in a)
    assert all(r["rung"] > r["prev_rung"] for r in a if r["kind"] == "ladder")
    assert all(
        r["value"] >= 10 and r["value"] > r["base_mean"] + 2 * r["base_sd"]
        for r in a
        if r["kind"] == "intensity"
    )
    # GDELT 2.0: UK -> Ireland use of force on 2015-02-17, three events from one article
    uk = [r for r in a if (r["ccode1"], r["ccode2"], r["period"]) == (200, 205, dt.date(2015, 2, 17))]
    assert uk[0]["event_ids"] == ["410412431", "410412432", "410412433"] and len(uk[0]["urls"]) == 1


def test_validation_reports_agreement_and_no_overlap(wh, lake) -> None:
    """Azerbaijan-Armenia force on 6-7 Sept 2012 is MID 4414; Russia-Ukraine on 2015-02-18 is ICB 471."""
    got = {(r["source"], r["benchmark"]): r for r in validate(lake, wh=wh).to_pylist()}
    assert len(got) == 6  # PLOVER (placeholder dates) is left out
    mid = got[("gdelt-sample", "MID 5.0 incidents")]
    assert (mid["event_dyad_days"], mid["benchmark_dyad_days"], mid["agree"]) == (9, 160, 2)
    icb = got[("gdelt-2.0-sample", "ICB 15 crisis dyads")]
    assert (icb["event_dyad_days"], icb["benchmark_dyad_days"], icb["agree"]) == (16, 10, 1)
    none = got[("icews-sample", "MID 5.0 incidents")]
    assert none["covered_days"] == 0 and none["note"].startswith("no overlap")
    assert got[("icews-sample", "ICB 15 crisis dyads")]["agree"] == 0
