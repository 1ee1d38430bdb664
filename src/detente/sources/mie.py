"""Militarized Interstate Events (MIE) 1.0, 1816-2014: the event level of the MIC project.

Gibler and Miller recoded every militarized confrontation 1816-2014 from primary sources (the
Militarized Interstate Confrontation data, successor to MIDs). Each row of ``mie-1.0.csv`` is one
dyadic event: ``ccode1`` threatens, displays or uses force against ``ccode2`` (directed, not
mirrored), inside confrontation ``micnum``, with dates, the action taken, its hostility level and
minimum and maximum military fatalities for each side.

Tables:
- ``events``: one row per event (28,011), typed and dated;
- ``confrontations``: one row per confrontation (1,881), derived from its events: first start,
  last end, number of events and states, highest action and hostility, summed fatality ranges.
  The publisher's separate MIC file is not read; these fields are computed, never copied.

Quirks fixed:
- Unknown days are -9 (``stday`` in 1,987 rows, ``endday`` in 2,164): null in the day columns;
  ``start`` takes the 1st of the month and ``end`` the last day of the month (the rule of
  :mod:`detente.sources._conflict`, so a spell covers the whole event). Months are always known.
- ``sidea1`` (0/1) becomes a boolean; the constant ``version`` column is dropped.
- Action 22 occurs only with hostility 5: it is the MIE code for an event of interstate war
  (the MID action scale's 20 and 21, begin and join war, never occur here).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._conflict import date_sql, nulls
from ._read import require_columns, sql

FILE = "mie-1.0.csv"
COLUMNS = [
    "micnum", "eventnum", "ccode1", "ccode2", "stmon", "stday", "styear", "endmon", "endday",
    "endyear", "sidea1", "action", "hostlev", "fatalmin1", "fatalmax1", "fatalmin2", "fatalmax2",
]  # fmt: skip
READ = "read_csv({f}, header=true, all_varchar=true)"


def _events_sql() -> str:
    """SQL over the raw CSV (all text) giving one typed, dated row per event."""
    st = date_sql("styear::INTEGER", "stmon::INTEGER", f"{nulls('stday::INTEGER', -9)}")
    en = date_sql("endyear::INTEGER", "endmon::INTEGER", f"{nulls('endday::INTEGER', -9)}", end=True)
    fatal = ", ".join(f"{c}::INTEGER AS {c}" for c in COLUMNS[-4:])
    return f"""SELECT micnum::INTEGER AS micnum, eventnum::SMALLINT AS eventnum,
                      ccode1::SMALLINT AS ccode1, ccode2::SMALLINT AS ccode2,
                      styear::SMALLINT AS styear, stmon::TINYINT AS stmon,
                      {nulls("stday::INTEGER", -9)}::TINYINT AS stday,
                      endyear::SMALLINT AS endyear, endmon::TINYINT AS endmon,
                      {nulls("endday::INTEGER", -9)}::TINYINT AS endday,
                      {st} AS start, {en} AS "end", sidea1::INTEGER = 1 AS sidea1,
                      action::TINYINT AS action, hostlev::TINYINT AS hostlev, {fatal}
               FROM {READ}"""


def _checked(path: Path) -> None:
    require_columns(sql(f"SELECT * FROM {READ} LIMIT 1", f=path), COLUMNS, path)


def parse_events(files: Mapping[str, Path]) -> pa.Table:
    """One row per militarized interstate event: who against whom, dates, action, fatalities."""
    path = files[FILE]
    _checked(path)
    return sql(f"{_events_sql()} ORDER BY micnum, eventnum", f=path)


def parse_confrontations(files: Mapping[str, Path]) -> pa.Table:
    """One row per confrontation, derived from its events (dates, size, peak, fatality ranges)."""
    path = files[FILE]
    _checked(path)
    return sql(
        f"""WITH e AS ({_events_sql()}),
                 states AS (SELECT micnum, ccode1 AS ccode FROM e UNION SELECT micnum, ccode2 FROM e)
            SELECT micnum, min(start) AS start, max("end") AS "end",
                   year(min(start))::SMALLINT AS styear, year(max("end"))::SMALLINT AS endyear,
                   count(*)::INTEGER AS n_events,
                   (SELECT count(*) FROM states s WHERE s.micnum = e.micnum)::SMALLINT AS n_states,
                   max(action)::TINYINT AS hiact, max(hostlev)::TINYINT AS hostlev,
                   sum(fatalmin1 + fatalmin2)::BIGINT AS fatalmin,
                   sum(fatalmax1 + fatalmax2)::BIGINT AS fatalmax
            FROM e GROUP BY micnum ORDER BY micnum""",
        f=path,
    )


register(
    Source(
        id="mie-1.0",
        version="1.0",
        title="Militarized Interstate Events (MIE) and Confrontations (MIC), 1816-2014",
        publisher="International Conflict Data Project, University of Alabama "
        "(Douglas M. Gibler and Steven V. Miller)",
        landing_page="https://internationalconflict.ua.edu/data-download/",
        citation="""@article{gibler_miller_mie,
  author = {Gibler, Douglas M. and Miller, Steven V.},
  title = {The Militarized Interstate Events ({MIE}) Dataset, 1816--2014},
  journal = {Conflict Management and Peace Science},
  year = {2024}
}
@article{gibler_miller_2022_mic,
  author = {Gibler, Douglas M. and Miller, Steven V.},
  title = {The Militarized Interstate Confrontation ({MIC}) Dataset, 1816--2014},
  journal = {Journal of Conflict Resolution},
  doi = {10.1177/00220027221104704},
  year = {2022}
}""",
        terms="The publisher's data user agreement: no commercial use; no sharing or distribution "
        "in any form other than for replication; cite the data release papers. detente never "
        "ships the file: each user fetches it from the publisher's download page.",
        years=(1816, 2014),
        files=(
            SourceFile(
                name=FILE,
                sha256="d47197c413684200915ba6623711c8636f9e95947d782f825f887b22fee7bb0d",
                format="csv",
                url="https://www.dropbox.com/s/2aq3xu23a4ril85/events.zip?dl=1",
                member=FILE,
                publisher_identical=None,
                note="the reference copy is the CSV as redistributed in a public replication "
                "repository; the publisher's events.zip (the download button of the landing page) "
                "also holds .dta, .rds and the codebook, and neither the CSV member's name nor its "
                "hash has been checked against it: accept the publisher's hash after checking the "
                "file (detente fetch mie-1.0 --accept-hash mie-1.0.csv=SHA256)",
                size=1663523,
            ),
        ),
        tables={"events": parse_events, "confrontations": parse_confrontations},
        quirks=(
            "Unknown days (-9) are null; start takes the 1st and end the last day of the month.",
            "sidea1 becomes a boolean; the constant version column is dropped.",
            "Action 22 (only with hostility 5) is an event of interstate war.",
            "Confrontations are derived from the events (the MIC file itself is not read).",
        ),
        redistributable=False,
    )
)
