"""ICB crisis escalation and de-escalation: violence, outcome form, crisis management, third parties.

:func:`crisis_outcomes_sql` is a pure SQL builder over ICB 15's ``crises`` (ICB1, one row per
crisis) and ``actors`` (ICB2, one row per crisis actor) tables; :func:`crisis_outcomes` runs it in
the warehouse and returns a pyarrow Table. Codes stay as published next to readable labels and
0/1 flags. Fields (``crisis`` level: ICB1 variable; ``actor`` level: ICB2 variable):

- crisno, crisname, start, end (trigger and termination dates); actor level also cracno, ccode
  (COW code), actor (ICB's three-letter code).
- violence (crisis VIOL / actor VIOL: 1 none, 2 minor clashes, 3 serious clashes, 4 full-scale
  war), violence_label, violent (1 if violence > 1), war (1 if violence = 4).
- crisis_management (CRISMG 1 negotiation, 2 adjudication or arbitration, 3 mediation, 4
  multiple not including violence, 5 non-military pressure, 6 non-violent military, 7 multiple
  including violence, 8 violence), crisis_management_label, violent_management (1 if 7 or 8).
- outcome_form (crisis FOROUT 1-7 / actor OUTFOR 1-15), outcome_form_label, and outcome_kind, the
  common coarse class: agreement (formal or semi-formal), tacit, unilateral (actor level: by
  self, ally or adversary, or compliance), imposed, other, faded; agreement (1 if the crisis
  ended by a formal or semi-formal agreement). The ICB1 codebook is not in the mirror: crisis
  FOROUT 1 formal agreement, 2 semi-formal agreement, 3 tacit understanding, 4 unilateral act, 5
  imposed agreement, 6 other, 7 faded is its wording, and the actors of each crisis bear it out
  (ICB2 OUTFOR of ~88% of actors falls in the same class; all actors of FOROUT 7 crises faded).
- outcome (crisis SUBOUT 1 ambiguous, 2 definitive: every actor of a definitive crisis won or
  lost; actor OUTCOM 1 victory, 2 compromise, 3 stalemate, 4 defeat, 5 other), outcome_label.
- tension (OUTESR 1 escalation: a crisis between the principal adversaries recurred within five
  years; 2 reduction; 3 recent case), tension_label, tension_escalated (1, 0; null if recent).
- un_involved (1 if a global organisation acted: crisis GLOBORG >= 2, actor GLOBORG >= 3; 0 if
  none acted; null if none existed, before 1920). Crisis level: un_effect (GLOBEFCT 0 none
  existed, 1 no involvement, 2 escalated the crisis, 3 no contribution to abatement, 4 marginal,
  5 important, 6 most important contributor) and un_effect_label. Actor level: un_organ (GLOBORG
  1-6), un_activity (GLOBACT 1-15).
- ro_involved (actor level: 1 if a regional or security organisation acted, REGORG >= 2; 0 if
  none did; null where REGORG is 0, none in existence: most pre-1945 actors and 24 later ones in
  regions without one, such as the Koreas), ro_organ (REGORG 0-14), ro_activity (REGACT 0-14).
- mediated (crisis level: 1 if MEDIATE = 4, mediation, where MEDWHO names the mediator's kind; 0
  for 1-3).
- Great powers: crisis level superpower_involvement (POWINV 1 pre-1945, 2 both none or one low,
  3 both low, 4 one high, 5 both high, 6 one a crisis actor and the other low or none, 7 one a
  crisis actor and the other high) and its label; actor level us_involvement / su_involvement
  (USINV / SUINV 1 not involved, 2 neutral, 3 political, 4 economic, 5 propaganda, 6 covert, 7
  semi-military, 8 direct military, 9 crisis actor) with labels and us_military / su_military
  (1 if semi-military or direct military intervention, 7-8).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pyarrow as pa

from ..errors import InputError
from ..registry import get_source

if TYPE_CHECKING:
    from ..warehouse import Warehouse

ICB = "icb-15"
LEVELS = ("crisis", "actor")

VIOLENCE = {1: "none", 2: "minor clashes", 3: "serious clashes", 4: "full-scale war"}
CRISIS_MANAGEMENT = {
    1: "negotiation",
    2: "adjudication or arbitration",
    3: "mediation",
    4: "multiple, not including violence",
    5: "non-military pressure",
    6: "non-violent military",
    7: "multiple, including violence",
    8: "violence",
}
#: ICB1 FOROUT (crisis level) labels and coarse classes.
CRISIS_FORM = {
    1: ("formal agreement", "agreement"),
    2: ("semi-formal agreement", "agreement"),
    3: ("tacit understanding", "tacit"),
    4: ("unilateral act", "unilateral"),
    5: ("imposed agreement", "imposed"),
    6: ("other", "other"),
    7: ("faded", "faded"),
}
#: ICB2 OUTFOR (actor level) labels and coarse classes.
ACTOR_FORM = {
    1: ("formal agreement - voluntary", "agreement"),
    2: ("semi-formal agreement - voluntary", "agreement"),
    3: ("tacit understanding", "tacit"),
    4: ("unilateral - self", "unilateral"),
    5: ("unilateral - ally", "unilateral"),
    6: ("unilateral - adversary", "unilateral"),
    7: ("compliance", "unilateral"),
    8: ("imposed - imposer", "imposed"),
    9: ("imposed - imposee", "imposed"),
    10: ("spillover", "other"),
    11: ("other - global organization intervention", "other"),
    12: ("other - ally", "other"),
    13: ("other - internal or non-state actor", "other"),
    14: ("other - misc.", "other"),
    15: ("faded", "faded"),
}
CRISIS_OUTCOME = {1: "ambiguous", 2: "definitive"}
ACTOR_OUTCOME = {1: "victory", 2: "compromise", 3: "stalemate", 4: "defeat", 5: "other"}
TENSION = {1: "escalation", 2: "reduction", 3: "recent case"}
UN_EFFECT = {
    0: "no global organization",
    1: "not involved",
    2: "escalated the crisis",
    3: "no contribution to abatement",
    4: "marginal contribution",
    5: "important contribution",
    6: "most important contribution",
}
SUPERPOWERS = {
    1: "pre-1945",
    2: "none, or one low",
    3: "both low",
    4: "one high, other low or none",
    5: "both high",
    6: "one a crisis actor, other low or none",
    7: "one a crisis actor, other high",
}
POWER = {
    1: "not involved",
    2: "neutral",
    3: "political",
    4: "economic",
    5: "propaganda",
    6: "covert",
    7: "semi-military",
    8: "direct military",
    9: "crisis actor",
}


def _case(expr: str, labels: Mapping[int, str]) -> str:
    """SQL CASE turning codes into labels (unknown codes and nulls give null)."""
    arms = " ".join(f"WHEN {k} THEN '{v}'" for k, v in labels.items())
    return f"CASE {expr} {arms} END"


def _flag(condition: str, known: str) -> str:
    """SQL 0/1 flag: ``condition`` where ``known`` holds, else null."""
    return f"CASE WHEN {known} THEN ({condition})::TINYINT END"


def _common(form: Mapping[int, tuple[str, str]], form_col: str) -> list[str]:
    """Fields shared by both levels: violence, crisis management, outcome form, tension."""
    return [
        "viol::TINYINT AS violence",
        f"{_case('viol', VIOLENCE)} AS violence_label",
        _flag("viol > 1", "viol IS NOT NULL") + " AS violent",
        _flag("viol = 4", "viol IS NOT NULL") + " AS war",
        "crismg::TINYINT AS crisis_management",
        f"{_case('crismg', CRISIS_MANAGEMENT)} AS crisis_management_label",
        _flag("crismg >= 7", "crismg IS NOT NULL") + " AS violent_management",
        f"{form_col}::TINYINT AS outcome_form",
        f"{_case(form_col, {k: v[0] for k, v in form.items()})} AS outcome_form_label",
        f"{_case(form_col, {k: v[1] for k, v in form.items()})} AS outcome_kind",
        _flag(f"{form_col} IN (1, 2)", f"{form_col} IS NOT NULL") + " AS agreement",
        "outesr::TINYINT AS tension",
        f"{_case('outesr', TENSION)} AS tension_label",
        _flag("outesr = 1", "outesr IN (1, 2)") + " AS tension_escalated",
    ]


def crisis_outcomes_sql(crises: str, actors: str, level: str = "crisis") -> str:
    """SQL: escalation and de-escalation fields per crisis (``crises`` = ICB1) or per actor (ICB2).

    >>> "violence_label" in crisis_outcomes_sql("icb1", "icb2")
    True
    """
    if level not in LEVELS:
        raise InputError(f"crisis_outcomes: unknown level {level!r}; choose from {list(LEVELS)}")
    if level == "crisis":
        fields = [
            "crisno",
            "crisname",
            "start",
            '"end"',
            *_common(CRISIS_FORM, "forout"),
            "subout::TINYINT AS outcome",
            f"{_case('subout', CRISIS_OUTCOME)} AS outcome_label",
            _flag("globorg >= 2", "globorg >= 1") + " AS un_involved",
            "globefct::TINYINT AS un_effect",
            f"{_case('globefct', UN_EFFECT)} AS un_effect_label",
            _flag("mediate = 4", "mediate BETWEEN 1 AND 4") + " AS mediated",
            "powinv::TINYINT AS superpower_involvement",
            f"{_case('powinv', SUPERPOWERS)} AS superpower_involvement_label",
        ]
        return f"SELECT {', '.join(fields)} FROM {crises} ORDER BY crisno"
    fields = [
        "crisno",
        "cracno",
        "ccode",
        "actor",
        "crisname",
        "start",
        '"end"',
        *_common(ACTOR_FORM, "outfor"),
        "outcom::TINYINT AS outcome",
        f"{_case('outcom', ACTOR_OUTCOME)} AS outcome_label",
        _flag("globorg >= 3", "globorg >= 2") + " AS un_involved",
        "globorg::TINYINT AS un_organ",
        "globact::TINYINT AS un_activity",
        _flag("regorg >= 2", "regorg >= 1") + " AS ro_involved",
        "regorg::TINYINT AS ro_organ",
        "regact::TINYINT AS ro_activity",
        "usinv::TINYINT AS us_involvement",
        f"{_case('usinv', POWER)} AS us_involvement_label",
        _flag("usinv IN (7, 8)", "usinv IS NOT NULL") + " AS us_military",
        "suinv::TINYINT AS su_involvement",
        f"{_case('suinv', POWER)} AS su_involvement_label",
        _flag("suinv IN (7, 8)", "suinv IS NOT NULL") + " AS su_military",
    ]
    return f"SELECT {', '.join(fields)} FROM {actors} ORDER BY crisno, cracno"


def crisis_outcomes(level: str = "crisis", wh: Warehouse | None = None) -> pa.Table:
    """ICB 15 escalation and de-escalation fields, one row per crisis or per crisis actor.

    >>> import detente
    >>> detente.crisis_outcomes("actor").num_rows  # doctest: +SKIP
    1100
    """
    from ..warehouse import default_warehouse

    wh = wh or default_warehouse()
    sql = crisis_outcomes_sql(wh.view_name(ICB, "crises"), wh.view_name(ICB, "actors"), level)
    table = wh.con.sql(sql).to_arrow_table()
    meta = {"level": level, "sources": [{"id": ICB, "version": get_source(ICB).version}]}
    return table.replace_schema_metadata({b"detente": json.dumps(meta).encode()})
