"""Escalation paths of militarized disputes (COW MID 5.0), one row per dispute.

From the dispute file: the highest action and hostility reached, whether the dispute reached a
display of force, use of force or war, its fatality level, outcome and settlement. From the
incident file (MIDI, disputes with incidents dated 1992-2014 only): the first incident's action
and hostility, the highest incident hostility, the path of hostility levels in incident order
(consecutive repeats folded), the date and days from the dispute's start to its first incident at
the highest level, the last incident's hostility, whether hostility rose after the first incident
(``escalated``) and whether the last incident stood below the peak (``ended_below_peak``, a
de-escalation before the end). Disputes without incidents get null incident fields, never 0.

MID hostility levels: 1 no militarized action, 2 threat, 3 display, 4 use of force, 5 war.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    from ..warehouse import Warehouse

MID = "cow-mid-5.0"
HOSTILITY = {
    1: "no militarized action",
    2: "threat to use force",
    3: "display of force",
    4: "use of force",
    5: "war",
}
OUTCOME = {
    1: "victory for side A", 2: "victory for side B", 3: "yield by side A", 4: "yield by side B",
    5: "stalemate", 6: "compromise", 7: "released", 8: "unclear", 9: "joins ongoing war",
}  # fmt: skip
SETTLE = {1: "negotiated", 2: "imposed", 3: "none", 4: "unclear"}


def _label(expr: str, labels: dict[int, str]) -> str:
    cases = " ".join(f"WHEN {k} THEN '{v}'" for k, v in labels.items())
    return f"CASE {expr} {cases} END"


def dispute_escalation_sql(disputes: str, incidents: str) -> str:
    """SQL: one row per dispute with escalation and de-escalation fields (see module docs)."""
    return f"""
        WITH inc AS (
            SELECT dispnum, incidnum, start, action, hostlev,
                   row_number() OVER (PARTITION BY dispnum ORDER BY start, incidnum) AS k
            FROM {incidents}),
        folded AS (  -- the hostility path with consecutive repeats folded
            SELECT dispnum, list(hostlev ORDER BY k) AS path FROM (
                SELECT *, lag(hostlev) OVER (PARTITION BY dispnum ORDER BY k) AS prev FROM inc)
            WHERE prev IS NULL OR prev <> hostlev GROUP BY dispnum),
        per AS (
            SELECT dispnum, count(*) AS n_incidents,
                   arg_min(action, k) AS first_action, arg_min(hostlev, k) AS first_hostlev,
                   max(hostlev) AS peak_hostlev, arg_max(hostlev, k) AS last_hostlev
            FROM inc GROUP BY dispnum),
        peak AS (
            SELECT i.dispnum, min(i.start) AS peak_date
            FROM inc i JOIN per p USING (dispnum) WHERE i.hostlev = p.peak_hostlev GROUP BY i.dispnum)
        SELECT d.dispnum, d.start, d."end", d.hiact, d.hostlev,
               {_label("d.hostlev", HOSTILITY)} AS hostility,
               d.hostlev >= 3 AS reached_display, d.hostlev >= 4 AS reached_force,
               d.hostlev = 5 AS reached_war, d.fatality, d.fatalpre,
               d.outcome, {_label("d.outcome", OUTCOME)} AS outcome_label,
               d.settle, {_label("d.settle", SETTLE)} AS settle_label,
               d.settle = 1 AS negotiated_settlement,
               p.dispnum IS NOT NULL AS has_incidents, p.n_incidents,
               p.first_action, p.first_hostlev, p.peak_hostlev, p.last_hostlev,
               f.path AS hostility_path, k.peak_date,
               date_diff('day', d.start, k.peak_date) AS days_to_peak,
               p.peak_hostlev > p.first_hostlev AS escalated,
               p.last_hostlev < p.peak_hostlev AS ended_below_peak
        FROM {disputes} d
        LEFT JOIN per p USING (dispnum) LEFT JOIN folded f USING (dispnum)
        LEFT JOIN peak k USING (dispnum)
        ORDER BY d.dispnum"""


def dispute_escalation(warehouse: Warehouse | None = None) -> pa.Table:
    """COW MID 5.0 escalation paths, one row per dispute (2,436 rows).

    >>> import detente
    >>> t = detente.dispute_escalation()
    >>> t.num_rows, sum(t["has_incidents"].to_pylist())
    (2436, 667)
    """
    from ..warehouse import default_warehouse

    wh = warehouse or default_warehouse()
    sql = dispute_escalation_sql(wh.view_name(MID, "disputes"), wh.view_name(MID, "incidents"))
    return wh.con.sql(sql).to_arrow_table()
