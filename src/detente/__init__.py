"""detente: measure, monitor and model the military's role in diplomatic relations.

>>> import detente
>>> detente.configure(mirror="../shared/data")  # doctest: +SKIP
>>> panel = detente.dyad_years("cow", years=(1946, 2016)).add_alliances()  # doctest: +SKIP
>>> df = panel.to_pandas()  # doctest: +SKIP

The public names are imported on first use, so ``import detente``
loads neither DuckDB nor pandas, pyarrow or networkx until a function needs them.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from ._version import __version__

#: public name -> (module, attribute) it comes from
_PUBLIC = {
    "Panel": ("panel", "Panel"),
    "Warehouse": ("warehouse", "Warehouse"),
    "alliance_network": ("steps.alliance_network", "alliance_network"),
    "alliance_path": ("tables.alliances", "alliance_path"),
    "alliance_ties": ("tables.alliances", "alliance_ties"),
    "alliances_in_force": ("tables.alliances", "alliances_in_force"),
    "burden_sharing": ("tables.spending", "burden_sharing"),
    "cite": ("cite", "cite"),
    "configure": ("warehouse", "configure"),
    "confrontation_escalation": ("tables.confrontations", "confrontation_escalation"),
    "country_codes": ("tables.codes", "country_codes"),
    "crisis_outcomes": ("tables.crises", "crisis_outcomes"),
    "deterrence_cases": ("tables.deterrence", "deterrence_cases"),
    "dispute_escalation": ("tables.disputes", "dispute_escalation"),
    "dyad_years": ("universe", "dyad_years"),
    "exercise_matches": ("tables.exercises", "exercise_matches"),
    "exercise_participants": ("tables.exercises", "exercise_participants"),
    "fetch": ("fetch", "fetch"),
    "forecast": ("models.forecast", "forecast"),
    "get_source": ("registry", "get_source"),
    "peacekeeping_missions": ("tables.peacekeeping", "peacekeeping_missions"),
    "shortest_alliance_path": ("steps.alliance_network", "shortest_alliance_path"),
    "sources": ("registry", "all_sources"),
    "table": ("raw", "table"),
    "state_years": ("universe", "state_years"),
    "to_cow": ("codes", "to_cow"),
    "to_cow_sql": ("codes", "to_cow_sql"),
    "unmatched": ("codes", "unmatched"),
}

__all__ = [
    "Panel",
    "Warehouse",
    "__version__",
    "alliance_network",
    "alliance_path",
    "alliance_ties",
    "alliances_in_force",
    "burden_sharing",
    "cite",
    "configure",
    "confrontation_escalation",
    "country_codes",
    "crisis_outcomes",
    "deterrence_cases",
    "dispute_escalation",
    "exercise_matches",
    "exercise_participants",
    "dyad_years",
    "fetch",
    "forecast",
    "get_source",
    "peacekeeping_missions",
    "shortest_alliance_path",
    "sources",
    "state_years",
    "table",
    "to_cow",
    "to_cow_sql",
    "unmatched",
]

if TYPE_CHECKING:
    from .cite import cite
    from .codes import to_cow, to_cow_sql, unmatched
    from .fetch import fetch
    from .panel import Panel
    from .raw import table
    from .registry import all_sources as sources
    from .registry import get_source
    from .steps.alliance_network import alliance_network, shortest_alliance_path
    from .tables.alliances import alliance_path, alliance_ties, alliances_in_force
    from .tables.codes import country_codes
    from .tables.confrontations import confrontation_escalation
    from .tables.crises import crisis_outcomes
    from .tables.deterrence import deterrence_cases
    from .tables.disputes import dispute_escalation
    from .tables.exercises import exercise_matches, exercise_participants
    from .tables.peacekeeping import peacekeeping_missions
    from .tables.spending import burden_sharing
    from .universe import dyad_years, state_years
    from .warehouse import Warehouse, configure


class _Detente(types.ModuleType):
    """The package's module type: each public name is a property that imports its module.

    Properties, not a module ``__getattr__``, because three names (``cite``, ``fetch``,
    ``sources``) are also submodules: importing ``detente.fetch`` binds the submodule on the
    package, which must not hide the function. A module bound that way is ignored; any other
    value set on a public name (a test's monkeypatch) wins until it is replaced.
    """

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *_PUBLIC})


def _public(name: str) -> property:
    module, attr = _PUBLIC[name]

    def get(self: _Detente) -> Any:
        if name in _SET:
            return _SET[name]
        return getattr(importlib.import_module(f".{module}", __name__), attr)

    def set_(self: _Detente, value: Any) -> None:
        if not isinstance(value, types.ModuleType):
            _SET[name] = value

    return property(get, set_, doc=f"detente.{module}.{attr}")


_SET: dict[str, Any] = {}
for _name in _PUBLIC:
    setattr(_Detente, _name, _public(_name))
sys.modules[__name__].__class__ = _Detente
del _name
