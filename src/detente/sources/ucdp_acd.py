"""UCDP/PRIO Armed Conflict Dataset 25.1: one row per conflict-year (1946-2024).

State codes here are Gleditsch-Ward numbers, not COW codes: they are kept as given, in columns
named ``gwno_*`` (translate with :mod:`detente.crosswalk` where a COW code is needed). Serbia
keeps UCDP's 345 after 2006, where G&W have 340 (11 secondary-party rows, peacekeeping-era
coalitions); both are COW 345, so COW panels need no fix.

Quirks fixed:
- Multi-party fields are comma-separated text (``"200,  2"``, with stray double spaces): the
  ``gwno_*`` columns and ``region`` are lists of integers, ``side_a_id``/``side_b_id`` lists of
  UCDP actor ids; a blank field is an empty list (e.g. no state on side B of an intrastate
  conflict, no secondary supporter).
- Text fields carry stray whitespace (``"FLN "``, a leading space in 15 side_a_2nd and 17
  side_b_2nd values, a line break inside ``"East Turkestan\\n"``): trimmed; blank text is null.
- ``cumulative_intensity`` and ``ep_end`` 0/1 are booleans; ``ep_end_date`` is null while the
  episode goes on; ``ep_end_prec`` (empty in every row) and the constant ``version`` are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._conflict import int_list, select_list
from ._read import require_columns, sql

READ = "read_csv({f}, header=true, all_varchar=true)"
GWNO = ["gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd", "gwno_loc"]
TEXT = ["location", "side_a", "side_a_2nd", "side_b", "side_b_2nd", "territory_name"]
COLUMNS = [
    "conflict_id", "year", *TEXT, "side_a_id", "side_b_id", "incompatibility", "intensity_level",
    "cumulative_intensity", "type_of_conflict", "start_date", "start_prec", "start_date2",
    "start_prec2", "ep_end", "ep_end_date", *GWNO, "region",
]  # fmt: skip
WHITESPACE = "' ' || chr(9) || chr(10) || chr(13)"


def _text(col: str) -> str:
    """SQL for a text column with surrounding whitespace (incl. line breaks) trimmed; blank -> NULL."""
    return f"nullif(trim({col}, {WHITESPACE}), '') AS {col}"


def _date(col: str) -> str:
    """SQL for an ISO date text column as DATE (blank -> NULL)."""
    return f"nullif(trim({col}), '')::DATE AS {col}"


def parse_conflicts(files: Mapping[str, Path]) -> pa.Table:
    """One row per conflict-year: conflict_id, year, sides, gwno_* lists, intensity, type, region."""
    path = files["UcdpPrioConflict_v25_1.csv"]
    require_columns(sql(f"SELECT * FROM {READ} LIMIT 1", f=path), COLUMNS, path)
    items = [
        "conflict_id::INTEGER AS conflict_id",
        "year::SMALLINT AS year",
        *(_text(c) for c in TEXT[:3]),
        f"{int_list('side_a_id', 'INTEGER')} AS side_a_id",
        *(_text(c) for c in TEXT[3:5]),
        f"{int_list('side_b_id', 'INTEGER')} AS side_b_id",
        "incompatibility::TINYINT AS incompatibility",
        _text("territory_name"),
        "intensity_level::TINYINT AS intensity_level",
        "cumulative_intensity::TINYINT = 1 AS cumulative_intensity",
        "type_of_conflict::TINYINT AS type_of_conflict",
        _date("start_date"),
        "start_prec::TINYINT AS start_prec",
        _date("start_date2"),
        "start_prec2::TINYINT AS start_prec2",
        "ep_end::TINYINT = 1 AS ep_end",
        _date("ep_end_date"),
        *(f"{int_list(c)} AS {c}" for c in GWNO),
        f"{int_list('region', 'TINYINT')} AS region",
    ]
    return sql(f"SELECT {select_list(items)} FROM {READ} ORDER BY conflict_id, year", f=path)


register(
    Source(
        id="ucdp-acd",
        version="25.1",
        title="UCDP/PRIO Armed Conflict Dataset",
        publisher="Uppsala Conflict Data Program (UCDP) and Peace Research Institute Oslo (PRIO)",
        landing_page="https://ucdp.uu.se/downloads/",
        citation="""@article{davies_et_al_2025,
  author = {Davies, Shawn and Engstr{\\"o}m, Garoun and Pettersson, Th{\\'e}r{\\`e}se and
            {\\"O}berg, Magnus},
  title = {Organized Violence 1989--2024},
  journal = {Journal of Peace Research},
  volume = {62},
  number = {4},
  year = {2025}
}
@article{gleditsch_et_al_2002,
  author = {Gleditsch, Nils Petter and Wallensteen, Peter and Eriksson, Mikael and
            Sollenberg, Margareta and Strand, H{\\aa}vard},
  title = {Armed Conflict 1946--2001: A New Dataset},
  journal = {Journal of Peace Research},
  volume = {39},
  number = {5},
  pages = {615--637},
  year = {2002}
}""",
        terms="CC BY 4.0 (per the UCDP download page): free to use and share with citation.",
        years=(1946, 2024),
        redistributable=True,
        files=(
            SourceFile(
                name="UcdpPrioConflict_v25_1.csv",
                sha256="a7a2ff6caf6c854f4fafb1b17f616da1ed6bbc00612943ec6e071511ebea7a81",
                format="csv",
                url="https://ucdp.uu.se/downloads/ucdpprio/ucdp-prio-acd-251-csv.zip",
                member="UcdpPrioConflict_v25_1.csv",
                note="copied from a GitHub mirror (michelcapelle/metternich); byte identity with "
                "the zip member is unverified and the member name is expected, not seen",
                size=506186,
            ),
        ),
        tables={"conflicts": parse_conflicts},
        quirks=(
            "Comma-separated gwno_*, region and side ids become integer lists (blank -> []).",
            "State codes are Gleditsch-Ward numbers, kept as given in gwno_* columns; Serbia stays "
            "345 after 2006 (G&W 340), which the crosswalk maps to COW 345 all the same.",
            "Stray spaces and a line break in text fields are trimmed; blank text is null.",
            "cumulative_intensity and ep_end are booleans; empty ep_end_prec and version dropped.",
        ),
    )
)
