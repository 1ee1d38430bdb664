"""Archigos 4.1 political leaders: all 3,409 leader spells, identifier and date columns only.

One row per leader spell (1840-2015): ``obsid`` (e.g. ``USA-1869``), ``idacr`` (the state's
abbreviation), ``leader`` and the spell's start and end dates. The publisher's other variables
(entry and exit manner, ``ccode``, gender, birth and death...) are not in this copy.

Quirks fixed:
- Dates are ``YYYY-MM-DD`` strings in the file: they become DATE (all 6,818 parse).
- Coverage ends on 2015-12-31, and leaders still in office then carry that end date (Obama,
  Merkel, Putin...): ``in_office_at_end`` flags them, since their ``end`` is a censoring date,
  not an exit.
- The file is Stata 14 (UTF-8) but 14 leader names are stored in Latin-1 (``Hern\xe1ndez``,
  ``Niinist\xf6``, ``L\xf8kke``...): each string is decoded as UTF-8, falling back to Latin-1, so
  they read ``Hernández``, ``Niinistö``, ``Løkke`` (the fallback warning is expected and silenced).
- ``idacr`` follows Archigos, close to but not identical with COW ``stateabb`` (unified Germany
  stays ``GFR``, e.g. Merkel ``GFR-2005``); no numeric code exists in this copy and none is made up.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._formats import frames_sql
from ._read import require_columns, stata

FILE = "Archigos_4.1_stata14.dta"
COVERAGE_END = "2015-12-31"


def parse_leaders(files: Mapping[str, Path]) -> pa.Table:
    """One row per leader spell: obsid, idacr, leader, start, end, in office at end of coverage."""
    path = files[FILE]
    with warnings.catch_warnings():  # pandas warns when it falls back to Latin-1 (see above)
        warnings.simplefilter("ignore", UnicodeWarning)
        raw = stata(path)
    require_columns(raw, ["obsid", "idacr", "leader", "startdate", "enddate"], path)
    return frames_sql(
        f"""SELECT trim(obsid) AS obsid, trim(idacr) AS idacr, trim(leader) AS leader,
                   strptime(startdate, '%Y-%m-%d')::DATE AS start,
                   strptime(enddate, '%Y-%m-%d')::DATE AS "end",
                   enddate = '{COVERAGE_END}' AS in_office_at_end
            FROM raw ORDER BY idacr, start, obsid""",
        raw=raw,
    )


register(
    Source(
        id="archigos-4.1-subset",
        version="4.1 (identifier and date columns only)",
        title="Archigos: A Data Set on Leaders 1875-2015 (leader spells subset)",
        publisher="H. E. Goemans, Kristian Skrede Gleditsch and Giacomo Chiozza",
        landing_page="http://ksgleditsch.com/archigos.html",
        citation="""@article{goemans_gleditsch_chiozza_2009,
  author = {Goemans, Henk E. and Gleditsch, Kristian Skrede and Chiozza, Giacomo},
  title = {Introducing {Archigos}: A Dataset of Political Leaders},
  journal = {Journal of Peace Research},
  volume = {46},
  number = {2},
  pages = {269--283},
  year = {2009}
}""",
        terms="Free for academic use with citation; no redistribution licence is stated.",
        years=(1875, 2015),  # coverage; spells of leaders in office in 1875 start as early as 1840
        files=(
            SourceFile(
                name=FILE,
                sha256="4319ab04eed3f3f71705efd7cb582b3584407a7c239c91ea00cdaabbea9ac217",
                format="dta",
                url="https://www.rochester.edu/college/faculty/hgoemans/Archigos_4.1_stata14.dta",
                publisher_identical=False,
                note="this copy keeps 5 of the publisher's ~28 columns (256,021 bytes; the "
                "publisher's file is about 2.9 MB): the download will not match",
                size=256021,
            ),
        ),
        tables={"leaders": parse_leaders},
        quirks=(
            "String dates become DATE.",
            "Latin-1 leader names in a UTF-8 Stata file are decoded per string.",
            "End date 2015-12-31 is the end of coverage: in_office_at_end marks censored spells.",
            "idacr is Archigos's abbreviation (unified Germany stays GFR), not a COW code.",
            "Only 5 of the publisher's columns exist in this copy.",
        ),
    )
)
