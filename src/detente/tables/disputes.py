"""Escalation paths of militarized disputes as a verb (``detente dispute-escalation``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import pyarrow as pa

from ..measures import dispute_escalation as de
from ..params import Help, Years
from ..registry import get_source
from ..warehouse import Warehouse
from ._base import table
from ._filters import in_years, is_in, year_span

COLUMNS = {
    "dispnum": "COW MID dispute number",
    "start": "dispute start date",
    "end": "dispute end date",
    "hiact": "highest action (MID hiact)",
    "hostlev": "highest hostility level 1-5",
    "hostility": "hostlev as text",
    "reached_display": "1 if it reached a display of force",
    "reached_force": "1 if it reached a use of force",
    "reached_war": "1 if it reached war",
    "fatality": "MID fatality level",
    "fatalpre": "precise battle deaths, if known",
    "outcome": "MID outcome code",
    "outcome_label": "outcome as text",
    "settle": "MID settlement code",
    "settle_label": "settlement as text",
    "negotiated_settlement": "1 if negotiated",
    "has_incidents": "true if MIDI incidents exist (disputes 1992-2014)",
    "n_incidents": "number of incidents",
    "first_action": "the first incident's action",
    "first_hostlev": "the first incident's hostility",
    "peak_hostlev": "the highest incident hostility",
    "last_hostlev": "the last incident's hostility",
    "hostility_path": "hostility levels in incident order, repeats folded",
    "peak_date": "first day at the peak level",
    "days_to_peak": "days from the dispute's start to the peak",
    "escalated": "hostility rose after the first incident",
    "ended_below_peak": "the last incident stood below the peak",
}


@table(
    "dispute-escalation",
    sources=(de.MID,),
    columns=COLUMNS,
    show=("dispnum", "start", "hostility", "n_incidents", "hostility_path", "escalated",
          "outcome_label"),
)  # fmt: skip
def dispute_escalation(
    years: Annotated[Years, Help("dispute start years, e.g. 1992-2014")] = None,
    dispnum: Annotated[Sequence[int] | None, Help("MID dispute numbers")] = None,
    *,
    warehouse: Warehouse | None = None,
) -> pa.Table:
    """COW MID 5.0 escalation paths, one row per dispute (incident fields from 1992).

    >>> import detente
    >>> t = detente.dispute_escalation()
    >>> t.num_rows, sum(t["has_incidents"].to_pylist())
    (2436, 667)
    """
    table = de.dispute_escalation(warehouse)
    if dispnum:
        table = is_in(table, "dispnum", dispnum)
    if years is not None:
        table = in_years(table, "start", year_span(years, get_source(de.MID).years, "COW MID 5.0"))
    return table
