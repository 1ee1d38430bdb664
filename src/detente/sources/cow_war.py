"""COW Inter-State War Data 4.0: one row per war participant (95 wars, 1823-2003).

Quirks fixed:
- The file ends its lines with a bare carriage return (classic Mac line endings) and has no final
  line break: it is read with ``new_line='\\r'``.
- -8 ("not applicable": no second spell, no transformation) and -9 ("missing": one BatDeath,
  Thailand in war 170) become null, never 0.
- A participant may fight in two spells (France in World War II, Israel and the Arab states in
  1948, ...): ``start1``/``end1`` and ``start2``/``end2`` (null without a second spell) are DATEs,
  and ``start``/``end`` span both spells.
- ``TransFrom`` mixes numbers and text (``"404, 410"``: the Spanish-American war grew out of two
  non-state wars): ``trans_from`` is a list of war numbers; ``trans_to`` a single number.
- ``Initiator`` 1/2 (yes/no) is the boolean ``initiator``; ``WarType`` is always 1 (inter-state)
  and ``Version`` always 4, so both are dropped. Column names are snake_case.
- A state that changed sides has one row per side (France, Italy, Romania, Bulgaria in World War
  II; Germany in war 108): identify a row by (warnum, ccode, side).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._conflict import date_sql, int_list, nulls, select_list
from ._read import require_columns, sql

COLUMNS = [
    "WarNum", "WarName", "WarType", "ccode", "StateName", "Side", "StartMonth1", "StartDay1",
    "StartYear1", "EndMonth1", "EndDay1", "EndYear1", "StartMonth2", "StartDay2", "StartYear2",
    "EndMonth2", "EndDay2", "EndYear2", "TransFrom", "WhereFought", "Initiator", "Outcome",
    "TransTo", "BatDeath",
]  # fmt: skip
READ = r"read_csv({f}, header=true, new_line='\r', all_varchar=true)"


def _n(col: str, kind: str = "INTEGER") -> str:
    """SQL for a text column as the integer ``kind`` with -8 and -9 as NULL."""
    return f"{nulls(f'{col}::{kind}', -8, -9)}"


def _spell(n: int, which: str) -> str:
    """SQL for the DATE a spell (1 or 2) starts or ends (NULL when the spell does not exist)."""
    y, m, d = (_n(f"{which}{part}{n}") for part in ("Year", "Month", "Day"))
    return date_sql(y, m, d, end=which == "End")


def parse_participants(files: Mapping[str, Path]) -> pa.Table:
    """One row per war participant: warnum, war_name, ccode, side, spell dates, outcome, bat_death."""
    path = files["Inter-StateWarData_v4.0.csv"]
    require_columns(sql(f"SELECT * FROM {READ} LIMIT 1", f=path), COLUMNS, path)
    trans_from = f"CASE WHEN trim(TransFrom) IN ('-8', '-9') THEN NULL ELSE {int_list('TransFrom')} END"
    items = [
        "WarNum::SMALLINT AS warnum",
        "trim(WarName) AS war_name",
        "ccode::SMALLINT AS ccode",
        "trim(StateName) AS state_name",
        "Side::TINYINT AS side",
        f"{_spell(1, 'Start')} AS start1",
        f"{_spell(1, 'End')} AS end1",
        f"{_spell(2, 'Start')} AS start2",
        f"{_spell(2, 'End')} AS end2",
        f"{trans_from} AS trans_from",
        f"{_n('TransTo')}::SMALLINT AS trans_to",
        "WhereFought::TINYINT AS where_fought",
        "Initiator::TINYINT = 1 AS initiator",
        "Outcome::TINYINT AS outcome",
        f"{_n('BatDeath')} AS bat_death",
    ]
    return sql(
        f"""WITH w AS (SELECT {select_list(items)} FROM {READ})
            SELECT warnum, war_name, ccode, state_name, side,
                   start1 AS start, coalesce(end2, end1) AS "end", * EXCLUDE (warnum, war_name,
                   ccode, state_name, side)
            FROM w ORDER BY warnum, side, ccode, start""",
        f=path,
    )


register(
    Source(
        id="cow-war-4.0",
        version="4.0",
        title="COW Inter-State War Data",
        publisher="Correlates of War Project (Sarkees and Wayman)",
        landing_page="https://correlatesofwar.org/data-sets/cow-war/",
        citation="""@book{sarkees_wayman_2010,
  author = {Sarkees, Meredith Reid and Wayman, Frank Whelon},
  title = {Resort to War: A Data Guide to Inter-State, Extra-State, Intra-State, and Non-State
           Wars, 1816--2007},
  publisher = {CQ Press},
  address = {Washington, DC},
  year = {2010}
}""",
        terms="Free of charge for research use; cite as the COW Project requests. "
        "No formal open-data licence is stated.",
        years=(1816, 2007),
        files=(
            SourceFile(
                name="Inter-StateWarData_v4.0.csv",
                sha256="2535e30b145141c331a07d12d91e498ad8bdd3db32ba8d3bd88c4fda54817731",
                format="csv",
                url="https://correlatesofwar.org/wp-content/uploads/Inter-StateWarData_v4.0.csv",
                publisher_identical=True,
                note="md5 1bfbb9c8b30d90b63d9d5948a9f5e24c and 31,698 bytes, as OWID fetched the "
                "publisher's file on 2023-09-21",
                size=31698,
            ),
        ),
        tables={"participants": parse_participants},
        quirks=(
            "Lines end with a bare carriage return (CR); read with new_line='\\r'.",
            "-8 (not applicable) and -9 (missing) become null.",
            "Two spells per participant: start1/end1, start2/end2; start/end span both.",
            "TransFrom mixes numbers and text ('404, 410'): trans_from is a list of war numbers.",
            "Initiator 1/2 becomes a boolean; constant WarType and Version are dropped.",
            "States that changed sides have one row per side: key (warnum, ccode, side).",
        ),
    )
)
