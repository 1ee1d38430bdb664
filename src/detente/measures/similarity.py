"""Foreign-policy similarity of every pair of states at once: S, Cohen's kappa, Scott's pi, tau-b.

A *portfolio* is a state's row of ordinal codes ``0 .. k-1`` over the same dimensions (the other
states of the system for alliances, the roll calls of a year for UN votes); a negative code means
"not observed" and drops that dimension for every pair the state is in. All measures come from
one array of pairwise contingency tables ``T[a, i, b, j]`` = (weighted) number of dimensions on
which state ``i`` has code ``a`` and state ``j`` code ``b``, built with one matrix product of the
stacked code indicators, ``(k n, m) @ (m, k n)`` (:func:`pair_tables`), so a year of ~200 states
costs milliseconds and no Python loop runs over dyads. Distances are between codes: ``|a - b|``
(absolute) or ``(a - b)**2`` (squared); their maximum is that of the scale, ``k - 1`` or
``(k - 1)**2``, not the largest one observed.

- **S** (Signorino & Ritter 1999): ``1 - 2 * sum_ab T_ab d(a, b) / (sum_ab T_ab * d_max)``,
  in [-1, 1]; with weights (e.g. CINC of each dimension's state) ``T`` is weighted and the sum of
  weights of the shared dimensions is the denominator, so weights need not sum to 1.
- **Cohen's kappa** and **Scott's pi** (Häge 2011, after Cohen 1968 and Scott 1955): ``1 - D_o /
  D_e`` with ``D_o`` the observed mean distance and ``D_e`` the mean distance expected by chance:
  from each state's own distribution of codes (kappa) or from their pooled distribution (pi).
  Both are 1 for identical portfolios and 0 at chance agreement; undefined (NaN) when ``D_e`` is 0
  (both portfolios constant at the same code).
- **tau-b** (Kendall; Bueno de Mesquita 1975): rank correlation of the two portfolios from the
  same table, ``(P - Q) / sqrt((N0 - N1) (N0 - N2))``; NaN when either portfolio is constant.

Regional versions restrict, for the pair (i, j), the dimensions to those whose group (region) is
the group of i or of j (:func:`pair_tables` with ``groups``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

DISTANCES = ("absolute", "squared")


def distance_matrix(k: int, distance: str = "absolute") -> np.ndarray:
    """The k x k distances between codes 0 .. k-1 (``|a - b|`` or ``(a - b)**2``).

    >>> distance_matrix(3, "squared").tolist()
    [[0.0, 1.0, 4.0], [1.0, 0.0, 1.0], [4.0, 1.0, 0.0]]
    """
    if distance not in DISTANCES:
        raise ValueError(f"distance must be one of {DISTANCES}, not {distance!r}")
    codes = np.arange(k, dtype=float)
    gap = np.abs(codes[:, None] - codes[None, :])
    return gap if distance == "absolute" else gap**2


def pair_tables(
    portfolios: np.ndarray,
    k: int,
    weights: np.ndarray | None = None,
    groups: np.ndarray | None = None,
    row_groups: np.ndarray | None = None,
) -> np.ndarray:
    """Contingency tables ``T[a, i, b, j]`` of every pair of portfolios, shape (k, n, k, n).

    ``portfolios`` is (n states, m dimensions) of codes 0 .. k-1, negative for not observed;
    ``weights`` (m,) weights the dimensions; ``groups`` (m,) labels each dimension's region and
    ``row_groups`` (n,) each state's: pair (i, j) then counts only dimensions in i's or j's region.
    Unweighted counts are multiplied in float32 (exact for integers below 2**24, twice as fast).
    """
    x = np.asarray(portfolios)
    n, m = x.shape
    w = np.ones(m) if weights is None else np.nan_to_num(np.asarray(weights, dtype=float))
    ind = np.stack([(x == a) for a in range(k)])  # (k, n, m) booleans
    kind = np.float32 if weights is None else np.float64
    right = ind.reshape(k * n, m).astype(kind)

    def counts(wd: np.ndarray) -> np.ndarray:
        left = (ind * wd).reshape(k * n, m).astype(kind)
        return (left @ right.T).reshape(k, n, k, n).astype(np.float64)

    if groups is None:
        return counts(w)
    if row_groups is None:
        raise ValueError("regional tables need row_groups (each state's region) with groups")
    groups, row_groups = np.asarray(groups), np.asarray(row_groups)
    out = np.zeros((k, n, k, n))
    for g in np.unique(np.concatenate([groups, row_groups])):  # a handful of regions, not dyads
        in_g = row_groups == g
        out += counts(w * (groups == g)) * (in_g[:, None] | in_g[None, :])[None, :, None, :]
    return out


def s_score(tables: np.ndarray, distance: str = "absolute") -> np.ndarray:
    """Signorino-Ritter S of every pair from :func:`pair_tables` (NaN when nothing is shared)."""
    d = distance_matrix(tables.shape[0], distance)
    total = tables.sum(axis=(0, 2))
    observed = np.einsum("ab,aibj->ij", d, tables)
    with np.errstate(invalid="ignore", divide="ignore"):
        return 1.0 - 2.0 * observed / (total * d.max())


def _disagreement(tables: np.ndarray, distance: str, pooled: bool) -> tuple[np.ndarray, np.ndarray]:
    """Observed and chance-expected mean distance for kappa (own marginals) or pi (pooled)."""
    d = distance_matrix(tables.shape[0], distance)
    total = tables.sum(axis=(0, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = tables / total[None, :, None, :]
    p = share.sum(axis=2)  # (k, n, n): share of code a in state i's portfolio (shared dimensions)
    q = share.sum(axis=0).transpose(1, 0, 2)  # (k, n, n): share of code b in state j's
    if pooled:
        p = q = (p + q) / 2
    observed = np.einsum("ab,aibj->ij", d, share)
    expected = np.einsum("ab,aij,bij->ij", d, p, q)
    return observed, expected


def cohen_kappa(tables: np.ndarray, distance: str = "absolute") -> np.ndarray:
    """Cohen's weighted kappa of every pair: 1 - observed / expected distance (own marginals)."""
    observed, expected = _disagreement(tables, distance, pooled=False)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(expected > 0, 1.0 - observed / expected, np.nan)


def scott_pi(tables: np.ndarray, distance: str = "absolute") -> np.ndarray:
    """Scott's pi of every pair: 1 - observed / expected distance (pooled marginals)."""
    observed, expected = _disagreement(tables, distance, pooled=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(expected > 0, 1.0 - observed / expected, np.nan)


def tau_b(tables: np.ndarray) -> np.ndarray:
    """Kendall's tau-b of every pair from (unweighted) contingency tables; NaN if a row is constant."""
    t = tables
    k = t.shape[0]
    # later[a] = sum of t[a'] over a' > a; after[a, :, b] adds later[a, :, b'] over b' > b
    # (concordant partners), before over b' < b (discordant): sums over codes, never over dyads
    later = np.zeros_like(t)
    for a in range(k - 2, -1, -1):
        later[a] = later[a + 1] + t[a + 1]
    after, before = np.zeros_like(t), np.zeros_like(t)
    for b in range(k - 2, -1, -1):
        after[:, :, b] = after[:, :, b + 1] + later[:, :, b + 1]
    for b in range(1, k):
        before[:, :, b] = before[:, :, b - 1] + later[:, :, b - 1]
    concordant = (t * after).sum(axis=(0, 2))
    discordant = (t * before).sum(axis=(0, 2))
    n = t.sum(axis=(0, 2))
    rows, cols = t.sum(axis=2), t.sum(axis=0)  # (k, n, n) codes of i; (n, k, n) codes of j
    pairs = n * (n - 1) / 2
    tied_x = (rows * (rows - 1) / 2).sum(axis=0)
    tied_y = (cols * (cols - 1) / 2).sum(axis=1)
    denominator = np.sqrt((pairs - tied_x) * (pairs - tied_y))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, (concordant - discordant) / denominator, np.nan)


def similarity(
    x: Sequence[float],
    y: Sequence[float],
    k: int,
    measure: str = "s",
    distance: str = "absolute",
    weights: Sequence[float] | None = None,
) -> float:
    """One measure ("s", "kappa", "pi" or "tau_b") for two portfolios coded 0 .. k-1.

    Two states each allied (3) only with themselves, among four states: distances 3 + 3 of at
    most 4 * 3, so S = 1 - 2 * 6 / 12:

    >>> similarity([3, 0, 0, 0], [0, 3, 0, 0], k=4)
    0.0
    """
    pair = np.array([x, y])
    tables = pair_tables(pair, k, None if weights is None else np.asarray(weights, dtype=float))
    if measure == "s":
        out = s_score(tables, distance)
    elif measure == "kappa":
        out = cohen_kappa(tables, distance)
    elif measure == "pi":
        out = scott_pi(tables, distance)
    elif measure == "tau_b":
        out = tau_b(tables)
    else:
        raise ValueError(f"unknown measure {measure!r}; choose s, kappa, pi or tau_b")
    return float(out[0, 1])
