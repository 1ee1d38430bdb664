"""detente: measure, monitor and model the military's role in diplomatic relations.

>>> import detente
>>> detente.configure(mirror="../shared/data")  # doctest: +SKIP
>>> panel = detente.dyad_years("cow", years=(1946, 2016)).add_alliances()  # doctest: +SKIP
>>> df = panel.to_pandas()  # doctest: +SKIP
"""

from . import steps as _steps
from ._version import __version__
from .cite import cite
from .codes import to_cow, to_cow_sql, unmatched
from .fetch import fetch
from .models.forecast import forecast
from .panel import Panel
from .raw import table
from .registry import all_sources as sources
from .registry import get_source
from .steps import _discover  # noqa: F401  (registers every step)
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
del _steps
