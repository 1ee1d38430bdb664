"""ICB crises and how they escalated and ended, per crisis or per crisis actor (``detente crises``).

Unlike the ``crises`` panel step, which keeps one crisis per dyad-year (named reduction rules),
this table keeps every crisis: India and Pakistan were both actors in 15 ICB crises, the panel
route shows the 12 dyad-years that hold one. Codes, labels and flags: docs/crises.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

import pyarrow as pa

from ..errors import InputError
from ..measures import crisis_escalation as ce
from ..params import Help, Years
from ..registry import get_source
from ..warehouse import Warehouse
from ._base import table
from ._filters import in_years, is_in, with_outcome, year_span

COLUMNS = {
    "crisno": "ICB crisis number",
    "cracno": "ICB crisis-actor number (actor level)",
    "ccode": "the actor's COW code (actor level)",
    "actor": "ICB's three-letter actor code (actor level)",
    "crisname": "crisis name",
    "start": "trigger date",
    "end": "termination date",
    "violence": "VIOL: 1 none, 2 minor clashes, 3 serious clashes, 4 full-scale war",
    "violence_label": "violence as text",
    "violent": "1 if violence > 1",
    "war": "1 if violence = 4",
    "crisis_management": "CRISMG: principal crisis-management technique (1-8)",
    "crisis_management_label": "crisis_management as text",
    "violent_management": "1 if the technique included violence (7, 8)",
    "outcome_form": "FOROUT (crisis) or OUTFOR (actor): form of outcome",
    "outcome_form_label": "outcome_form as text",
    "outcome_kind": "agreement, tacit, unilateral, imposed, other or faded",
    "agreement": "1 if ended by a formal or semi-formal agreement",
    "tension": "OUTESR: 1 escalation, 2 reduction, 3 recent case",
    "tension_label": "tension as text",
    "tension_escalated": "1 if a crisis between the adversaries recurred within five years",
    "outcome": "SUBOUT (crisis) or OUTCOM (actor: 1 victory ... 4 defeat)",
    "outcome_label": "outcome as text",
    "un_involved": "1 if a global organisation acted (null before 1920)",
    "un_effect": "GLOBEFCT: the UN's effect on abatement (crisis level)",
    "un_effect_label": "un_effect as text (crisis level)",
    "un_organ": "GLOBORG (actor level)",
    "un_activity": "GLOBACT (actor level)",
    "ro_involved": "1 if a regional organisation acted (actor level)",
    "ro_organ": "REGORG (actor level)",
    "ro_activity": "REGACT (actor level)",
    "mediated": "1 if mediated (crisis level)",
    "superpower_involvement": "POWINV (crisis level)",
    "superpower_involvement_label": "superpower_involvement as text",
    "us_involvement": "USINV 1-9 (actor level)",
    "us_involvement_label": "us_involvement as text",
    "us_military": "1 if US semi-military or direct military intervention",
    "su_involvement": "SUINV 1-9 (actor level)",
    "su_involvement_label": "su_involvement as text",
    "su_military": "1 if Soviet semi-military or direct military intervention",
}


@table(
    "crises",
    sources=(ce.ICB,),
    columns=COLUMNS,
    show=("crisno", "crisname", "start", "end", "violence_label", "outcome_kind", "outcome_label"),
)
def crisis_outcomes(
    level: Annotated[
        Literal["crisis", "actor"], Help("crisis: one row per crisis (ICB1); actor: per crisis actor")
    ] = "crisis",
    actor: Annotated[
        Sequence[int] | None, Help("COW codes that must all be crisis actors, e.g. 750 and 770")
    ] = None,
    crisno: Annotated[
        Sequence[int] | None, Help("ICB crisis numbers, e.g. 196 (Cuban missiles)")
    ] = None,
    years: Annotated[Years, Help("trigger years, e.g. 1947-2015")] = None,
    outcome: Annotated[
        str | None, Help("outcome kind or label, e.g. agreement, tacit, faded, victory")
    ] = None,
    *,
    warehouse: Warehouse | None = None,
) -> pa.Table:
    """ICB 15 crises (or crisis actors): escalation, crisis management, outcome, third parties.

    ``actor`` keeps the crises in which every given state was a crisis actor (at the actor
    level, only those actors' rows); ``crisno``, ``years`` (trigger year) and ``outcome`` filter
    further.

    >>> import detente
    >>> detente.crisis_outcomes(actor=[750, 770]).num_rows
    15
    >>> detente.crisis_outcomes("actor", crisno=[196]).column("ccode").to_pylist()
    [2, 40, 365]
    """
    table = ce.crisis_outcomes(level, warehouse)
    if actor:
        actors = table if level == "actor" else ce.crisis_outcomes("actor", warehouse)
        known = set(actors["ccode"].to_pylist())
        unknown = [c for c in actor if c not in known]
        if unknown:
            raise InputError(f"actor {unknown[0]}: no ICB crisis actor has this COW code")
        keep: set[int] | None = None
        for code in actor:
            mine = set(is_in(actors, "ccode", [code])["crisno"].to_pylist())
            keep = mine if keep is None else keep & mine
        table = is_in(table, "crisno", sorted(keep or []))
        if level == "actor":
            table = is_in(table, "ccode", actor)
    if crisno:
        table = is_in(table, "crisno", crisno)
    if years is not None:
        table = in_years(table, "start", year_span(years, get_source(ce.ICB).years, "ICB 15"))
    if outcome:
        table = with_outcome(table, outcome, ["outcome_kind", "outcome_label", "outcome_form_label"])
    return table
