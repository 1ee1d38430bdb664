"""The defence-diplomacy composite: a weighted mean of scaled ties over the components observed.

Pure functions on arrays (no I/O). Each component is already scaled to [0, 1] (see
``steps/defence_diplomacy.py`` and docs/defence_diplomacy.md); a missing component (NaN) is left
out of the mean and lowers ``coverage`` (the share of the total weight observed), never counted
as 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import InputError


def composite(
    components: Mapping[str, np.ndarray | pd.Series], weights: Mapping[str, float]
) -> tuple[np.ndarray, np.ndarray]:
    """(index, coverage): the weighted mean of the observed components and the weight share seen.

    The index is NaN where no component is observed.

    >>> idx, cov = composite({"a": np.array([1.0, np.nan]), "b": np.array([0.0, 0.5])},
    ...                      {"a": 1.0, "b": 1.0})
    >>> idx.tolist(), cov.tolist()
    ([0.5, 0.5], [1.0, 0.5])
    """
    names = list(weights)
    values = np.column_stack([np.asarray(components[n], dtype=float) for n in names])
    w = np.array([weights[n] for n in names], dtype=float)
    seen = ~np.isnan(values)
    got = (seen * w).sum(axis=1)
    total = np.where(seen, values, 0.0) @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(got > 0, total / got, np.nan)
    return index, got / w.sum()


def leave_one_out(
    frame: pd.DataFrame, weights: Mapping[str, float], min_coverage: float = 0.0
) -> pd.DataFrame:
    """How rankings move when one component is left out: one row per component.

    ``frame`` holds one column per component (scaled to [0, 1], NaN when missing). For each
    component the index is recomputed without it (the other weights unchanged) and compared with
    the full index over the rows where both exist and the full coverage is at least
    ``min_coverage``: ``spearman`` (rank correlation), ``top100_kept`` (share of the full
    index's 100 highest rows still among the 100 highest) and ``rows``.

    >>> f = pd.DataFrame({"a": [0.0, 0.5, 1.0, 0.2], "b": [0.1, 0.4, 0.9, 0.3]})
    >>> leave_one_out(f, {"a": 1.0, "b": 1.0}).spearman.round(2).tolist()
    [1.0, 1.0]
    """
    full, coverage = composite({k: frame[k] for k in weights}, weights)
    rows = []
    for left in weights:
        rest = {k: v for k, v in weights.items() if k != left}
        without, _ = composite({k: frame[k] for k in rest}, rest)
        ok = ~np.isnan(full) & ~np.isnan(without) & (coverage >= min_coverage)
        a, b = full[ok], without[ok]
        rho = spearman(a, b) if ok.sum() > 2 else float("nan")
        n = min(100, int(ok.sum()))
        top_a = set(np.argsort(-a, kind="stable")[:n])
        top_b = set(np.argsort(-b, kind="stable")[:n])
        kept = len(top_a & top_b) / n if n else float("nan")
        rows.append({"left_out": left, "spearman": rho, "top100_kept": kept, "rows": int(ok.sum())})
    return pd.DataFrame(rows)


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation: Pearson's on average ranks (ties share their mean rank).

    >>> round(spearman(np.array([1.0, 2.0, 3.0, 3.0]), np.array([10.0, 20.0, 25.0, 40.0])), 4)
    0.9487
    """
    ra = pd.Series(a).rank().to_numpy()
    rb = pd.Series(b).rank().to_numpy()
    if ra.std() == 0 or rb.std() == 0:
        return float("nan")
    return float(np.corrcoef(ra, rb)[0, 1])


def check_weights(weights: Mapping[str, float], known: Sequence[str]) -> dict[str, float]:
    """Validate component weights (known names, non-negative, some positive); return a copy.

    >>> check_weights({"a": 1, "b": 0.5}, ["a", "b", "c"])
    {'a': 1.0, 'b': 0.5}
    """
    bad = [k for k in weights if k not in known]
    if bad:
        raise InputError(f"defence_diplomacy: unknown component(s) {bad}; choose from {list(known)}")
    out = {k: float(v) for k, v in weights.items()}
    if any(v < 0 for v in out.values()) or not any(v > 0 for v in out.values()):
        raise InputError("defence_diplomacy: weights must be non-negative and not all zero")
    return out
