"""The forecasting models and the honest baselines, all scikit-learn estimators with fixed seeds.

Models (settings fixed in advance, never tuned on test years):

- ``logit``: L2-regularised logistic regression (C = 1) on standardised features, missing values
  imputed by the training median with a missing-indicator column each;
- ``gbm``: scikit-learn's histogram gradient-boosted trees (100 iterations, learning rate 0.1,
  15 leaves, L2 1.0, no early stopping, ``random_state=0``), missing values handled natively.

Baselines (every report has them):

- ``base_rate``: the training years' share of positives, for every case;
- ``peace_years``: logistic regression on the peace-year terms only (years since the last onset
  with its square and cube, or with its spline terms: the run's ``duration``);
- ``previous_year``: the previous year's outcome (no change), as the training frequency of an
  onset given the lagged target (0, 1 or unknown);
- ``capability_ratio``: logistic regression on the log capability ratio alone (CINC for states).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

SEED = 0
MODELS = ("logit", "gbm")
BASELINES = ("base_rate", "peace_years", "previous_year", "capability_ratio")


def _logit() -> Any:
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(
        SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True),
        StandardScaler(),
        LogisticRegression(C=1.0, max_iter=2000, random_state=SEED),
    )


def _gbm() -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=100, learning_rate=0.1, max_leaf_nodes=15, l2_regularization=1.0,
        early_stopping=False, random_state=SEED,
    )  # fmt: skip


def settings() -> dict[str, Any]:
    """Every model's estimator and parameters (recorded in the forecast metadata)."""
    return {
        "logit": {k: repr(v) for k, v in _logit().get_params().items() if "__" in k},
        "gbm": {k: repr(v) for k, v in _gbm().get_params().items()},
        "seed": SEED,
    }


def _fit_predict(
    estimator: Any, train: pd.DataFrame, test: pd.DataFrame, cols: Sequence[str]
) -> np.ndarray:
    x = train[list(cols)].to_numpy(dtype=float)
    y = train["y"].to_numpy(dtype=int)
    if y.min() == y.max():  # one class only: the training rate is all there is to say
        return np.full(len(test), float(y.mean()))
    estimator.fit(x, y)
    return estimator.predict_proba(test[list(cols)].to_numpy(dtype=float))[:, 1]


def capability_column(unit_is_dyad: bool) -> str:
    return "log_capratio" if unit_is_dyad else "cinc"


def predict_all(
    train: pd.DataFrame,
    test: pd.DataFrame,
    features: Sequence[str],
    dyad: bool,
    peace: Sequence[str] = ("peace_years", "peace_years2", "peace_years3"),
) -> dict[str, np.ndarray]:
    """Fit every model and baseline on ``train`` and return their forecasts for ``test``.

    ``train``/``test`` hold ``y`` (0/1) and the feature columns of :mod:`.features`. Fits run on
    one thread: results do not depend on the machine's cores, and OpenMP threads on a busy
    machine slowed the tree model seven-fold in our measurement.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _predict_all(train, test, features, dyad, peace)


def _predict_all(
    train: pd.DataFrame, test: pd.DataFrame, features: Sequence[str], dyad: bool, peace: Sequence[str]
) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    out["logit"] = _fit_predict(_logit(), train, test, features)
    out["gbm"] = _fit_predict(_gbm(), train, test, features)
    out["base_rate"] = np.full(len(test), float(train["y"].mean()))
    out["peace_years"] = _fit_predict(_logit(), train, test, list(peace))
    # previous year: the onset rate in training for each lagged outcome (0, 1, unknown)
    key_train = train["lag_target"].fillna(-1).to_numpy()
    key_test = test["lag_target"].fillna(-1).to_numpy()
    rate = pd.Series(train["y"].to_numpy(dtype=float)).groupby(key_train).mean()
    out["previous_year"] = pd.Series(key_test).map(rate).fillna(train["y"].mean()).to_numpy(dtype=float)
    out["capability_ratio"] = _fit_predict(_logit(), train, test, [capability_column(dyad)])
    return out
