"""End-to-end forecasts on real data: lagging, splits, baselines, report and provenance."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import detente
from detente.cli import app
from detente.errors import InputError
from detente.models.forecast import features as F
from detente.models.forecast import forecast, write_report
from detente.models.forecast.run import SCORERS
from detente.models.forecast.splits import rolling_origin
from detente.models.forecast.targets import get_target


@pytest.fixture(scope="module")
def run(wh):
    """GML MID onsets on undirected politically relevant dyads, panel 1980-2011, tests 2001-2010."""
    return forecast("gmlmid", years=(1980, 2011), first_test=2001, horizon=5, n_boot=30, warehouse=wh)


def test_features_come_from_the_year_before(wh):
    # Every feature of year t is the panel's value in t - 1 (US-Russia, 2000 from 1999).
    target = get_target("gmlmid")
    panel = F.add_steps(detente.dyad_years(directed=False, years=(1998, 2000), relevant=True), target,
                        F.DEFAULT_GROUPS)  # fmt: skip
    frame = F.lagged_frame(panel, target, 1).set_index(["ccode1", "ccode2", "year"])
    raw = panel.to_pandas().set_index(["ccode1", "ccode2", "year"])
    for col in ("cinc1", "atop_tau_b", "polity2_min", "atop_defense"):
        assert frame.loc[(2, 365, 2000), col] == pytest.approx(float(raw.loc[(2, 365, 1999), col]))
    assert frame.loc[(2, 365, 2000), "lag_target"] == raw.loc[(2, 365, 1999), "gmlmidonset"]
    # the peace-year count of 2000 uses onsets up to 1999 only: it equals the step's own value
    assert frame.loc[(2, 365, 2000), "peace_years"] == raw.loc[(2, 365, 2000), "gmlmid_peaceyrs"]
    assert frame.loc[(2, 365, 1998)].drop("y").isna().all()  # no 1997 row: nothing known


def test_rolling_origin_never_trains_on_test_years():
    splits = list(rolling_origin(1817, 2010, None, 10))
    assert len(splits) == 6  # test decades 1951-1960 to 2001-2010: the loop runs
    for s in splits:
        assert s.train[1] == s.test[0] - 1
    with pytest.raises(InputError, match="first test year"):
        rolling_origin(1817, 2010, 1817, 10)


def test_report_scores_every_baseline_in_every_split(run):
    rep = run.report
    assert [s["label"] for s in rep["splits"]] == ["2001-2005", "2006-2010"]
    for s in rep["splits"] + [rep["pooled"]]:
        assert set(s["scores"]) == set(SCORERS)
        for sc in s["scores"].values():
            for key in ("aupr", "roc_auc", "brier", "reliability", "resolution", "uncertainty",
                        "log_loss", "precision_at_k", "calibration"):  # fmt: skip
                assert key in sc
        assert set(s["differences"]) == {"logit", "gbm"}
        assert set(s["differences"]["gbm"]) == {"base_rate", "peace_years", "previous_year",
                                                "capability_ratio"}  # fmt: skip
    for s in rep["splits"]:  # base rate: constant within a split, so AUPR = prevalence, AUC = 1/2
        assert s["scores"]["base_rate"]["roc_auc"] == pytest.approx(0.5)
        assert s["scores"]["base_rate"]["aupr"] == pytest.approx(s["prevalence"])
    assert "Positives are rare" in rep["rarity"]
    assert len(rep["verdicts"]) == 4
    assert all("peace-years baseline on AUPR" in v for v in rep["verdicts"])


def test_predictions_are_out_of_sample_with_a_future_year(run):
    p = run.predictions
    assert set(p["split"]) == {"2001-2005", "2006-2010", "future"}
    assert p.loc[p.split == "future", "year"].unique().tolist() == [2011]  # GML ends in 2010
    assert p.loc[p.split == "future", "y"].isna().all()
    scored = p[p.split != "future"]
    assert scored["y"].notna().all() and scored.year.between(2001, 2010).all()
    assert not scored.duplicated(["ccode1", "ccode2", "year"]).any()
    # the onsets scored are the panel's: 2001-2010 GML onsets on relevant undirected dyads
    panel = detente.dyad_years(directed=False, years=(2001, 2010), relevant=True).add_mids()
    assert int(scored["y"].sum()) == int(panel.to_pandas().gmlmidonset.sum())


def test_forecasts_and_report_files(run, tmp_path):
    out = run.write(tmp_path / "f.parquet")
    meta = json.loads(pq.read_schema(out).metadata[b"detente"])
    assert meta["forecast"]["lag"] == 1
    assert "peace_years" in meta["forecast"]["features"] and meta["forecast"]["target"] == "gmlmid"
    assert {"gml-mid-2.2", "atop-5.1"} <= {s["id"] for s in meta["panel"]["sources"]}
    html, js = write_report(run.report, tmp_path / "r.html")
    text = html.read_text()
    assert "Positives are rare" in text and "<svg" in text and "peace-years baseline on AUPR" in text
    assert json.loads(js.read_text())["pooled"]["n"] == run.report["pooled"]["n"]


def test_state_year_target(wh):
    r = forecast("ucdp", "state-years", years=(1990, 2016), first_test=2011, horizon=6, n_boot=10,
                 warehouse=wh)  # fmt: skip
    assert r.report["kind"] == "state-years"
    assert "similarity" not in r.metadata["forecast"]["feature_groups"]
    assert r.report["pooled"]["positives"] > 0


def test_cli_forecast(tmp_path, mirror):
    res = CliRunner().invoke(app, [
        "forecast", "--target", "icb", "--years", "1990-2016", "--first-test", "2011", "--horizon", "6",
        "--bootstrap", "10", "--features", "peace_years,capabilities,history", "--duration", "splines",
        "--out", str(tmp_path / "f.parquet"), "--report", str(tmp_path / "r.html"),
        "--mirror", str(mirror)])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "Positives are rare" in res.output and (tmp_path / "r.json").exists()
    meta = json.loads(pq.read_schema(tmp_path / "f.parquet").metadata[b"detente"])["forecast"]
    assert meta["duration"] == "splines"
    assert meta["features"][:4] == ["peace_years", "peace_spline1", "peace_spline2", "peace_spline3"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"target": "wars"}, "unknown target"), ({"groups": ["weather"]}, "unknown feature group"),
     ({"unit": "months"}, "unknown unit"), ({"lag": 0}, "lag must be"),
     ({"duration": "linear"}, "duration must be")],
)  # fmt: skip
def test_bad_input_is_one_line(wh, kwargs, message):
    with pytest.raises(InputError, match=message):
        forecast(**{"years": (2000, 2011), "first_test": 2006, **kwargs})
