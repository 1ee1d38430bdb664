"""Extended deterrence cases: a MID challenger threatens or uses force against an ATOP-protected target.

A case is one (dispute, challenger, target, ally) from COW MID 5.0 and ATOP 5.1:

- challenger: a side-A originator (``sidea`` and ``orig`` in MIDB) whose highest hostility level
  over its side-A spells reaches ``min_hostility`` (MID levels: 1 no militarized action,
  2 threat to use force, 3 display of force, 4 use of force, 5 war);
- target: an originator on side B;
- ally: any third state (neither challenger nor target) that, on the dispute's start date
  (MIDA ``start``), holds an ATOP alliance whose member row for the ally carries a defence
  obligation (``defense = 1``) owed to the target (not one of ATOP's asymmetric exceptions, the
  same directed obligations as the alliances step) and in which the target is also a member;
  both members' spells (ATOP entry/exit dates, not years) must cover that day.

Cases where the challenger itself shares an ATOP alliance (of any kind) with the target or with
the ally on that day are kept and flagged: they are not clean extended-deterrence cases.
Outcomes come from MIDA (the challenger is always on side A), ICB crises are matched on the
challenger-target dyad and overlapping dates. See docs/deterrence.md for every field and rule.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from .._version import __version__
from ..errors import InputError
from ..outputs import write_table
from ..registry import get_source
from ..sources.atop import exceptions_sql, owed_sql
from ..systems import System, Years, parse_years
from ..warehouse import Warehouse, default_warehouse

MID = "cow-mid-5.0"
MIE = "mie-1.0"
#: Conflict sources for the disputes: COW MID 5.0 or Gibler & Miller's MIC (from the MIE events).
CONFLICT = {"mid": MID, "mic": MIE}
ATOP = "atop-5.1"
ICB = "icb-15"
STATES = "cow-states-2016"
SOURCES = (MID, ATOP, ICB, STATES)

#: MID hostility levels (MIDA/MIDB ``hostlev``).
HOSTILITY = {
    1: "No militarized action",
    2: "Threat to use force",
    3: "Display of force",
    4: "Use of force",
    5: "War",
}
#: MID highest action (``hiact``), codebook labels; the hostility level follows in the comment.
ACTIONS = {
    0: "No militarized action",  # 1
    1: "Threat to use force",  # 2
    2: "Threat to blockade",  # 2
    3: "Threat to occupy territory",  # 2
    4: "Threat to declare war",  # 2
    5: "Threat to use CBR weapons",  # 2
    6: "Threat to join war",  # 2
    7: "Show of force",  # 3
    8: "Alert",  # 3
    9: "Nuclear alert",  # 3
    10: "Mobilization",  # 3
    11: "Fortify border",  # 3
    12: "Border violation",  # 3
    13: "Blockade",  # 4
    14: "Occupation of territory",  # 4
    15: "Seizure",  # 4
    16: "Attack",  # 4
    17: "Clash",  # 4
    18: "Declaration of war",  # 4
    19: "Use of CBR weapons",  # 4
    20: "Begin interstate war",  # 5
    21: "Join interstate war",  # 5
    22: "Interstate war",  # 5 (MIE only: an event of an ongoing war)
}
#: MIDA ``outcome`` labels (the file's -9 is already null).
OUTCOMES = {
    1: "Victory for side A",
    2: "Victory for side B",
    3: "Yield by side A",
    4: "Yield by side B",
    5: "Stalemate",
    6: "Compromise",
    7: "Released",
    8: "Unclear",
    9: "Joins ongoing war",
}
#: MIDA ``settle`` labels.
SETTLEMENTS = {1: "Negotiated", 2: "Imposed", 3: "None", 4: "Unclear"}
#: MIDA ``fatality`` labels.
FATALITIES = {
    0: "None",
    1: "1-25 deaths",
    2: "26-100 deaths",
    3: "101-250 deaths",
    4: "251-500 deaths",
    5: "501-999 deaths",
    6: "More than 999 deaths",
}
#: Outcome codes meaning the challenger (side A) backed down: victory for B, yield by A.
BACKED_DOWN = (2, 3)
#: Outcome codes meaning it did not: victory for A, yield by B, stalemate, compromise, released.
#: Unclear (8), joins ongoing war (9) and missing give a null ``challenger_backed_down``.
NOT_BACKED_DOWN = (1, 4, 5, 6, 7)

#: ICB actor-level form of outcome (``outfor``), codebook labels.
ICB_OUTFOR = {
    1: "Formal agreement - voluntary",
    2: "Semi-formal agreement - voluntary",
    3: "Tacit understanding",
    4: "Unilateral - self",
    5: "Unilateral - ally",
    6: "Unilateral - adversary",
    7: "Compliance",
    8: "Imposed - imposer",
    9: "Imposed - imposee",
    10: "Spillover",
    11: "Other - global organization intervention",
    12: "Other - ally",
    13: "Other - internal or non-state actor",
    14: "Other - misc.",
    15: "Faded",
}
#: ``outfor`` grouped into the forms of outcome: agreement, tacit, unilateral, imposed, other, faded.
ICB_FORM = {
    1: "agreement",
    2: "agreement",
    3: "tacit",
    4: "unilateral",
    5: "unilateral",
    6: "unilateral",
    7: "imposed",
    8: "imposed",
    9: "imposed",
    10: "other",
    11: "other",
    12: "other",
    13: "other",
    14: "other",
    15: "faded",
}
#: ICB actor-level principal crisis-management technique (``crismg``), codebook labels.
ICB_CRISMG = {
    1: "Negotiation",
    2: "Adjudication or arbitration",
    3: "Mediation",
    4: "Multiple not including violence",
    5: "Non-military pressure",
    6: "Non-violent military",
    7: "Multiple including violence",
    8: "Violence",
}

_ANY_YEARS = System("any", "ccode", (), (0, 9999), "any")


@dataclass(frozen=True)
class Inputs:
    """The tables (DuckDB view or table names) the case set is built from."""

    disputes: str
    participants: str
    members: str
    states: str
    icb_dyads: str
    icb_actors: str

    @classmethod
    def from_warehouse(cls, wh: Warehouse, source: str = "mid") -> Inputs:
        """The parsed MID (or MIC), ATOP, COW states and ICB tables of a warehouse."""
        if check_source(source) == "mic":
            events = wh.view_name(MIE, "events")
            disputes, participants = mic_disputes_sql(events), mic_participants_sql(events)
        else:
            disputes = wh.view_name(MID, "disputes")
            participants = wh.view_name(MID, "participants")
        return cls(
            disputes=disputes,
            participants=participants,
            members=wh.view_name(ATOP, "members"),
            states=wh.view_name(STATES, "states"),
            icb_dyads=wh.view_name(ICB, "dyads"),
            icb_actors=wh.view_name(ICB, "actors"),
        )


def check_source(source: str) -> str:
    """``mid`` (COW MID 5.0) or ``mic`` (MIC confrontations from MIE 1.0), else InputError."""
    if source not in CONFLICT:
        raise InputError(f"deterrence: unknown source {source!r}; choose from {sorted(CONFLICT)}")
    return source


def mic_disputes_sql(events: str) -> str:
    """SQL: MIC confrontations shaped like MIDA (``dispnum`` = micnum; no outcome or settlement).

    ``fatality`` is the MID fatality level of the confrontation's summed maximum fatalities.
    """
    level = (
        "CASE WHEN f = 0 THEN 0 WHEN f <= 25 THEN 1 WHEN f <= 100 THEN 2 WHEN f <= 250 THEN 3 "
        "WHEN f <= 500 THEN 4 WHEN f <= 999 THEN 5 ELSE 6 END"
    )
    return f"""(SELECT dispnum, start, "end", NULL::TINYINT AS outcome, NULL::TINYINT AS settle,
                       ({level})::TINYINT AS fatality, hostlev FROM (
                    SELECT micnum AS dispnum, min(start) AS start, max("end") AS "end",
                           sum(fatalmax1 + fatalmax2) AS f, max(hostlev) AS hostlev
                    FROM {events} GROUP BY micnum))"""


def mic_participants_sql(events: str) -> str:
    """SQL: MIC participants shaped like MIDB, from the events.

    A state's side is that of its events (``sidea1`` for the actor, the other side for the
    target); it is an originator (``orig``) when it acted or was acted against on the
    confrontation's first day; ``hiact``/``hostlev`` are the highest of its own actions (0 and 1,
    no militarized action, when it only suffered them); its spell runs from its first to its last
    event.
    """
    return f"""(WITH e AS (SELECT *, min(start) OVER (PARTITION BY micnum) AS day0 FROM {events}),
                    s AS (SELECT micnum, ccode1 AS ccode, sidea1 AS sidea, start, "end", action,
                                 hostlev, start = day0 AS first_day FROM e
                          UNION ALL
                          SELECT micnum, ccode2, NOT sidea1, start, "end", NULL, NULL,
                                 start = day0 FROM e)
                SELECT micnum AS dispnum, ccode, sidea, min(start) AS start, max("end") AS "end",
                       bool_or(first_day) AS orig, coalesce(max(action), 0)::TINYINT AS hiact,
                       coalesce(max(hostlev), 1)::TINYINT AS hostlev
                FROM s GROUP BY micnum, ccode, sidea)"""


def check_years(years: Years) -> tuple[int, int]:
    """Dispute start years as (first, last), refused outside MID 5.0's coverage."""
    lo, hi = get_source(MID).years
    if years is None:
        return lo, hi
    start, end = parse_years(years, _ANY_YEARS)
    if start < lo or end > hi:
        raise InputError(f"years {start}-{end} fall outside COW MID 5.0's coverage {lo}-{hi}")
    return start, end


def check_hostility(min_hostility: Any) -> int:
    """A MID hostility level 1-5 (2 threat, 3 display, 4 use of force, 5 war), else InputError."""
    if isinstance(min_hostility, bool) or not isinstance(min_hostility, int):
        raise InputError(f"min_hostility {min_hostility!r}: expected a MID hostility level 1-5")
    if not 1 <= min_hostility <= 5:
        raise InputError(
            f"min_hostility {min_hostility}: MID hostility levels are 1-5 "
            "(1 none, 2 threat, 3 display, 4 use of force, 5 war)"
        )
    return min_hostility


def _label(expr: str, labels: Mapping[int, str]) -> str:
    """SQL CASE turning a code into its label (unknown codes and null give null)."""
    whens = " ".join(f"WHEN {code} THEN '{text}'" for code, text in labels.items())
    return f"(CASE {expr} {whens} END)"


def _in_force(alias: str, day: str, atop_end: str) -> str:
    """SQL: ATOP member spell ``alias`` covers ``day`` (a null exit is in force to coverage end)."""
    return f'{alias}.start <= {day} AND coalesce({alias}."end", {atop_end}) >= {day}'


def cases_sql(t: Inputs, years: tuple[int, int], min_hostility: int) -> str:
    """SQL for the deterrence cases over the tables ``t`` (see the module docs for the rules)."""
    lo, hi = years
    atop_end = f"DATE '{get_source(ATOP).years[1]}-12-31'"
    backed = (
        f"CASE WHEN k.outcome IN {BACKED_DOWN} THEN true "
        f"WHEN k.outcome IN {NOT_BACKED_DOWN} THEN false END"
    )
    outfor = "coalesce(it.outfor, ic.outfor)"
    return f"""
    WITH d AS (
        SELECT dispnum, start, "end", outcome, settle, fatality, hostlev
        FROM {t.disputes} WHERE year(start) BETWEEN {lo} AND {hi}),
    chal AS (
        SELECT dispnum, ccode, max(hiact) AS hiact, max(hostlev) AS hostlev
        FROM {t.participants} WHERE sidea
        GROUP BY dispnum, ccode HAVING bool_or(orig) AND max(hostlev) >= {min_hostility}),
    targ AS (SELECT DISTINCT dispnum, ccode FROM {t.participants} WHERE NOT sidea AND orig),
    pairs AS (
        SELECT d.*, c.ccode AS challenger, c.hiact AS ch_hiact, c.hostlev AS ch_hostlev,
               g.ccode AS target
        FROM d JOIN chal c USING (dispnum) JOIN targ g USING (dispnum)
        WHERE c.ccode <> g.ccode),
    x AS ({exceptions_sql()}),
    pacts AS (
        SELECT p.dispnum, p.challenger, p.target, a.member AS ally,
               list_sort(list(DISTINCT a.atopid)) AS atopids,
               bool_or(a.bilat = 1) AS bilateral,
               bool_or({owed_sql("g.defense", "defense", "xg")} = 1) AS target_defends_ally
        FROM pairs p
        JOIN {t.members} g ON g.member = p.target AND {_in_force("g", "p.start", atop_end)}
        JOIN {t.members} a ON a.atopid = g.atopid AND a.defense = 1
             AND a.member <> p.target AND a.member <> p.challenger
             AND {_in_force("a", "p.start", atop_end)}
        LEFT JOIN x xa ON xa.atopid = a.atopid AND xa.member = a.member AND xa.not_owed_to = p.target
        LEFT JOIN x xg ON xg.atopid = a.atopid AND xg.member = p.target AND xg.not_owed_to = a.member
        WHERE {owed_sql("a.defense", "defense", "xa")} = 1
        GROUP BY p.dispnum, p.challenger, p.target, a.member),
    pk AS (SELECT p.*, s.ally, s.atopids, s.bilateral, s.target_defends_ally
           FROM pairs p JOIN pacts s USING (dispnum, challenger, target)),
    shared AS (
        SELECT o.dispnum, o.challenger, o.other, list_sort(list(DISTINCT x.atopid)) AS atopids
        FROM (SELECT dispnum, start, challenger, target AS other FROM pk
              UNION SELECT dispnum, start, challenger, ally FROM pk) o
        JOIN {t.members} x ON x.member = o.challenger AND {_in_force("x", "o.start", atop_end)}
        JOIN {t.members} y ON y.atopid = x.atopid AND y.member = o.other
             AND {_in_force("y", "o.start", atop_end)}
        GROUP BY o.dispnum, o.challenger, o.other),
    k AS (
        SELECT pk.*, st.atopids AS ct_atopids, sa.atopids AS ca_atopids
        FROM pk
        LEFT JOIN shared st
            ON st.dispnum = pk.dispnum AND st.challenger = pk.challenger AND st.other = pk.target
        LEFT JOIN shared sa
            ON sa.dispnum = pk.dispnum AND sa.challenger = pk.challenger AND sa.other = pk.ally),
    part AS (
        SELECT dispnum, ccode, bool_or(NOT sidea) AS on_b, bool_or(NOT sidea AND orig) AS b_orig,
               min(start) FILTER (WHERE NOT sidea) AS b_start, bool_or(sidea) AS on_a
        FROM {t.participants} GROUP BY dispnum, ccode),
    names AS (SELECT ccode, arg_max(statenme, start) AS name FROM {t.states} GROUP BY ccode),
    icb_d AS (
        SELECT crisno, least(ccode_a, ccode_b) AS c1, greatest(ccode_a, ccode_b) AS c2,
               min(start) AS s, max("end") AS e
        FROM {t.icb_dyads} WHERE ccode_a IS NOT NULL AND ccode_b IS NOT NULL
        GROUP BY ALL),
    icb AS (
        SELECT k.dispnum, k.challenger, k.target, i.crisno,
               count(*) OVER (PARTITION BY k.dispnum, k.challenger, k.target) AS n_crises
        FROM (SELECT DISTINCT dispnum, challenger, target, start, "end" FROM k) k
        JOIN icb_d i ON i.c1 = least(k.challenger, k.target) AND i.c2 = greatest(k.challenger, k.target)
             AND i.s <= k."end" AND i.e >= k.start
        QUALIFY row_number() OVER (PARTITION BY k.dispnum, k.challenger, k.target
                                   ORDER BY abs(date_diff('day', k.start, i.s)), i.crisno) = 1),
    act AS (
        SELECT crisno, ccode, outfor, crismg FROM {t.icb_actors} WHERE ccode IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY crisno, ccode ORDER BY start, cracno) = 1)
    SELECT
        k.dispnum, k.start, k."end",
        k.challenger::SMALLINT AS challenger_ccode, nc.name AS challenger_name,
        k.target::SMALLINT AS target_ccode, nt.name AS target_name,
        k.ally::SMALLINT AS ally_ccode, na.name AS ally_name,
        k.atopids, len(k.atopids)::TINYINT AS n_pacts, k.bilateral AS bilateral_pact,
        k.target_defends_ally,
        k.ct_atopids IS NOT NULL AS challenger_allied_target, k.ct_atopids AS challenger_target_atopids,
        k.ca_atopids IS NOT NULL AS challenger_allied_ally, k.ca_atopids AS challenger_ally_atopids,
        k.ct_atopids IS NULL AND k.ca_atopids IS NULL AS clean,
        k.ch_hiact AS challenger_hiact, {_label("k.ch_hiact", ACTIONS)} AS challenger_action,
        k.ch_hostlev AS challenger_hostlev,
        k.hostlev AS dispute_hostlev, {_label("k.hostlev", HOSTILITY)} AS dispute_hostility,
        k.fatality AS dispute_fatality, {_label("k.fatality", FATALITIES)} AS dispute_fatality_label,
        coalesce(pt.on_b, false) AS ally_joined,
        CASE WHEN pt.on_b THEN pt.b_orig END AS ally_joined_at_start,
        pt.b_start AS ally_join_date,
        coalesce(pt.on_a, false) AS ally_opposed,
        k.outcome AS outcome_code, {_label("k.outcome", OUTCOMES)} AS outcome,
        {backed} AS challenger_backed_down,
        k.settle AS settle_code, {_label("k.settle", SETTLEMENTS)} AS settle,
        k.hostlev >= 4 AS reached_use_of_force, k.hostlev = 5 AS reached_war,
        i.crisno AS icb_crisno, coalesce(i.n_crises, 0)::TINYINT AS icb_n_crises,
        {_label(outfor, ICB_FORM)} AS icb_outcome_form,
        {_label("it.outfor", ICB_OUTFOR)} AS icb_outfor_target,
        {_label("ic.outfor", ICB_OUTFOR)} AS icb_outfor_challenger,
        {_label("it.crismg", ICB_CRISMG)} AS icb_crismg_target,
        {_label("ic.crismg", ICB_CRISMG)} AS icb_crismg_challenger
    FROM k
    LEFT JOIN part pt ON pt.dispnum = k.dispnum AND pt.ccode = k.ally
    LEFT JOIN names nc ON nc.ccode = k.challenger
    LEFT JOIN names nt ON nt.ccode = k.target
    LEFT JOIN names na ON na.ccode = k.ally
    LEFT JOIN icb i
        ON i.dispnum = k.dispnum AND i.challenger = k.challenger AND i.target = k.target
    LEFT JOIN act it ON it.crisno = i.crisno AND it.ccode = k.target
    LEFT JOIN act ic ON ic.crisno = i.crisno AND ic.ccode = k.challenger
    ORDER BY k.dispnum, k.challenger, k.target, k.ally"""


def deterrence_cases(
    warehouse: Warehouse | None = None,
    years: Years = None,
    min_hostility: int = 2,
    source: str = "mid",
) -> pa.Table:
    """Extended-deterrence cases (dispute, challenger, target, ally) from MID 5.0, ATOP 5.1 and ICB 15.

    ``years`` limits the disputes' start years (inside MID's 1816-2014); ``min_hostility`` is the
    lowest MID hostility level the challenger must reach (2 threat, 3 display, 4 use of force,
    5 war). ``source="mic"`` takes the disputes from Gibler & Miller's MIC confrontations (MIE
    1.0 events; no outcomes, so ``challenger_backed_down`` is null). One row per case; the rules
    and every column are in docs/deterrence.md.

    >>> import detente
    >>> cases = detente.deterrence_cases(years=(1946, 2014), min_hostility=4)  # doctest: +SKIP
    """
    span = check_years(years)
    level = check_hostility(min_hostility)
    check_source(source)
    wh = warehouse or default_warehouse()
    table = wh.con.sql(cases_sql(Inputs.from_warehouse(wh, source), span, level)).to_arrow_table()
    used = [CONFLICT[source], *SOURCES[1:]]
    meta = {
        "detente_version": __version__,
        "model": "deterrence_cases",
        "conflict_source": source,
        "years": list(span),
        "min_hostility": level,
        "sources": [{"id": s, "version": get_source(s).version} for s in used],
    }
    return table.replace_schema_metadata({"detente": json.dumps(meta)})


def deterrence_summary(cases: pa.Table) -> dict[str, Any]:
    """Counts and shares of a case table: cases, disputes, clean, joins, back-downs, ICB matches."""
    con = duckdb.connect()
    try:
        con.register("c", cases)
        row = con.sql(
            """SELECT count(*), count(DISTINCT dispnum), count(*) FILTER (WHERE clean),
                      avg(ally_joined::INT), avg(ally_opposed::INT),
                      avg(challenger_backed_down::INT), count(challenger_backed_down),
                      count(*) FILTER (WHERE year(start) >= 1918),
                      count(icb_crisno) FILTER (WHERE year(start) >= 1918)
               FROM c"""
        ).fetchall()[0]
        dyads = con.sql(
            """SELECT count(*), count(icb_crisno) FROM (
                   SELECT DISTINCT dispnum, challenger_ccode, target_ccode, icb_crisno
                   FROM c WHERE year(start) >= 1918)"""
        ).fetchall()[0]
    finally:
        con.close()
    n, disputes, clean, joined, opposed, backed, known, icb_n, icb_hit = row
    return {
        "cases": n,
        "disputes": disputes,
        "clean_cases": clean,
        "ally_joined_share": joined,
        "ally_opposed_share": opposed,
        "backed_down_share": backed,
        "outcome_known": known,
        "icb_eligible": icb_n,
        "icb_matched": icb_hit,
        "icb_match_rate": icb_hit / icb_n if icb_n else None,
        "icb_dyads_eligible": dyads[0],
        "icb_dyads_matched": dyads[1],
        "icb_dyad_match_rate": dyads[1] / dyads[0] if dyads[0] else None,
    }


def write_cases(cases: pa.Table, path: str | os.PathLike[str]) -> Path:
    """Write a case table to .parquet (metadata kept) or .csv (lists as text), atomically."""
    return write_table(cases, path)
