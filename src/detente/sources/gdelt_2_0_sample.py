"""GDELT 2.0 events: one unmodified 15-minute export (slot 2015-02-18 23:00 UTC, 2,271 events).

Quirks fixed:
- Tab-separated, no header, 61 columns; every column is read as text and cast by name, so
  EventCode/EventBaseCode/EventRootCode keep their leading zeros (``043``, ``04``).
- DATEADDED is the 15-minute slot (YYYYMMDDHHMMSS, a timestamp); SQLDATE is the event date, and
  52 events carry an SQLDATE a year earlier (2014-02-18).
- ``*_FeatureID`` mixes numbers and letters (text). ``ActionGeo_CountryCode`` and the other
  geography codes are FIPS 10-4 (``IZ`` Iraq, ``UP`` Ukraine, ``RS`` Russia); actor country codes
  are CAMEO/ISO-3 (``IRQ``, ``UKR``, ``RUS``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._events import read_table
from .gdelt_sample import GDELT_CITATION, GDELT_TERMS

FILE = "20150218230000.export.CSV"


def parse_events(files: Mapping[str, Path]) -> pa.Table:
    """The 2,271 events of the export, typed, with code columns as text."""
    return read_table(files[FILE], "gdelt2", order='"GLOBALEVENTID"')


register(
    Source(
        id="gdelt-2.0-sample",
        version="GDELT 2.0 Events export, slot 2015-02-18 23:00:00 UTC",
        title="GDELT 2.0 Events: one 15-minute export",
        publisher="The GDELT Project",
        landing_page="https://www.gdeltproject.org/data.html",
        citation=GDELT_CITATION,
        terms=GDELT_TERMS,
        years=(2014, 2015),
        files=(
            SourceFile(
                name=FILE,
                sha256="b746574147927ad6dba819c1a2493161fa38bfe5c6f61df1041d43a0c6e27af0",
                format="tsv",
                url="http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip",
                member=FILE,
                note="unzipped copy from media-dashboard/bootstrap-db; the zip's md5 is on "
                "GDELT's master file list, the member's hash is unverified",
                size=889502,
            ),
        ),
        tables={"events": parse_events},
        quirks=(
            "Code columns are text: leading zeros kept (EventCode 043, EventRootCode 04).",
            "DATEADDED is a timestamp (the 15-minute slot); 52 events have an SQLDATE in 2014.",
            "Geography country codes are FIPS 10-4, actor country codes CAMEO/ISO-3.",
        ),
    )
)
