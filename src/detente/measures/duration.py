"""Duration-dependence terms for binary time-series cross-section models of conflict onset.

``cubic``: t, t², t³ (Carter & Signorino 2010). ``splines``: a restricted (natural) cubic spline
basis in t (Harrell 2001; the natural-spline idea of Beck, Katz & Tucker 1998): with knots
k1 < ... < kK it gives K-2 terms, each linear beyond the last knot, normalised by (kK - k1)².
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import InputError

DEFAULT_KNOTS = (1, 4, 7, 10, 15)


#: Knots are peace years: finite and within a range no state system reaches.
KNOT_RANGE = (-1000.0, 1000.0)


def check_knots(knots: Sequence[float]) -> list[float]:
    """Knots must be at least three strictly increasing finite numbers between -1000 and 1000.

    >>> check_knots(["1", 4, 7.5])
    [1.0, 4.0, 7.5]
    """
    try:
        ks = [float(k) for k in knots]
    except (TypeError, ValueError):
        raise InputError(f"spline knots {list(knots)}: every knot must be a number") from None
    lo, hi = KNOT_RANGE
    if not all(lo <= k <= hi for k in ks):  # also false for nan
        raise InputError(
            f"spline knots {list(knots)}: every knot must be a finite number from {lo:g} to {hi:g}"
        )
    if len(ks) < 3 or any(b <= a for a, b in zip(ks, ks[1:], strict=False)):
        raise InputError(f"spline knots {list(knots)}: need at least three strictly increasing values")
    return ks


def spline_terms_sql(t: str, knots: Sequence[float]) -> list[str]:
    """SQL expressions for the K-2 restricted cubic spline terms of column ``t`` (null stays null)."""
    ks = check_knots(knots)
    last, prev, norm = ks[-1], ks[-2], (ks[-1] - ks[0]) ** 2

    def cube(k: float) -> str:
        return f"power(greatest({t} - {k}, 0), 3)"

    return [
        f"CASE WHEN {t} IS NOT NULL THEN ({cube(k)} - {cube(prev)} * {(last - k) / (last - prev)!r}"
        f" + {cube(last)} * {(prev - k) / (last - prev)!r}) / {norm!r} END"
        for k in ks[:-2]
    ]


def spline_terms(t: np.ndarray, knots: Sequence[float]) -> np.ndarray:
    """The same basis in NumPy (rows = t values, columns = terms), for checking and plotting.

    >>> spline_terms(np.array([0.0, 4.0, 20.0]), (1, 4, 7)).round(4).tolist()
    [[0.0], [0.75], [24.0]]
    """
    ks = check_knots(knots)
    last, prev, norm = ks[-1], ks[-2], (ks[-1] - ks[0]) ** 2
    t = np.asarray(t, dtype=float)[:, None]
    k = np.array(ks[:-2])[None, :]

    def cube(x: np.ndarray) -> np.ndarray:
        return np.maximum(t - x, 0) ** 3

    return (
        cube(k) - cube(prev) * (last - k) / (last - prev) + cube(last) * (prev - k) / (last - prev)
    ) / norm
