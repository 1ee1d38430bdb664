"""Peacekeeping missions as a verb (``detente peacekeeping-missions``); see docs/peacekeeping.md."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import pyarrow as pa
import pyarrow.compute as pc

from ..params import Help, Kind, Years
from ..registry import get_source
from ..steps import peacekeeping as pk
from ..warehouse import Warehouse
from ._base import table
from ._filters import is_in, year_span

COLUMNS = {
    "mission_id": "Bara & Hultman mission id",
    "mission": "mission name",
    "org": "1 UN, 2 regional, 3 international",
    "org_type": "organisation as text",
    "ccode": "the conflict country (as Bara & Hultman code it)",
    "host_ccode": "the state deployed in, in the mission's last month",
    "location": "location as published",
    "only_police": "true if a police-only mission",
    "first_month": "first month deployed (from January 1993)",
    "last_month": "last month deployed",
    "months": "months deployed 1993-2016",
    "peak_troops": "highest monthly troops",
    "peak_police": "highest monthly police",
    "peak_observers": "highest monthly observers",
    "peak_total": "highest monthly total",
}


@table(
    "peacekeeping-missions",
    sources=(pk.PKO,),
    columns=COLUMNS,
    show=("mission", "org_type", "host_ccode", "first_month", "last_month", "peak_total"),
)
def peacekeeping_missions(
    police_missions: Annotated[bool, Help("include police-only missions")] = True,
    host: Annotated[Sequence[int] | None, Help("COW codes of host states")] = None,
    years: Annotated[Years, Help("keep missions deployed in these years (1993-2016)")] = None,
    series: Annotated[
        str,
        Kind("text", choices=tuple(pk.SERIES)),
        Help("personnel series: iepo (main), ipi (IPI, UN only), sipri, ipo, backward"),
    ] = "iepo",
    *,
    warehouse: Warehouse | None = None,
) -> pa.Table:
    """One row per Bara & Hultman peacekeeping mission (per host): organisation, months, peaks.

    >>> import detente
    >>> rows = detente.peacekeeping_missions(host=[432]).to_pylist()  # Mali
    >>> [(r["mission"], str(r["first_month"]), r["peak_total"]) for r in rows if r["org"] == 1]
    [('MINUSMA', '2013-07-01', 12057.0)]
    """
    table = pk.peacekeeping_missions(warehouse, police_missions, series)
    if host:
        table = is_in(table, "host_ccode", host)
    if years is not None:
        lo, hi = year_span(years, get_source(pk.PKO).years, "Bara & Hultman")
        first, last = pc.year(table["first_month"]), pc.year(table["last_month"])
        table = table.filter(pc.and_(pc.less_equal(first, hi), pc.greater_equal(last, lo)))
    return table
