"""Bueno de Mesquita's expected utility of conflict for every ordered pair of states at once.

Inputs for one year: capabilities ``c`` (n,) (CINC) and a similarity matrix ``U`` (n, n) of
alliance portfolios (tau-b or S; ``U[i, i] = 1``), read as ``U[k, i]`` = k's utility for i's
policy. Every formula is vectorised over pairs (and third states), with no loop over dyads.
Sources and the parts left out are in docs/expected_utility.md.

- War Trap (Bueno de Mesquita 1981): bilateral ``P_i (U_ii - U_ij) + (1 - P_i)(U_ij - U_ii)``
  with ``P_i = c_i / (c_i + c_j)``, plus for each third state k
  ``c_k / (c_i + c_j + c_k) * (U_ki - U_kj)``: k's capability share in the three-way contest,
  signed and scaled by how much k prefers i's policy to j's.
- Risk-adjusted utilities (Bueno de Mesquita 1985): ``U_i(SQ) = 2 - 4 (1/2)^r``,
  ``U_i(Δ_i) = 2 - 4 ((2 - (U_ii - U_ij)) / 4)^r`` (i's policy prevails),
  ``U_i(Δ_j) = 2 - 4 ((2 - (U_ij - U_ii)) / 4)^r`` (j's prevails), with
  ``r = (1 - R/3) / (1 + R/3)`` for risk attitude R in [-1, 1] (R = 0 gives r = 1).
- War and Reason (Bueno de Mesquita & Lalman 1992): probability that i prevails
  ``P_i = sum_{k: U_ki > U_kj} c_k (U_ki - U_kj) / sum_k c_k |U_ki - U_kj|`` over every state k
  (i and j included), and the utility of a negotiated settlement
  ``U_i(N) = P_i U_i(Δ_i) + (1 - P_i) U_i(Δ_j)``.
"""

from __future__ import annotations

import numpy as np


def risk_exponent(risk: float | np.ndarray) -> np.ndarray:
    """``r = (1 - R/3) / (1 + R/3)``: 0.5 for the most risk-acceptant (R = 1), 2 for the most
    risk-averse (R = -1), 1 for risk neutrality (Bueno de Mesquita 1985).

    >>> risk_exponent(np.array([-1.0, 0.0, 1.0])).round(12).tolist()
    [2.0, 1.0, 0.5]
    """
    r = np.asarray(risk, dtype=float)
    return (1 - r / 3) / (1 + r / 3)


def war_trap(c: np.ndarray, u: np.ndarray) -> dict[str, np.ndarray]:
    """War Trap (1981) expected utility of i challenging j, (n, n) arrays.

    Returns ``bilateral``, ``multilateral`` (the third states' sum) and ``eu`` (their sum);
    the diagonal is NaN. A pair with unknown capability or similarity is NaN; a third state
    with unknown values adds nothing.

    Hand-computed, three states with c = (.5, .3, .2) and U_12 = 0, U_13 = .5, U_23 = -.5:
    bilateral(1, 2) = (2 * .5 / .8 - 1) * (1 - 0) = .25; third state 3 adds
    .2 / 1.0 * (U_31 - U_32) = .2 * (.5 - (-.5)) = .2; EU = .45.

    >>> u = np.array([[1, 0, .5], [0, 1, -.5], [.5, -.5, 1]])
    >>> out = war_trap(np.array([.5, .3, .2]), u)
    >>> round(float(out["bilateral"][0, 1]), 6), round(float(out["eu"][0, 1]), 6)
    (0.25, 0.45)
    """
    c = np.asarray(c, dtype=float)
    u = np.asarray(u, dtype=float)
    pi = c[:, None] / (c[:, None] + c[None, :])
    bilateral = (2 * pi - 1) * (np.diagonal(u)[:, None] - u)
    # third states, one k at a time (n^2 work each, no n^3 temporaries):
    # c_k / (c_i + c_j + c_k) * (U_ki - U_kj), with k = i (row k) and k = j (column k) left out
    pair = c[:, None] + c[None, :]
    multilateral = np.zeros_like(u)
    for k in np.flatnonzero(np.isfinite(c) & (c > 0)):
        with np.errstate(invalid="ignore"):
            term = np.nan_to_num(c[k] / (pair + c[k]) * (u[k][:, None] - u[k][None, :]))
        term[k, :] = 0
        term[:, k] = 0
        multilateral += term
    multilateral[np.isnan(bilateral)] = np.nan
    eu = bilateral + multilateral
    for a in (bilateral, multilateral, eu):
        np.fill_diagonal(a, np.nan)
    return {"bilateral": bilateral, "multilateral": multilateral, "eu": eu}


def war_and_reason_probability(c: np.ndarray, u: np.ndarray) -> np.ndarray:
    """War and Reason (1992) probability that i prevails against j, (n, n); 0.5 where no state
    prefers either side, NaN on the diagonal.

    Hand-computed with the three states above: for (1, 2), k = 1 adds .5 * (1 - 0) to i's side,
    k = 2 adds .3 * (0 - 1) to j's, k = 3 .2 * (.5 + .5) to i's: P = (.5 + .2) / (.5 + .3 + .2) = .7.

    >>> u = np.array([[1, 0, .5], [0, 1, -.5], [.5, -.5, 1]])
    >>> round(float(war_and_reason_probability(np.array([.5, .3, .2]), u)[0, 1]), 6)
    0.7
    """
    c = np.asarray(c, dtype=float)
    u = np.asarray(u, dtype=float)
    num = np.zeros_like(u)
    den = np.zeros_like(u)
    for k in np.flatnonzero(np.isfinite(c) & (c > 0)):  # one state at a time: n^2 work each
        d = np.nan_to_num(u[k][:, None] - u[k][None, :])  # U_ki - U_kj
        num += c[k] * np.clip(d, 0, None)
        den += c[k] * np.abs(d)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(den > 0, num / den, 0.5)
    missing = np.isnan(c)
    p[missing[:, None] | missing[None, :]] = np.nan
    p[np.isnan(u)] = np.nan
    np.fill_diagonal(p, np.nan)
    return p


def utilities(u: np.ndarray, r: float | np.ndarray = 1.0) -> dict[str, np.ndarray]:
    """Bueno de Mesquita's (1985) risk-adjusted utilities of i for the outcomes with j, (n, n).

    ``sq`` status quo, ``win`` i's policy prevails (Δ_i), ``lose`` j's prevails (Δ_j); ``r`` is
    i's risk exponent (scalar or (n,), see :func:`risk_exponent`).

    Hand-computed, r = 1, U_ij = 0: sq = 2 - 4 * .5 = 0, win = 2 - 4 * (1/4) = 1,
    lose = 2 - 4 * (3/4) = -1.

    >>> {k: float(v[0, 1]) for k, v in utilities(np.array([[1.0, 0.0], [0.0, 1.0]])).items()}
    {'sq': 0.0, 'win': 1.0, 'lose': -1.0}
    """
    u = np.asarray(u, dtype=float)
    r = np.broadcast_to(np.asarray(r, dtype=float), (u.shape[0],))[:, None]
    gap = np.diagonal(u)[:, None] - u  # U_ii - U_ij
    sq = np.broadcast_to(2 - 4 * 0.5**r, u.shape).copy()
    win = 2 - 4 * ((2 - gap) / 4) ** r
    lose = 2 - 4 * ((2 + gap) / 4) ** r
    return {"sq": sq, "win": win, "lose": lose}
