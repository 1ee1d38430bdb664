"""PLOVER: the CAMEO -> PLOVER crosswalk (2021), the manual, and 322 gold-standard records.

Quirks fixed:
- The crosswalk is a text file of ``CODE: EVENT, MODE, CONTEXT # CAMEO label`` lines with ``#``
  comments; two-digit lines are section headers. Section ``08`` appears twice (CONCEDE for
  080-083, RETREAT for 084-087), so no root-level mapping is kept for 08; code 175 is listed
  twice with the same mapping and kept once. Blank modes and contexts are null; several contexts
  are ``;``-separated (``crime; corruption``).
- CAMEO 01 and 02 (statements, appeals) have no PLOVER event; 191/192 (blockade, occupation) map
  to COERCE, not ASSAULT.
- The gold-standard records use PLOVER 0.5b1 event names (DEMAND, DISAPPROVE, FIGHT,
  INVESTIGATE), older than the crosswalk's (REQUEST, ACCUSE, ASSAULT). Their dates are all the
  placeholder 2000-01-01; the one DOCUMENT record (documentation, not an event) is dropped. Actors
  are lists: the first source and target actor are the record's, the lists are kept as JSON. A
  few actor codes are not ISO (``JAP``, ``ITL``); location country codes are ISO 3166 alpha-2.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._events import read_table
from ._read import sql

RAW = "https://raw.githubusercontent.com/openeventdata/PLOVER/5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f"
LINE = r"^(\d\d\d?\d?):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?(?:#\s*(.*))?$"


def parse_crosswalk(files: Mapping[str, Path]) -> pa.Table:
    """One row per CAMEO code: cameo_code, plover_event, plover_mode, plover_context, cameo_label."""

    def part(i: int) -> str:
        return f"nullif(regexp_replace(trim(regexp_extract(line, '{LINE}', {i})), '\\s+', ' ', 'g'), '')"

    return sql(
        f"""WITH lines AS (
                SELECT trim(unnest(string_split(content, chr(10)))) AS line FROM read_text({{f}})),
            parsed AS (
                SELECT {part(1)} AS cameo_code, {part(2)} AS plover_event, {part(3)} AS plover_mode,
                       {part(4)} AS plover_context, {part(5)} AS cameo_label
                FROM lines WHERE regexp_matches(line, '{LINE}')),
            roots AS (SELECT cameo_code FROM parsed WHERE length(cameo_code) = 2
                      GROUP BY ALL HAVING count(DISTINCT plover_event) > 1)
            SELECT DISTINCT ON (cameo_code) cameo_code, plover_event, plover_mode, plover_context,
                   cameo_label, length(cameo_code) = 2 AS is_section
            FROM parsed WHERE cameo_code NOT IN (SELECT cameo_code FROM roots)
            ORDER BY cameo_code, cameo_label""",
        f=files["CAMEO2PLOVER-2021.txt"],
    )


def parse_records(files: Mapping[str, Path]) -> pa.Table:
    """The gold-standard records (322 events): id, date, event, mode, context, first actors, text."""
    return read_table(files["PLOVER_GSR_CAMEO.txt"], "plover", order="event_id")


register(
    Source(
        id="plover",
        version="PLOVER manual draft 0.8 (2021-09-17); CAMEO2PLOVER-2021; GSR 0.5b1",
        title="PLOVER political event ontology: CAMEO crosswalk, manual, gold-standard records",
        publisher="Open Event Data Alliance",
        landing_page="https://github.com/openeventdata/PLOVER",
        citation="""@misc{halterman_et_al_2023,
  author = {Halterman, Andrew and Schrodt, Philip A. and Beger, Andreas and Bagozzi, Benjamin E.
            and Scarborough, Grace I.},
  title = {Creating Custom Event Data Without Dictionaries: A Bag-of-Tricks},
  note = {PLOVER and POLECAT: a new political event ontology and dataset},
  year = {2023}
}
@manual{schrodt_2021_plover,
  author = {Schrodt, Philip A.},
  title = {{PLOVER}: Political Language Ontology for Verifiable Event Records, Draft 0.8},
  organization = {Open Event Data Alliance},
  year = {2021},
  url = {https://github.com/openeventdata/PLOVER}
}""",
        terms="Creative Commons Attribution-ShareAlike 4.0.",
        redistributable=True,
        files=(
            SourceFile(
                name="CAMEO2PLOVER-2021.txt",
                sha256="524512a777756e90f6721724d7c5cab4eac2c35178a50ad2ad09bdb3edefbe7e",
                format="txt",
                url=f"{RAW}/CAMEO2PLOVER-2021.txt",
                publisher_identical=True,
                size=17344,
            ),
            SourceFile(
                name="PLOVER_GSR_CAMEO.txt",
                sha256="f0d516858bf7ad05283ed0f8e6b1ea66d9ee4175703877d5ab0598503aa1a558",
                format="json",
                url=f"{RAW}/gold_standard_records/PLOVER_GSR_CAMEO.txt",
                publisher_identical=True,
                size=292250,
            ),
            SourceFile(
                name="PLOVER_MANUAL.pdf",
                sha256="7d642be059359ccb8bbc2e3d6cfa61f96cdc32cea98d5bfb7cd06852e4e12345",
                format="pdf",
                url=f"{RAW}/PLOVER_MANUAL.pdf",
                publisher_identical=True,
                size=453261,
            ),
        ),
        tables={"crosswalk": parse_crosswalk, "records": parse_records},
        quirks=(
            "Section 08 is listed as both CONCEDE and RETREAT: no root-level mapping for 08.",
            "Code 175 is listed twice and kept once; blank modes/contexts are null.",
            "Gold-standard records use PLOVER 0.5b1 names; dates are the placeholder 2000-01-01; "
            "the DOCUMENT record is dropped; first source/target actor kept, lists as JSON.",
        ),
    )
)
