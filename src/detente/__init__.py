"""detente: measure, monitor and model the military's role in diplomatic relations.

>>> import detente
>>> detente.configure(mirror="../shared/data")  # doctest: +SKIP
>>> panel = detente.dyad_years("cow", years=(1946, 2016)).add_alliances()  # doctest: +SKIP
>>> df = panel.to_pandas()  # doctest: +SKIP
"""

__version__ = "0.1.0"

from . import steps as _steps  # noqa: E402
from .cite import cite  # noqa: E402
from .codes import to_cow, to_cow_sql, unmatched  # noqa: E402
from .fetch import fetch  # noqa: E402
from .measures.crisis_escalation import crisis_outcomes  # noqa: E402
from .measures.dispute_escalation import dispute_escalation  # noqa: E402
from .models.deterrence import deterrence_cases  # noqa: E402
from .panel import Panel  # noqa: E402
from .raw import table  # noqa: E402
from .registry import all_sources as sources  # noqa: E402
from .registry import get_source  # noqa: E402
from .steps import _discover  # noqa: E402, F401  (registers every step)
from .steps.alliance_network import alliance_network, shortest_alliance_path  # noqa: E402
from .steps.peacekeeping import peacekeeping_missions  # noqa: E402
from .steps.spending import burden_sharing  # noqa: E402
from .universe import dyad_years, state_years  # noqa: E402
from .warehouse import Warehouse, configure  # noqa: E402

__all__ = [
    "Panel",
    "Warehouse",
    "alliance_network",
    "burden_sharing",
    "cite",
    "configure",
    "crisis_outcomes",
    "deterrence_cases",
    "dispute_escalation",
    "dyad_years",
    "fetch",
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
