"""Forecast targets: which event's onset, on which unit, read from which panel step.

A target is the onset of an event in year t (1 if it began that year, 0 if not, null outside
the event data's years). On directed dyad-years the MID targets are *initiations*: the dispute
that began for the dyad has state 1 on side A as an originator (``sidea1 = 1`` and
``orig1 = 1``, of the dispute the mids step keeps, onsets first); ICB crises and UCDP conflicts
have no initiator in those files, so their directed target is the (symmetric) onset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import InputError
from ...panel import DYAD_YEAR, STATE_YEAR
from ...registry import get_source


@dataclass(frozen=True)
class Target:
    """An event whose onset is forecast: the step that adds it and its column per unit."""

    name: str
    label: str
    source: str
    step: str
    params: dict[str, Any] = field(default_factory=dict)
    dyad_onset: str = ""
    state_onset: str = ""  # SQL over the state-year columns giving 0/1
    peace_event: str = ""  # the peace_years event counting years since this onset

    @property
    def years(self) -> tuple[int, int]:
        """The event data's years (the target is null outside them)."""
        lo, hi = get_source(self.source).years
        return int(lo), int(hi)

    def column_sql(self, unit: str, directed: bool | None) -> str:
        """SQL expression (over the panel's columns) for the 0/1 target."""
        if unit == STATE_YEAR:
            return self.state_onset
        if directed and self.name in ("gmlmid", "cowmid"):
            return (f"CASE WHEN {self.dyad_onset} IS NULL THEN NULL "
                    f"ELSE ({self.dyad_onset} = 1 AND sidea1 = 1 AND orig1 = 1)::INT END")  # fmt: skip
        return self.dyad_onset


TARGETS = {
    "gmlmid": Target("gmlmid", "GML MID onset", "gml-mid-2.2", "mids", {"source": "gml"},
                     "gmlmidonset", "gmlmidonset", "gmlmid"),
    "cowmid": Target("cowmid", "COW MID onset", "cow-mid-5.0", "mids", {"source": "cow"},
                     "cowmidonset", "cowmidonset", "cowmid"),
    "icb": Target("icb", "ICB crisis onset", "icb-15", "crises", {}, "icb_onset",
                  "(icb_onsets > 0)::INT", "icb"),
    "ucdp": Target("ucdp", "UCDP/PRIO armed-conflict onset", "ucdp-acd", "armed_conflicts", {},
                   "ucdponset", "ucdponset", "ucdp"),
}  # fmt: skip


def get_target(name: str) -> Target:
    """The target called ``name`` or a one-line error listing the known ones.

    >>> get_target("gmlmid").years
    (1816, 2010)
    """
    if name not in TARGETS:
        raise InputError(f"forecast: unknown target {name!r}; choose from {sorted(TARGETS)}")
    return TARGETS[name]


def check_unit(unit: str) -> str:
    """Accept ``dyad-years``/``state-years`` (CLI) or the panel unit names."""
    units = {"dyad-years": DYAD_YEAR, "state-years": STATE_YEAR, DYAD_YEAR: DYAD_YEAR,
             STATE_YEAR: STATE_YEAR}  # fmt: skip
    if unit not in units:
        raise InputError(f"forecast: unknown unit {unit!r}; choose dyad-years or state-years")
    return units[unit]
