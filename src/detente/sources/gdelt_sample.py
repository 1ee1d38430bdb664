"""GDELT 1.0 events: a September 2012 extract (Georgia) and the GDELT 1.0/2.0 event schemas.

Quirks fixed:
- ``sept2012.csv`` was rewritten by R: comma-separated, quoted, missing values written as an
  unquoted ``NA`` (a quoted "NA" would stay text). Raw GDELT exports are tab-separated and
  unquoted; :mod:`detente.sources._events` reads both.
- Every code column (CAMEO event codes such as ``043``, actor, FIPS and ADM codes, feature ids)
  is read as text, so leading zeros are kept.
- The R rewrite fills latitude, longitude and feature id with 0 where there is no geography
  (geography type NA): they are null whenever the geography type is missing or 0.
- Events before April 2013 have no SOURCEURL: the 58th column is blank in every row (null).
- Actor country codes are CAMEO's three-letter codes (mostly ISO 3166 alpha-3, plus regions such
  as ``WST`` "the West"); geography country codes are FIPS 10-4 (``GG`` is Georgia).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._events import read_table
from ._read import sql

GDELT_CITATION = """@inproceedings{leetaru_schrodt_2013,
  author = {Leetaru, Kalev and Schrodt, Philip A.},
  title = {{GDELT}: Global Data on Events, Location, and Tone, 1979--2012},
  booktitle = {ISA Annual Convention},
  year = {2013}
}"""
GDELT_TERMS = "GDELT data are free for unlimited use with attribution (gdeltproject.org)."
PYR = "https://raw.githubusercontent.com/linwoodc3/gdeltPyR/8762db7f5aaa4f30eda0c9e72b2039ddb68ad593"


def parse_events(files: Mapping[str, Path]) -> pa.Table:
    """The 2,223 GDELT 1.0 events of the extract, typed, with code columns as text."""
    return read_table(files["sept2012.csv"], "gdelt1", order='"GLOBALEVENTID"')


def parse_schema_v1(files: Mapping[str, Path]) -> pa.Table:
    """GDELT 1.0 event columns in file order: position, name, type, description (gdeltPyR)."""
    return sql(
        "SELECT row_number() OVER ()::SMALLINT AS position, name, type, description "
        "FROM read_csv({f}, header=true, all_varchar=true)",
        f=files["events1.csv"],
    )


def parse_schema_v2(files: Mapping[str, Path]) -> pa.Table:
    """GDELT 2.0 event columns in file order, from GDELT's own header file (Sep 2016)."""
    return sql(
        "SELECT row_number() OVER ()::SMALLINT AS position, tableId AS name, dataType AS type, "
        "Description AS description "
        "FROM read_csv({f}, header=true, all_varchar=true)",
        f=files["GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"],
    )


register(
    Source(
        id="gdelt-sample",
        version="GDELT 1.0 events (Sept 2012 extract); schemas from gdeltPyR",
        title="GDELT 1.0 event sample and GDELT 1.0/2.0 event schemas",
        publisher="The GDELT Project",
        landing_page="https://www.gdeltproject.org/data.html",
        citation=GDELT_CITATION,
        terms=GDELT_TERMS,
        years=(2012, 2012),
        files=(
            SourceFile(
                name="sept2012.csv",
                sha256="ccf0b00851bedee3ec4efebf35ad39098139c0ba452f57bac7f3a1c802e6e4f5",
                format="csv",
                publisher_identical=False,
                note="an R-filtered and R-rewritten extract of GDELT 1.0 events (Georgia, Sept "
                "2012; mpiccirilli/UNDP-BCPR-Project); no publisher file matches it",
                size=825226,
            ),
            SourceFile(
                name="events1.csv",
                sha256="738716f11ff6cde46000cacd568a68ac5fbcc2afbebd4d83d2ce1d452d7d4a8e",
                format="csv",
                url=f"{PYR}/data/events1.csv",
                publisher_identical=True,
                note="gdeltPyR's GDELT 1.0 schema table, not a GDELT file",
                size=21600,
            ),
            SourceFile(
                name="events2.csv",
                sha256="7a1991ec94325b9d5a0f50cc1f26c4d7d82bd9526a01c8799c05b782eb4a13ac",
                format="csv",
                url=f"{PYR}/data/events2.csv",
                publisher_identical=True,
                note="gdeltPyR's GDELT 2.0 schema table, not a GDELT file",
                size=26781,
            ),
            SourceFile(
                name="GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv",
                sha256="63db5ad9ef9166894a4e0c1883057cabb30bbadbac80209df639d85ec9bafe41",
                format="csv",
                url=f"{PYR}/utils/schema_csvs/GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv",
                publisher_identical=True,
                note="GDELT's 2.0 header file as hosted by gdeltPyR",
                size=27344,
            ),
        ),
        tables={"events": parse_events, "schema_v1": parse_schema_v1, "schema_v2": parse_schema_v2},
        quirks=(
            "sept2012.csv is an R rewrite (comma-separated, quoted, NA for missing); raw exports "
            "are tab-separated and unquoted, and both are read.",
            "Code columns are text: leading zeros kept (EventCode 043).",
            "Latitude, longitude and feature id are null where the geography type is missing or 0 "
            "(the R rewrite wrote 0).",
            "Actor country codes are CAMEO three-letter codes; geography codes are FIPS 10-4.",
        ),
    )
)
