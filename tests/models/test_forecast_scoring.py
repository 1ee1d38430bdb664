"""Forecast scores against values computed by hand (each case says how) and against scikit-learn."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn import metrics

from detente.models.forecast import scoring as S

# A tiny case used throughout: 5 forecasts, 2 positives.
Y = [0, 1, 0, 1, 0]
P = [0.1, 0.9, 0.4, 0.4, 0.2]


def test_average_precision_by_hand():
    # Thresholds, highest first: .9 -> TP 1 FP 0 (R .5, P 1); .4 -> TP 2 FP 1 (R 1, P 2/3);
    # lower thresholds add no recall. AP = .5 * 1 + .5 * 2/3 = 5/6.
    assert S.average_precision(Y, P) == pytest.approx(5 / 6)


def test_roc_auc_by_hand():
    # Pairs (positive, negative): 6. .9 beats all 3 negatives; .4 beats .1 and .2 and ties .4
    # (half): 3 + 2.5 = 5.5 of 6.
    assert S.roc_auc(Y, P) == pytest.approx(5.5 / 6)


def test_constant_forecast_scores_the_prevalence():
    # A constant forecast ranks nothing: AUPR = 2/5, AUC = 1/2, precision@k = 2/5 (random tie-break)
    c = [0.3] * 5
    assert S.average_precision(Y, c) == pytest.approx(0.4)
    assert S.roc_auc(Y, c) == pytest.approx(0.5)
    assert S.precision_at_k(Y, c, [1] * 5, k=2) == pytest.approx(0.4)


def test_brier_and_log_loss_by_hand():
    # Brier: (.01 + .01 + .16 + .36 + .04) / 5 = .58 / 5 = .116
    assert S.brier(Y, P) == pytest.approx(0.116)
    # log loss: -(ln .9 + ln .9 + ln .6 + ln .4 + ln .8) / 5
    expected = -(2 * math.log(0.9) + math.log(0.6) + math.log(0.4) + math.log(0.8)) / 5
    assert S.log_loss(Y, P) == pytest.approx(expected)


def test_murphy_decomposition_by_hand():
    # Bins by distinct value: .1 (o=0), .2 (o=0), .4 (n=2, o=.5), .9 (o=1); o = .4.
    # REL = (.01 + .04 + 2 * .01 + .01) / 5 = .016
    # RES = (.16 + .16 + 2 * .01 + .36) / 5 = .14;  UNC = .4 * .6 = .24
    # REL - RES + UNC = .116 = Brier, remainder 0 (one forecast value per bin).
    m = S.murphy(Y, P)
    assert m["reliability"] == pytest.approx(0.016)
    assert m["resolution"] == pytest.approx(0.14)
    assert m["uncertainty"] == pytest.approx(0.24)
    assert m["brier"] == pytest.approx(0.116)
    assert m["remainder"] == pytest.approx(0.0, abs=1e-12)


def test_calibration_curve_by_hand():
    curve = S.calibration_curve(Y, P)
    assert curve == [
        {"forecast": 0.1, "observed": 0.0, "n": 1},
        {"forecast": 0.2, "observed": 0.0, "n": 1},
        {"forecast": 0.4, "observed": 0.5, "n": 2},
        {"forecast": 0.9, "observed": 1.0, "n": 1},
    ]


def test_precision_at_k_by_hand():
    # k = 2, one year: top 2 = .9 (pos) and one of the two tied .4s (one pos, one neg) -> (1 + .5) / 2
    assert S.precision_at_k(Y, P, [2000] * 5, k=2) == pytest.approx(0.75)
    # Two years of 2 and 3 cases, k = 1: year A (.1 neg, .9 pos) -> 1; year B top .4 tie -> .5; mean .75
    assert S.precision_at_k(Y, P, [1, 1, 2, 2, 2], k=1) == pytest.approx(0.75)


def test_weights_equal_repeating_cases():
    # Weight 2 on a case is the same as listing it twice (the bootstrap relies on this).
    w = np.array([2.0, 1, 1, 3, 1])
    y_rep = np.repeat(Y, w.astype(int))
    p_rep = np.repeat(P, w.astype(int))
    for fn in (S.average_precision, S.roc_auc, S.brier, S.log_loss):
        assert fn(Y, P, w[None, :])[0] == pytest.approx(fn(y_rep, p_rep))


def test_agrees_with_scikit_learn_on_rare_events():
    rng = np.random.default_rng(1)
    y = (rng.random(5000) < 0.01).astype(int)
    p = np.round(np.clip(0.01 + 0.05 * y + rng.normal(0, 0.02, 5000), 0.001, 0.999), 3)  # with ties
    assert S.average_precision(y, p) == pytest.approx(metrics.average_precision_score(y, p))
    assert S.roc_auc(y, p) == pytest.approx(metrics.roc_auc_score(y, p))
    assert S.brier(y, p) == pytest.approx(metrics.brier_score_loss(y, p))
    assert S.log_loss(y, p) == pytest.approx(metrics.log_loss(y, p))
    w = rng.integers(0, 3, size=(4, 5000)).astype(float)
    for row in range(4):
        assert S.average_precision(y, p, w)[row] == pytest.approx(
            metrics.average_precision_score(y, p, sample_weight=w[row])
        )
        auc = metrics.roc_auc_score(y, p, sample_weight=w[row])
        assert S.roc_auc(y, p, w)[row] == pytest.approx(auc)


def test_bootstrap_intervals_cover_the_difference_and_are_seeded():
    rng = np.random.default_rng(2)
    y = (rng.random(2000) < 0.05).astype(int)
    good = np.clip(0.05 + 0.3 * y + rng.normal(0, 0.05, 2000), 0.001, 0.999)
    flat = np.full(2000, 0.05)
    clusters = np.arange(2000) // 5  # 400 units of 5 cases
    a = S.difference_intervals(y, good, flat, clusters, n_boot=100, seed=3)
    b = S.difference_intervals(y, good, flat, clusters, n_boot=100, seed=3)
    assert a == b
    d = a["aupr"]
    assert d["low"] < d["difference"] < d["high"]
    assert d["low"] > 0  # a clearly better forecast: the interval excludes 0
    assert a["brier"]["high"] < 0  # and its Brier score is lower


def test_bootstrap_weights_resample_whole_clusters():
    w = S.bootstrap_weights([1, 1, 2, 3], n_boot=50, seed=0)
    assert (w[:, 0] == w[:, 1]).all()
    assert (w[:, 1:].sum(axis=1) >= 0).all()
    assert (w[:, [0, 2, 3]].sum(axis=1) == 3).all()  # 3 clusters drawn each time


def test_the_report_says_plainly_when_a_model_loses_to_peace_years():
    from detente.models.forecast.run import _verdicts

    def scores(gbm, logit, peace):
        return {"gbm": {"aupr": gbm}, "logit": {"aupr": logit}, "peace_years": {"aupr": peace}}

    splits = [
        {"label": "1991-2000", "scores": scores(0.2, 0.1, 0.15),
         "beats_peace_years_aupr": {"logit": False, "gbm": True}},
        {"label": "2001-2010", "scores": {"peace_years": {}}, "beats_peace_years_aupr": {}},
    ]  # fmt: skip
    assert _verdicts(splits) == [
        "1991-2000: logit does NOT beat the peace-years baseline on AUPR (0.100 vs 0.150).",
        "1991-2000: gbm beats the peace-years baseline on AUPR (0.200 vs 0.150).",
        "2001-2010: no onsets in the test years, nothing to score.",
    ]
