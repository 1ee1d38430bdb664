"""UN peacekeeping fatalities by contributing nationality, mission and month (1948-2015).

A secondary compilation of UN DPKO fatality statistics (file ``Contigent-mission-month_data``,
from Trey Wood's replication repository). One row per nationality x mission x month with at
least one death: counts by cause (``illness + accident + malicious + other = total``) and by
personnel type (``mil + obs + police + local + international + other_staff = total``). A
nationality-mission-month that is absent had no recorded fatality.

Quirks fixed:
- ``Cowcontr`` (COW code of the contributor) is a float; it becomes ``ccode`` SMALLINT.
- Germany is coded 260 (German Federal Republic, which ended in 1990) in 1993-2013: 255 from
  October 1990 on, as in the COW state list.
- The Czech Republic is coded 315 (Czechoslovakia) in 1994-95: 316 from 1993 on.
- ``Occupied Palestinian Territory`` carries 1020, the compiler's own code, not a COW state:
  ``ccode`` is null there (the nationality text is kept).
- ``ZZ [Undetermined]`` (13 rows, unknown nationality) has no code: ``nationality`` and ``ccode``
  are null, the deaths are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._formats import frames_sql
from ._read import require_columns, stata

FILE = "Contigent-mission-month_data.dta"
#: output column -> file column, for the fatality counts
COUNTS = {
    "illness": "Illness",
    "accident": "Accident",
    "malicious": "Malicious",
    "other": "Other",
    "total": "Total",
    "mil": "Mil",
    "obs": "Obs",
    "police": "Police",
    "local": "Local",
    "international": "International",
    "other_staff": "Otherstaff",
}
UNDETERMINED = "ZZ [Undetermined]"
NOT_COW = 1020  # compiler's code for the Occupied Palestinian Territory


def parse_fatalities(files: Mapping[str, Path]) -> pa.Table:
    """One row per nationality-mission-month: year, month, nationality, ccode, mission, counts."""
    path = files[FILE]
    raw = require_columns(
        stata(path), ["Year", "Month", "Nationality", "Mission", "Cowcontr", *COUNTS.values()], path
    )
    counts = ", ".join(f'"{src}"::SMALLINT AS {out}' for out, src in COUNTS.items())
    return frames_sql(
        f"""SELECT Year::SMALLINT AS year, Month::TINYINT AS month,
                   make_date(Year, Month, 1) AS date,
                   nullif(trim(Nationality), '{UNDETERMINED}') AS nationality,
                   (CASE WHEN Cowcontr = {NOT_COW} THEN NULL
                         WHEN Cowcontr = 260 AND Year >= 1991 THEN 255
                         WHEN Cowcontr = 315 AND Year >= 1993 THEN 316
                         ELSE Cowcontr END)::SMALLINT AS ccode,
                   trim(Mission) AS mission, {counts}
            FROM raw ORDER BY year, month, mission, nationality""",
        raw=raw,
    )


register(
    Source(
        id="pko-fatalities",
        version="as compiled in treywood10/Mandate_Contribute (2023), 1948-2015",
        title="UN peacekeeping fatalities by contributing nationality, mission and month",
        publisher="United Nations DPKO fatality statistics, compiled by Trey Wood",
        landing_page="https://peacekeeping.un.org/en/peacekeeper-fatalities",
        citation="""@misc{un_pko_fatalities,
  author = {{United Nations Department of Peace Operations}},
  title = {Peacekeeper Fatalities by Nationality, Mission and Incident Type},
  howpublished = {\\url{https://peacekeeping.un.org/en/peacekeeper-fatalities}},
  note = {Contingent-mission-month compilation from Wood, Trey, replication data
          ``Mandate\\_Contribute'', \\url{https://github.com/treywood10/Mandate_Contribute}}
}""",
        terms="UN fatality statistics are public; the terms of the compilation are not stated "
        "(treat as research use with attribution, not for redistribution).",
        years=(1948, 2015),
        files=(
            SourceFile(
                name=FILE,
                sha256="52baa9438759e13729a85be0e05b3d7b41ce7ec06c8affeefb6b2cf5c7e4505d",
                format="dta",
                url=None,
                note="secondary compilation with no official download; the UN publishes only a "
                "landing page (https://peacekeeping.un.org/en/peacekeeper-fatalities)",
                size=170283,
            ),
        ),
        tables={"fatalities": parse_fatalities},
        quirks=(
            "Germany coded 260 after 1990 becomes 255; the Czech Republic coded 315 after 1992 "
            "becomes 316 (COW state list).",
            "1020 (Occupied Palestinian Territory) is not a COW code: ccode null.",
            "'ZZ [Undetermined]' nationality becomes null; its deaths are kept.",
            "Only months with at least one death are listed: absence means zero.",
        ),
    )
)
