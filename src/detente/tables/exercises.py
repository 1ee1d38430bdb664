"""Joint-exercise tables as verbs: participants with their codes, and MME-JME matches.

``detente exercise-participants`` lists every participant entry of MME or JME exercises with
its COW and G&W codes (or what it is when it is no state); ``detente exercise-matches`` lists
the MME and JME records the cross-check pairs (docs/exercises.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

import pyarrow as pa
import pyarrow.compute as pc

from ..params import Help, Years
from ..registry import get_source
from ..steps import exercises as ex
from ..warehouse import Warehouse, default_warehouse
from ._base import table
from ._filters import is_in, year_span

PARTICIPANT_COLUMNS = {
    "exercise_id": "the exercise (row number of the source file: MME ids are re-used)",
    "year": "start year",
    "name": "exercise name (null when the source has none)",
    "slot": "participant column in the file (1 = StateA / State A)",
    "as_written": "the entry as the file writes it",
    "ccode": "COW code in the start year (null when no state)",
    "gwcode": "G&W code of the same state that year (null when G&W lists none)",
    "kind": "state, unknown (-9), organisation (NATO), group (Baltic States) or territory",
    "note": "why an entry maps to no state",
}
MATCH_COLUMNS = {
    "mme_id": "MME exercise_id",
    "jme_id": "JME exercise_id",
    "year": "start year (both)",
    "mme_name": "MME name",
    "jme_name": "JME name",
    "mme_month": "MME start month",
    "jme_month": "JME start month",
    "shared": "participating states in both records",
    "mme_states": "participating states in MME",
    "jme_states": "participating states in JME",
    "jaccard": "shared / states in either",
    "same_name": "same name key (letters only)",
    "rule": "name, or participants (close month and Jaccard >= 0.5)",
}


@table(
    "exercise-participants",
    sources=("mme-7", "jme-3"),
    columns=PARTICIPANT_COLUMNS,
    show=("exercise_id", "year", "name", "as_written", "ccode", "gwcode", "kind"),
)
def exercise_participants(
    source: Annotated[Literal["mme", "jme"], Help("mme (1980-2010) or jme (1974-2010)")] = "mme",
    ccode: Annotated[Sequence[int] | None, Help("keep exercises with these COW states")] = None,
    years: Annotated[Years, Help("keep exercises that start in these years")] = None,
    *,
    warehouse: Warehouse | None = None,
) -> pa.Table:
    """Every participant entry of every MME or JME exercise with its COW and G&W codes.

    >>> import detente
    >>> t = detente.exercise_participants(years="1980").to_pylist()
    >>> sorted(r["as_written"] for r in t if r["name"] == "Readex 1-80")
    ['Netherlands', 'United Kingdom', 'United States']
    """
    wh = warehouse or default_warehouse()
    out = wh.con.sql(f"SELECT * FROM ({ex.participants_sql(wh, source)}) ORDER BY exercise_id, slot")
    result = out.to_arrow_table()
    if years is not None:
        lo, hi = year_span(years, get_source(ex.SOURCES[source]).years, source.upper())
        keep = pc.and_(pc.greater_equal(result["year"], lo), pc.less_equal(result["year"], hi))
        result = result.filter(keep)
    if ccode:
        ids = is_in(result, "ccode", ccode)["exercise_id"]
        result = is_in(result, "exercise_id", ids.to_pylist())
    return result


@table(
    "exercise-matches",
    sources=("mme-7", "jme-3"),
    columns=MATCH_COLUMNS,
    show=("mme_id", "jme_id", "year", "mme_name", "jme_name", "rule", "jaccard"),
)
def exercise_matches(
    years: Annotated[Years, Help("keep pairs starting in these years (1980-2010)")] = None,
    *,
    warehouse: Warehouse | None = None,
) -> pa.Table:
    """MME and JME records that describe the same exercise, by the rule in docs/exercises.md.

    >>> import detente
    >>> t = detente.exercise_matches(years="1986").to_pylist()
    >>> [r["rule"] for r in t if r["mme_name"] == "Cobra Gold 86"]
    ['name']
    """
    wh = warehouse or default_warehouse()
    cond = ""
    if years is not None:
        lo, hi = year_span(years, (1980, 2010), "the MME-JME overlap")
        cond = f"WHERE year BETWEEN {lo} AND {hi}"
    sql = f"SELECT * FROM ({ex.match_sources_sql(wh)}) {cond} ORDER BY mme_id, jme_id"
    return wh.con.sql(sql).to_arrow_table()
