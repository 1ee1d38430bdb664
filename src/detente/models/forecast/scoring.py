"""Scores for probability forecasts of rare events, with case weights so one code path serves the
point estimates and the bootstrap.

Every score takes outcomes ``y`` (0/1), forecasts ``p`` (probabilities) and optional weights ``w``
of shape ``(n,)`` or ``(B, n)`` (B bootstrap replicates at once; a row of counts of how often each
case was drawn). Ties are handled as scikit-learn does: a threshold sits between distinct forecast
values only, so a constant forecast has AUPR = prevalence and ROC-AUC = 0.5.

- AUPR (average precision): ``sum_n (R_n - R_{n-1}) P_n`` over the distinct thresholds, highest
  first (scikit-learn's ``average_precision_score``).
- ROC-AUC: area under the ROC curve with ties counted as half (trapezoids between thresholds).
- Brier score ``mean((p - y)^2)`` and Murphy's (1973) decomposition ``REL - RES + UNC`` over
  forecast bins; the remainder (within-bin variance of the forecasts) is reported, not hidden.
- Log loss ``-mean(y log p + (1 - y) log(1 - p))`` with ``p`` clipped to [1e-15, 1 - 1e-15].
- Precision at top k per year: among the k highest forecasts of a year, the share of positives;
  forecasts tied at the cut count with the expected precision of a random tie-break.
"""

from __future__ import annotations

from typing import Any

import numpy as np

EPS = 1e-15


def _prep(y: Any, p: Any, w: Any | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arrays sorted by forecast, highest first; weights as (B, n) (B = 1 without weights)."""
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    if y.shape != p.shape or y.ndim != 1:
        raise ValueError("y and p must be one-dimensional and of the same length")
    w = np.ones((1, len(y))) if w is None else np.atleast_2d(np.asarray(w, dtype=float))
    order = np.argsort(-p, kind="stable")
    return y[order], p[order], w[:, order]


def _curve(y: np.ndarray, p: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted true and false positives at each distinct threshold, shape (B, thresholds)."""
    ends = np.r_[np.flatnonzero(np.diff(p)), len(p) - 1]
    tp = np.cumsum(w * y, axis=1)[:, ends]
    fp = np.cumsum(w * (1 - y), axis=1)[:, ends]
    return tp, fp


def average_precision(y: Any, p: Any, w: Any | None = None) -> np.ndarray | float:
    """AUPR as scikit-learn's ``average_precision_score``; an array for (B, n) weights.

    Hand-computed: y = [1, 0, 1, 0], p = [.9, .8, .7, .1]: thresholds give (recall, precision)
    (.5, 1), (.5, .5), (1, 2/3), (1, .5); AP = .5 * 1 + .5 * 2/3 = 5/6.

    >>> round(average_precision([1, 0, 1, 0], [.9, .8, .7, .1]), 6)
    0.833333
    """
    ys, ps, ws = _prep(y, p, w)
    tp, fp = _curve(ys, ps, ws)
    total = tp[:, -1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = tp / (tp + fp)
        recall = tp / total
    gain = np.diff(np.concatenate([np.zeros_like(recall[:, :1]), recall], axis=1), axis=1)
    ap = np.nansum(gain * precision, axis=1)
    ap[total[:, 0] == 0] = np.nan
    return float(ap[0]) if w is None or np.ndim(w) == 1 else ap


def roc_auc(y: Any, p: Any, w: Any | None = None) -> np.ndarray | float:
    """ROC-AUC with ties as half; an array for (B, n) weights.

    Hand-computed: y = [1, 0, 1, 0], p = [.9, .8, .7, .1]: of the 4 (positive, negative) pairs,
    .9 beats both negatives, .7 beats .1 but not .8, so AUC = 3/4.

    >>> roc_auc([1, 0, 1, 0], [.9, .8, .7, .1])
    0.75
    """
    ys, ps, ws = _prep(y, p, w)
    tp, fp = _curve(ys, ps, ws)
    pos, neg = tp[:, -1:], fp[:, -1:]
    tpr = np.concatenate([np.zeros_like(pos), tp], axis=1)
    fpr = np.concatenate([np.zeros_like(neg), fp], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        auc = np.sum(np.diff(fpr, axis=1) * (tpr[:, 1:] + tpr[:, :-1]) / 2, axis=1) / (pos * neg)[:, 0]
    return float(auc[0]) if w is None or np.ndim(w) == 1 else auc


def brier(y: Any, p: Any, w: Any | None = None) -> np.ndarray | float:
    """Mean squared difference of forecast and outcome (weighted).

    >>> brier([1, 0], [.8, .4])  # ((.2)^2 + (.4)^2) / 2
    0.1
    """
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    if w is None:
        return float(np.mean((p - y) ** 2))
    w = np.atleast_2d(np.asarray(w, dtype=float))
    return (w @ (p - y) ** 2) / w.sum(axis=1)


def log_loss(y: Any, p: Any, w: Any | None = None) -> np.ndarray | float:
    """Mean negative log-likelihood of the outcomes (forecasts clipped to [1e-15, 1 - 1e-15]).

    >>> round(log_loss([1, 0], [.5, .5]), 6)  # -ln(.5)
    0.693147
    """
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), EPS, 1 - EPS)
    loss = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    if w is None:
        return float(np.mean(loss))
    w = np.atleast_2d(np.asarray(w, dtype=float))
    return (w @ loss) / w.sum(axis=1)


def forecast_bins(p: Any, n_bins: int = 10) -> np.ndarray:
    """Bin index of each forecast: one bin per distinct value when there are at most ``n_bins``
    of them, else ``n_bins`` bins of about equal counts (rare events crowd near 0, so equal-width
    bins would put nearly every forecast in the first).

    >>> forecast_bins([.1, .1, .3, .3, .1]).tolist()
    [0, 0, 1, 1, 0]
    """
    p = np.asarray(p, dtype=float)
    values = np.unique(p)
    if len(values) <= n_bins:
        return np.searchsorted(values, p)
    edges = np.unique(np.quantile(p, np.linspace(0, 1, n_bins + 1)[1:-1]))
    return np.searchsorted(edges, p, side="right")


def murphy(y: Any, p: Any, n_bins: int = 10) -> dict[str, float]:
    """Brier score and Murphy's decomposition: reliability, resolution, uncertainty, remainder.

    ``REL = sum_k n_k (f_k - o_k)^2 / N``, ``RES = sum_k n_k (o_k - o)^2 / N``, ``UNC = o (1 - o)``
    with f_k and o_k the mean forecast and outcome of bin k and o the overall outcome rate;
    ``brier = REL - RES + UNC + remainder`` (remainder 0 when each bin holds one forecast value).

    Hand-computed: y = [1, 0, 0, 1], p = [.8, .8, .2, .2]: bins .8 (o = .5) and .2 (o = .5):
    REL = (2 * .09 + 2 * .09) / 4 = .09, RES = 0, UNC = .25, Brier = (.04 + .64 + .04 + .64) / 4 = .34.

    >>> {k: round(v, 6) for k, v in murphy([1, 0, 0, 1], [.8, .8, .2, .2]).items()}
    {'brier': 0.34, 'reliability': 0.09, 'resolution': 0.0, 'uncertainty': 0.25, 'remainder': 0.0}
    """
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    b = forecast_bins(p, n_bins)
    n_k = np.bincount(b).astype(float)
    keep = n_k > 0
    f_k = np.bincount(b, weights=p)[keep] / n_k[keep]
    o_k = np.bincount(b, weights=y)[keep] / n_k[keep]
    n_k = n_k[keep]
    o = y.mean()
    rel = float(np.sum(n_k * (f_k - o_k) ** 2) / len(y))
    res = float(np.sum(n_k * (o_k - o) ** 2) / len(y))
    unc = float(o * (1 - o))
    bs = brier(y, p)
    return {"brier": bs, "reliability": rel, "resolution": res, "uncertainty": unc,
            "remainder": bs - (rel - res + unc)}  # fmt: skip


def calibration_curve(y: Any, p: Any, n_bins: int = 10) -> list[dict[str, float]]:
    """Mean forecast, observed rate and count per forecast bin (:func:`forecast_bins`).

    >>> calibration_curve([1, 0, 0, 1], [.8, .8, .2, .2])
    [{'forecast': 0.2, 'observed': 0.5, 'n': 2}, {'forecast': 0.8, 'observed': 0.5, 'n': 2}]
    """
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    b = forecast_bins(p, n_bins)
    n_k = np.bincount(b)
    f_k = np.bincount(b, weights=p)
    o_k = np.bincount(b, weights=y)
    return [
        {"forecast": float(f / n), "observed": float(o / n), "n": int(n)}
        for f, o, n in zip(f_k, o_k, n_k, strict=True)
        if n > 0
    ]


def precision_at_k(y: Any, p: Any, groups: Any, k: int = 10) -> float:
    """Mean over groups (years) of the share of positives among the ``k`` highest forecasts.

    Forecasts tied at the cut enter with their group's positive share (the expected precision of a
    random tie-break), so a constant forecast scores the prevalence. Groups with fewer than ``k``
    cases use all of them.

    Hand-computed, k = 2: year 1: y = [1, 0, 1], p = [.9, .5, .4] -> top 2 hold one positive,
    1/2; year 2: y = [0, 1, 0], p = [.3, .3, .3] -> all tied, 2 * (1/3) / 2 = 1/3; mean 5/12.

    >>> round(precision_at_k([1, 0, 1, 0, 1, 0], [.9, .5, .4, .3, .3, .3], [1, 1, 1, 2, 2, 2], 2), 6)
    0.416667
    """
    y, p, g = np.asarray(y, dtype=float), np.asarray(p, dtype=float), np.asarray(groups)
    order = np.lexsort((-p, g))
    y, p, g = y[order], p[order], g[order]
    starts = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
    ends = np.r_[starts[1:], len(g)]
    out = []
    for s, e in zip(starts, ends, strict=True):  # one pass per year (tens of groups), not per row
        ys, ps = y[s:e], p[s:e]
        kk = min(k, len(ys))
        cut = ps[kk - 1]
        above = ps > cut
        tied = ps == cut
        n_above = int(above.sum())
        hits = ys[above].sum() + (kk - n_above) * ys[tied].mean()
        out.append(hits / kk)
    return float(np.mean(out)) if out else float("nan")


def bootstrap_weights(clusters: Any, n_boot: int, seed: int) -> np.ndarray:
    """(n_boot, n) case weights from resampling clusters (e.g. dyads) with replacement.

    Each replicate draws as many clusters as there are, uniformly with replacement; a case's
    weight is how often its cluster was drawn.

    >>> w = bootstrap_weights([5, 5, 7], n_boot=3, seed=0)
    >>> w.shape, bool((w[:, 0] == w[:, 1]).all())  # cases of one cluster move together
    ((3, 3), True)
    """
    _, index = np.unique(np.asarray(clusters), return_inverse=True)
    m = int(index.max()) + 1 if len(index) else 0
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(m, np.full(m, 1 / m), size=n_boot) if m else np.zeros((n_boot, 0))
    return counts[:, index].astype(float)


SCORES = {"aupr": average_precision, "roc_auc": roc_auc, "brier": brier, "log_loss": log_loss}
#: Scores where higher is better (the others are losses).
HIGHER_IS_BETTER = {"aupr": True, "roc_auc": True, "brier": False, "log_loss": False}


def difference_intervals(
    y: Any,
    model: Any,
    baseline: Any,
    clusters: Any,
    n_boot: int = 200,
    seed: int = 0,
    level: float = 0.95,
    batch: int = 50,
) -> dict[str, dict[str, float]]:
    """Model minus baseline for each score, with a cluster-bootstrap percentile interval.

    Both forecasts are scored on the same resampled cases in each replicate.

    >>> d = difference_intervals([1, 0, 1, 0], [.9, .1, .8, .2], [.5] * 4, [1, 2, 3, 4], n_boot=20)
    >>> d["aupr"]["difference"]
    0.5
    """
    y = np.asarray(y, dtype=float)
    out: dict[str, dict[str, float]] = {}
    draws: dict[str, list[np.ndarray]] = {name: [] for name in SCORES}
    rng_seed = seed
    for start in range(0, n_boot, batch):
        w = bootstrap_weights(clusters, min(batch, n_boot - start), rng_seed + start)
        for name, fn in SCORES.items():
            draws[name].append(np.asarray(fn(y, model, w)) - np.asarray(fn(y, baseline, w)))
    alpha = (1 - level) / 2
    for name, fn in SCORES.items():
        d = np.concatenate(draws[name]) if draws[name] else np.array([])
        d = d[np.isfinite(d)]
        point = float(fn(y, model) - fn(y, baseline))
        lo, hi = np.quantile(d, [alpha, 1 - alpha]).tolist() if len(d) else [np.nan, np.nan]
        out[name] = {"difference": point, "low": float(lo), "high": float(hi)}
    return out


def score_all(y: Any, p: Any, years: Any, k: int = 10, n_bins: int = 10) -> dict[str, Any]:
    """Every score of one forecast: counts, AUPR, ROC-AUC, Brier with its decomposition, log loss,
    precision at top k per year, and the calibration curve.

    >>> s = score_all([1, 0, 1, 0], [.9, .8, .7, .1], [2000, 2000, 2001, 2001], k=1)
    >>> s["n"], s["positives"], s["precision_at_k"]
    (4, 2, 1.0)
    """
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    out: dict[str, Any] = {"n": int(len(y)), "positives": int(y.sum()),
                           "prevalence": float(y.mean()) if len(y) else float("nan")}  # fmt: skip
    if len(y) == 0 or y.sum() == 0 or y.sum() == len(y):
        return out
    out["aupr"] = average_precision(y, p)
    out["roc_auc"] = roc_auc(y, p)
    out.update(murphy(y, p, n_bins))
    out["log_loss"] = log_loss(y, p)
    out["precision_at_k"] = precision_at_k(y, p, years, k)
    out["k"] = k
    out["calibration"] = calibration_curve(y, p, n_bins)
    return out
