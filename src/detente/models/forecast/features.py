"""Features for forecasting, built from the panel steps and lagged so the forecast year never leaks in.

Each feature group names the panel step it comes from and the columns it takes. For a forecast of
year t every feature is the step's value in year t - lag, with two derived columns:

- ``peace_years`` (with its square and cube, or spline terms): years since the event's last
  onset, counted to t from the step's values in t - lag (``lag`` if an onset happened in t - lag,
  else ``peaceyrs(t - lag) + lag``); this equals the peace_years step's own count in t - lag + 1 plus
  lag - 1 and uses no onset after t - lag;
- ``log_capratio``: ``ln(max(cinc1, cinc2) / min(cinc1, cinc2))`` from the capabilities step.

``history`` adds the target and the event's ongoing indicator in t - lag. The previous-year
baseline reads the lagged target; the peace-years baseline the peace-year terms; the capability
baseline ``log_capratio`` (``cinc`` for states) — these are always built, whatever the groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ...errors import InputError
from ...measures.duration import DEFAULT_KNOTS, spline_terms
from ...panel import DYAD_YEAR, STATE_YEAR, Panel
from .targets import Target


@dataclass(frozen=True)
class Group:
    """A feature group: the step (and parameters) it reads and its columns per unit."""

    step: str
    params: dict[str, Any]
    dyad: tuple[str, ...]
    state: tuple[str, ...]


GROUPS = {
    "capabilities": Group("capabilities", {}, ("cinc1", "cinc2", "cowmaj1", "cowmaj2", "capshare1"),
                          ("cinc", "cowmaj")),
    "contiguity": Group("contiguity", {}, ("conttype",), ("n_land", "n_contiguous")),
    "alliances": Group("alliances", {}, ("atop_defense", "atop_offense", "atop_neutral",
                                         "atop_nonagg", "atop_consul"),
                       ("atop_number", "atop_defense")),
    "similarity": Group("similarity", {"measures": ["s_unweighted", "tau_b"]},
                        ("atop_s_unweighted", "atop_tau_b"), ()),
    "oversight": Group("oversight", {"measures": ["polity2"]}, ("polity2_min", "polity2_max"),
                       ("polity2",)),
}  # fmt: skip
#: Peace-year terms: cubic (t, t², t³; Carter & Signorino 2010) or t and a restricted cubic
#: spline basis with the peace_years step's default knots 1, 4, 7, 10, 15 (Beck, Katz & Tucker 1998).
PEACE = {
    "cubic": ("peace_years", "peace_years2", "peace_years3"),
    "splines": ("peace_years", "peace_spline1", "peace_spline2", "peace_spline3"),
}
HISTORY = ("lag_target", "lag_ongoing")
DEFAULT_GROUPS = ("peace_years", "capabilities", "contiguity", "alliances", "similarity", "oversight",
                  "history")  # fmt: skip
ALL_GROUPS = (*DEFAULT_GROUPS,)


def check_groups(groups: Sequence[str] | None, unit: str) -> list[str]:
    """The chosen feature groups (default all that apply to the unit), or a one-line error.

    >>> check_groups(None, "state-year")
    ['peace_years', 'capabilities', 'contiguity', 'alliances', 'oversight', 'history']
    """
    chosen = list(groups) if groups else list(DEFAULT_GROUPS)
    bad = [g for g in chosen if g not in ALL_GROUPS]
    if bad:
        raise InputError(f"forecast: unknown feature group(s) {bad}; choose from {list(ALL_GROUPS)}")
    if unit == STATE_YEAR:
        chosen = [g for g in chosen if g not in GROUPS or GROUPS[g].state]
    return chosen


def check_duration(duration: str) -> str:
    """``cubic`` or ``splines``, else a one-line error."""
    if duration not in PEACE:
        raise InputError(f"forecast: duration must be one of {list(PEACE)}, not {duration!r}")
    return duration


def feature_columns(groups: Sequence[str], unit: str, duration: str = "cubic") -> list[str]:
    """Model input columns for these groups (peace-year terms as ``duration`` says).

    >>> feature_columns(["peace_years", "capabilities"], "dyad-year")[:4]
    ['peace_years', 'peace_years2', 'peace_years3', 'cinc1']
    """
    cols: list[str] = []
    for g in groups:
        if g == "peace_years":
            cols += PEACE[check_duration(duration)]
        elif g == "history":
            cols += HISTORY
        else:
            cols += GROUPS[g].dyad if unit == DYAD_YEAR else GROUPS[g].state
            if g == "capabilities" and unit == DYAD_YEAR:
                cols.append("log_capratio")
    return cols


def ongoing_sql(target: Target, unit: str) -> str:
    """SQL for the event's ongoing indicator (0/1) on the unit."""
    dyad = {"gmlmid": "gmlmidongoing", "cowmid": "cowmidongoing", "icb": "icb_crisis",
            "ucdp": "ucdpongoing"}  # fmt: skip
    state = {"gmlmid": "gmlmidongoing", "cowmid": "cowmidongoing", "icb": "(icb_crises > 0)::INT",
             "ucdp": "ucdpongoing"}  # fmt: skip
    return (dyad if unit == DYAD_YEAR else state)[target.name]


def add_steps(panel: Panel, target: Target, groups: Sequence[str]) -> Panel:
    """The panel with the target's step, the peace years and every step the groups read."""
    panel = panel.add(target.step, **target.params)
    panel = panel.add("peace_years", event=target.peace_event, duration="cubic")
    needed = {g for g in groups if g in GROUPS} | {"capabilities"}  # capability baseline
    for g in GROUPS:
        if g in needed and (panel.unit == DYAD_YEAR or GROUPS[g].state):
            panel = panel.add(GROUPS[g].step, **GROUPS[g].params)
    return panel


def lagged_frame(panel: Panel, target: Target, lag: int) -> pd.DataFrame:
    """One row per unit-year: keys, year, the target ``y`` in that year and every feature in
    year - lag (columns of :func:`feature_columns` for all groups, NaN where unknown)."""
    if lag < 1:
        raise InputError(f"forecast: lag must be at least 1 year, not {lag}")
    unit = panel.unit
    keys = list(panel.codes)
    raw = [c for g in GROUPS.values() for c in (g.dyad if unit == DYAD_YEAR else g.state)]
    ev = target.peace_event
    onset = target.dyad_onset if unit == DYAD_YEAR else target.state_onset
    rel = panel.relation()
    have = set(rel.columns)
    cols = [c for c in raw if c in have]
    select = ", ".join(
        [*keys, "year", f"({target.column_sql(unit, panel.directed)})::DOUBLE AS y",
         f"({ongoing_sql(target, unit)})::DOUBLE AS _ongoing", f"({onset})::DOUBLE AS _onset",
         f"{ev}_peaceyrs::DOUBLE AS _peaceyrs", *(f'"{c}"::DOUBLE AS "{c}"' for c in cols)]
    )  # fmt: skip
    frame = panel.wh.con.sql(f"SELECT {select} FROM ({rel.sql_query()})").df()
    feats = frame[[*keys, "year"]].copy()
    feats["year"] = feats["year"] + lag
    for c in cols:
        feats[c] = frame[c].to_numpy()
    peace = np.where(frame["_onset"].to_numpy() == 1, lag, frame["_peaceyrs"].to_numpy() + lag)
    feats["peace_years"] = peace
    feats["peace_years2"] = peace**2
    feats["peace_years3"] = peace**3
    splines = spline_terms(peace, DEFAULT_KNOTS)
    for i in range(splines.shape[1]):
        feats[f"peace_spline{i + 1}"] = splines[:, i]
    feats["lag_target"] = frame["y"].to_numpy()
    feats["lag_ongoing"] = frame["_ongoing"].to_numpy()
    if unit == DYAD_YEAR and {"cinc1", "cinc2"} <= have:
        hi = np.fmax(feats["cinc1"], feats["cinc2"])
        lo = np.fmin(feats["cinc1"], feats["cinc2"])
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.log(hi / lo)
        feats["log_capratio"] = np.where(np.isfinite(ratio), ratio, np.nan)
    out = frame[[*keys, "year", "y"]].merge(feats, on=[*keys, "year"], how="left")
    return out
