"""Polity5 annual time series p5v2018, ``polity2`` only (a 4-column re-save of the publisher file).

One row per Polity country-year, 1776-2018 (the United States also 2019 and 2020): ``scode``
(Polity's 3-letter code, not COW's ``stateabb``), ``country``, ``year`` and ``polity2`` (-10 full
autocracy .. +10 full democracy, the "revised combined" score with interruptions set missing and
interregna/transitions scored). The publisher's other 33 columns are not in this copy.

Quirks fixed:
- Five rows still carry Polity special codes in ``polity2``: -66 (interruption: France 1940-43)
  and -88 (transition: Belgium 1830). They are not scores and become null, as do the 263 blank
  cells; every remaining value lies in -10..10.
- ``country`` is space-padded to a fixed width (``'United States                   '``): trimmed.
- ``polity2`` is stored as a float; it becomes TINYINT.
- ``scode`` is kept as given; some codes span renamed polities (GMY: Prussia, then Germany; YGS,
  CON, IVO), so a code can have two country names.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._formats import frames_sql, require_frame_columns, xls_frame

FILE = "p5v2018.xls"
SPECIAL = (-66, -77, -88)  # interruption, interregnum, transition


def parse_polity(files: Mapping[str, Path]) -> pa.Table:
    """One row per country-year: scode, country, year, polity2 (special codes -> null)."""
    path = files[FILE]
    raw = require_frame_columns(
        xls_frame(path, "p5v2018"), ["scode", "country", "year", "polity2"], path
    )
    return frames_sql(
        f"""SELECT trim(scode) AS scode, trim(country) AS country, year::DOUBLE::SMALLINT AS year,
                   CASE WHEN polity2::DOUBLE IN {SPECIAL} THEN NULL
                        ELSE polity2::DOUBLE END::TINYINT AS polity2
            FROM raw ORDER BY scode, year""",
        raw=raw,
    )


register(
    Source(
        id="polity5-subset",
        version="p5v2018 (polity2 only)",
        title="Polity5 Annual Time-Series, 1800-2018 (polity2 subset)",
        publisher="Center for Systemic Peace (Monty G. Marshall and Ted Robert Gurr)",
        landing_page="https://www.systemicpeace.org/inscrdata.html",
        citation="""@manual{marshall_gurr_2020,
  author = {Marshall, Monty G. and Gurr, Ted Robert},
  title = {Polity5: Political Regime Characteristics and Transitions, 1800--2018.
           Dataset Users' Manual},
  organization = {Center for Systemic Peace},
  year = {2020},
  url = {https://www.systemicpeace.org/inscrdata.html}
}""",
        terms="Free for non-commercial research use with citation (Center for Systemic Peace); "
        "no redistribution licence is stated.",
        years=(1776, 2020),
        files=(
            SourceFile(
                name=FILE,
                sha256="03eff34df6c3dff9a06661954efe54af27bed5f259408286300e8585c2e644ad",
                format="xls",
                url="http://www.systemicpeace.org/inscr/p5v2018.xls",
                publisher_identical=False,
                note="this copy is a 4-column re-save (scode, country, year, polity2; 1,320,960 "
                "bytes) of the publisher's 37-column file (4,487,680 bytes, md5 "
                "036d1a3232478536fd763c9f329ee22a per OWID): the download will not match",
                size=1320960,
            ),
        ),
        tables={"polity": parse_polity},
        quirks=(
            "Leftover special codes -66 (France 1940-43) and -88 (Belgium 1830) in polity2 become null.",
            "Space-padded country names are trimmed.",
            "Only 4 of the publisher's 37 columns exist in this copy.",
        ),
    )
)
