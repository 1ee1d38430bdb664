"""Alliance burden sharing as a verb (``detente burden-sharing``); see docs/spending.md."""

from __future__ import annotations

from typing import Annotated

import pyarrow as pa

from ..params import Help, Kind, Years
from ..steps import spending as sp
from ..warehouse import Warehouse
from ._base import table

COLUMNS = {
    "atopid": "ATOP alliance id",
    "ccode": "member's COW code",
    "year": "year",
    "spending": "the member's military spending (the measure's unit)",
    "alliance_total": "the members' total (members with a figure)",
    "share": "spending / alliance_total",
    "has_spending": "false where the member has no figure that year",
    "n_members": "members that year",
    "n_with_spending": "members with a figure",
}


@table(
    "burden-sharing",
    sources=(sp.ATOP, sp.SIPRI, sp.NMC),
    columns=COLUMNS,
    show=("atopid", "ccode", "year", "spending", "alliance_total", "share"),
)
def burden_sharing(
    atopid: Annotated[int, Help("ATOP alliance id (3180 is NATO)")] = 3180,
    years: Annotated[
        Years, Help("years, e.g. 1990-2023 (default: where ATOP and the measure meet)")
    ] = None,
    measure: Annotated[
        str, Kind("text", choices=tuple(sp.MEASURES)), Help("sipri_constusd, sipri_curusd or nmc")
    ] = "sipri_constusd",
    *,
    warehouse: Warehouse | None = None,
) -> pa.Table:
    """Each alliance member's share of the members' total military spending, by member-year.

    Members are the states with an ATOP 5.1 member spell in ``atopid`` touching the year; a member
    without a figure is flagged (``has_spending`` false) and left out of the total.

    >>> import detente
    >>> t = detente.burden_sharing(3180, years=(2000, 2000)).to_pandas()
    >>> round(t.loc[t.ccode == 2, "share"].item(), 2)
    0.67
    """
    return sp.burden_sharing(atopid, years, measure, warehouse=warehouse)
