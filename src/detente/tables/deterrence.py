"""Extended-deterrence cases as a verb (``detente deterrence``); the rules are in docs/deterrence.md."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

import pyarrow as pa
import pyarrow.compute as pc

from ..models import deterrence as dt
from ..params import Help, Years
from ..warehouse import Warehouse
from ._base import table
from ._filters import with_outcome

COLUMNS = {
    "dispnum": "COW MID dispute number",
    "start": "dispute start date",
    "end": "dispute end date",
    "challenger_ccode": "the challenger's COW code",
    "challenger_name": "the challenger's name",
    "target_ccode": "the target's COW code",
    "target_name": "the target's name",
    "ally_ccode": "the target's ATOP defence ally",
    "ally_name": "the ally's name",
    "atopids": "ATOP defence pacts between target and ally in force at the start",
    "n_pacts": "number of such pacts",
    "bilateral_pact": "true if one of them is bilateral",
    "target_defends_ally": "true if the target also owes the ally defence",
    "challenger_allied_target": "true if challenger and target were allied",
    "challenger_target_atopids": "their alliances",
    "challenger_allied_ally": "true if challenger and ally were allied",
    "challenger_ally_atopids": "their alliances",
    "clean": "true if neither pair of opponents was allied (the usual case set)",
    "challenger_hiact": "challenger's highest action (MID hiact)",
    "challenger_action": "hiact as text",
    "challenger_hostlev": "challenger's hostility level 1-5",
    "dispute_hostlev": "dispute hostility level",
    "dispute_hostility": "dispute hostility as text",
    "dispute_fatality": "MID fatality level",
    "dispute_fatality_label": "fatality level as text",
    "ally_joined": "true if the ally joined the dispute on the target's side",
    "ally_joined_at_start": "true if it took part from the start",
    "ally_join_date": "the ally's first day in the dispute",
    "ally_opposed": "true if the ally joined on the challenger's side",
    "outcome_code": "MID outcome code",
    "outcome": "MID outcome as text",
    "challenger_backed_down": "true if the challenger yielded or lost; null if unclear",
    "settle_code": "MID settlement code",
    "settle": "settlement as text",
    "reached_use_of_force": "true if the dispute reached hostility level 4",
    "reached_war": "true if it reached war",
    "icb_crisno": "matching ICB crisis (1918-), if any",
    "icb_n_crises": "number of matching ICB crises",
    "icb_outcome_form": "the crisis's form of outcome",
    "icb_outfor_target": "the target's ICB outcome form",
    "icb_outfor_challenger": "the challenger's ICB outcome form",
    "icb_crismg_target": "the target's crisis-management technique",
    "icb_crismg_challenger": "the challenger's crisis-management technique",
}


def _summary(cases: pa.Table) -> str:
    s = dt.deterrence_summary(cases)

    def share(x: float | None) -> str:
        return "-" if x is None else f"{x:.1%}"

    return (
        f"{s['cases']:,} cases in {s['disputes']:,} disputes ({s['clean_cases']:,} clean); "
        f"ally joined {share(s['ally_joined_share'])}, ally opposed {share(s['ally_opposed_share'])}, "
        f"challenger backed down {share(s['backed_down_share'])} of {s['outcome_known']:,} with a "
        f"clear outcome; ICB crisis matched {share(s['icb_match_rate'])} of cases from 1918"
    )


@table(
    "deterrence",
    sources=(*dt.SOURCES, dt.MIE),
    columns=COLUMNS,
    show=("dispnum", "start", "challenger_name", "target_name", "ally_name", "clean", "ally_joined",
          "outcome", "challenger_backed_down", "icb_crisno"),
    summary=_summary,
)  # fmt: skip
def deterrence_cases(
    years: Annotated[Years, Help("dispute start years, e.g. 1946-2014 (MID: 1816-2014)")] = None,
    min_hostility: Annotated[
        int, Help("challenger's lowest MID hostility: 2 threat, 3 display, 4 use of force, 5 war")
    ] = 2,
    ccode: Annotated[
        Sequence[int] | None, Help("keep cases with these states in any role (challenger, target, ally)")
    ] = None,
    outcome: Annotated[
        str | None, Help("MID outcome label, or backed_down / held (the challenger's response)")
    ] = None,
    clean: Annotated[bool | None, Help("only clean (true) or only flagged (false) cases")] = None,
    source: Annotated[
        Literal["mid", "mic"],
        Help("disputes from mid (COW MID 5.0) or mic (MIC confrontations, MIE 1.0; no outcomes)"),
    ] = "mid",
    *,
    warehouse: Warehouse | None = None,
) -> pa.Table:
    """Extended-deterrence cases: a MID challenger against a target with an ATOP defence ally.

    One row per (dispute, challenger, target, ally) from MID 5.0, ATOP 5.1 and ICB 15; did the
    ally join, did the challenger back down, how did it end (docs/deterrence.md). ``source="mic"``
    takes the disputes from Gibler & Miller's MIC confrontations instead (no outcomes).

    >>> import detente
    >>> cases = detente.deterrence_cases(years=(1946, 2014), min_hostility=4, ccode=[2])
    >>> bool(cases.num_rows) and all(2 in (r["challenger_ccode"], r["target_ccode"], r["ally_ccode"])
    ...                              for r in cases.to_pylist())
    True
    """
    table = dt.deterrence_cases(warehouse, years, min_hostility, source)
    meta = table.schema.metadata
    for code in ccode or ():
        roles = [
            pc.equal(table[f"{r}_ccode"].cast(pa.int64()), code)
            for r in ("challenger", "target", "ally")
        ]
        table = table.filter(pc.or_(pc.or_(roles[0], roles[1]), roles[2]))
    if outcome:
        if outcome in ("backed_down", "held"):
            table = table.filter(pc.equal(table["challenger_backed_down"], outcome == "backed_down"))
        else:
            table = with_outcome(table, outcome, ["outcome"], ["backed_down", "held"])
    if clean is not None:
        table = table.filter(pc.equal(table["clean"], clean))
    return table.replace_schema_metadata(meta)
