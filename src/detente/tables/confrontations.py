"""MIC escalation ladders as a verb (``detente confrontation-escalation``; docs/confrontations.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError
from ..measures import confrontation_escalation as ce
from ..params import Help, Years
from ..warehouse import Warehouse
from ._base import table
from ._filters import is_in

COLUMNS = {
    "micnum": "MIC confrontation number",
    "ccode1": "the lower COW code of the dyad (by=dyad)",
    "ccode2": "the higher COW code of the dyad (by=dyad)",
    "start": "start of the first event",
    "end": "end of the last event",
    "n_events": "number of MIE events",
    "n_actors": "number of states that acted",
    "first_actor": "COW code of the state that acted in the first event",
    "first_action": "the first event's action (MID action scale; 22 war)",
    "first_hostlev": "the first event's hostility: 2 threat, 3 display, 4 use of force, 5 war",
    "peak_action": "the highest action",
    "peak_hostlev": "the highest hostility",
    "peak_hostility": "peak_hostlev as text",
    "last_hostlev": "the hostility of the last event to start",
    "last_date": "start of the last event",
    "hostility_path": "hostility levels in event order, repeats folded",
    "path_dates": "the day each step of hostility_path began",
    "peak_date": "first day at the peak level",
    "days_to_peak": "days from the start to the peak",
    "days": "days from the start to the end",
    "escalated": "true if the peak is above the first event's hostility",
    "ended_below_peak": "true if the last event stood below the peak",
    "reached_display": "true if it reached a display of force",
    "reached_force": "true if it reached a use of force",
    "reached_war": "true if it reached war",
    "fatalmin": "minimum military fatalities, both sides, summed over events",
    "fatalmax": "maximum military fatalities, both sides, summed over events",
}


def _summary(t: pa.Table) -> str:
    escalated = sum(t["escalated"].to_pylist())
    below = sum(t["ended_below_peak"].to_pylist())
    return (
        f"{t.num_rows:,} rows: {escalated:,} escalated after their first event, "
        f"{below:,} ended below their peak"
    )


@table(
    "confrontation-escalation",
    sources=(ce.MIE,),
    columns=COLUMNS,
    show=("micnum", "start", "end", "n_events", "first_hostlev", "peak_hostlev", "days_to_peak",
          "last_hostlev", "hostility_path"),
    summary=_summary,
)  # fmt: skip
def confrontation_escalation(
    by: Annotated[
        Literal["confrontation", "dyad"],
        Help("confrontation: one row each; dyad: one row per confrontation and pair of states"),
    ] = "confrontation",
    years: Annotated[Years, Help("start years, e.g. 1946-2014 (MIE: 1816-2014)")] = None,
    ccode: Annotated[
        Sequence[int] | None, Help("keep confrontations in which all these states took part")
    ] = None,
    micnum: Annotated[Sequence[int] | None, Help("MIC confrontation numbers")] = None,
    *,
    warehouse: Warehouse | None = None,
) -> pa.Table:
    """MIC escalation ladders from the dated MIE 1.0 events: first, peak and last hostility, path.

    One row per confrontation (1,881) or, ``by="dyad"``, per confrontation and undirected pair.
    ``ccode`` keeps confrontations in which every given state acted or was acted against (with
    ``by="dyad"``, only the pairs among them); ``micnum`` and ``years`` (start year) filter.

    >>> import detente
    >>> t = detente.confrontation_escalation(years=(2014, 2014), ccode=[365, 369]).to_pylist()
    >>> [(r["micnum"], r["first_hostlev"], r["peak_hostlev"], r["days_to_peak"]) for r in t]
    [(4682, 3, 4, 87), (4683, 3, 4, 4)]
    """
    result = ce.confrontation_escalation(by, years, warehouse)
    if ccode:
        dyads = ce.confrontation_escalation("dyad", None, warehouse)
        keep: set[int] | None = None
        for code in ccode:
            mine = set(dyads.filter(_either(dyads, [code]))["micnum"].to_pylist())
            if not mine:
                raise InputError(f"ccode {code}: no MIC confrontation involves this COW code")
            keep = mine if keep is None else keep & mine
        result = is_in(result, "micnum", sorted(keep or []))
        if by == "dyad":  # only pairs among the given states (any pair with one when one is given)
            inside = [_member(result[c], ccode) for c in ("ccode1", "ccode2")]
            pairs = pc.and_(*inside) if len(ccode) > 1 else pc.or_(*inside)
            result = result.filter(pairs)
    if micnum:
        result = is_in(result, "micnum", micnum)
    return result


def _member(column: pa.ChunkedArray, codes: Sequence[int]) -> pa.ChunkedArray:
    """Rows whose code is one of ``codes`` (compared as int64: a code never overflows the column)."""
    return pc.is_in(column.cast(pa.int64()), pa.array(list(codes), pa.int64()))


def _either(t: pa.Table, codes: Sequence[int]) -> pa.ChunkedArray:
    return pc.or_(_member(t["ccode1"], codes), _member(t["ccode2"], codes))
