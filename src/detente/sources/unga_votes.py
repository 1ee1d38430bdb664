"""UN General Assembly roll-call votes, sessions 1-74 (1946 to Jan 2020), from ``unvotes`` 0.3.0.

Three tables from the R package's data (processed from Voeten's UNVotes data):

- ``votes``: one row per roll call x country that voted ``yes``, ``no`` or ``abstain``. Absent and
  non-member countries are dropped by the package (Voeten's raw codes 8 and 9 are not here), so a
  missing country-roll-call is "did not vote", never a vote;
- ``roll_calls``: one row per roll call (``rcid``) with session, date, resolution symbol, flags for
  important (U.S. State Department), amendment and paragraph votes, and descriptions;
- ``issues``: issue tags of roll calls (6 issues; a roll call may carry several or none).

``country_code`` is ISO 3166-1 alpha-2 as the package gives it (null for the Federal Republic of
Germany, the Yemen Arab Republic and Zanzibar), not a COW code. Namibia's code is the text
``NA``: it is a code, not a missing value, and is kept.

Quirks fixed:
- ``rcid`` is a float in ``un_votes``; it becomes INTEGER. ``session`` likewise SMALLINT.
- ``importantvote``, ``amend`` and ``para`` are text ``"0"``/``"1"`` with missing values (important
  is only coded for some sessions): BOOLEAN, null where not coded.
- Empty ``unres`` (159) and ``short`` (154) become null; trailing spaces in ``short`` (509 roll
  calls) and ``descr`` (99) are trimmed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._formats import frames_sql, rdata, require_frame_columns
from ._pinned import pinned_file

VOTES, CALLS, ISSUES = "un_votes.rda", "un_roll_calls.rda", "un_roll_call_issues.rda"
COMMIT = "7eb7034314ff79c49c9e0785fcd9d216fa04cf14"


def parse_votes(files: Mapping[str, Path]) -> pa.Table:
    """One row per roll call and voting country: rcid, country, ISO2 code, yes/no/abstain."""
    path = files[VOTES]
    raw = require_frame_columns(
        rdata(path, "un_votes"), ["rcid", "country", "country_code", "vote"], path
    )
    raw["vote"] = raw["vote"].astype(str)
    return frames_sql(
        """SELECT rcid::INTEGER AS rcid, country, country_code, vote
           FROM raw ORDER BY rcid, country""",
        raw=raw,
    )


def _flag(col: str) -> str:
    """SQL for a "0"/"1" text flag as BOOLEAN (missing -> null)."""
    return f"CASE trim({col}::VARCHAR) WHEN '1' THEN true WHEN '0' THEN false END AS {col}"


def parse_roll_calls(files: Mapping[str, Path]) -> pa.Table:
    """One row per roll call: rcid, session, date, resolution, flags, short and long description."""
    path = files[CALLS]
    cols = ["rcid", "session", "importantvote", "date", "unres", "amend", "para", "short", "descr"]
    raw = require_frame_columns(rdata(path, "un_roll_calls"), cols, path)
    for col in ("importantvote", "amend", "para"):
        raw[col] = raw[col].astype(object).map(lambda v: None if v is None or v != v else str(v))
    return frames_sql(
        f"""SELECT rcid::INTEGER AS rcid, session::SMALLINT AS session, date::DATE AS date,
                   nullif(trim(unres), '') AS unres, {_flag("importantvote")}, {_flag("amend")},
                   {_flag("para")}, nullif(trim(short), '') AS short,
                   nullif(trim(descr), '') AS descr
            FROM raw ORDER BY rcid""",
        raw=raw,
    )


def parse_issues(files: Mapping[str, Path]) -> pa.Table:
    """One row per roll call and issue tag: rcid, short_name (2 letters), issue."""
    path = files[ISSUES]
    raw = require_frame_columns(
        rdata(path, "un_roll_call_issues"), ["rcid", "short_name", "issue"], path
    )
    raw["issue"] = raw["issue"].astype(str)
    return frames_sql(
        "SELECT rcid::INTEGER AS rcid, short_name, issue FROM raw ORDER BY rcid, short_name",
        raw=raw,
    )


def _file(name: str, sha256: str, size: int) -> SourceFile:
    """An unvotes data file pinned to the commit our copy was checked against."""
    return pinned_file("dgrtwo/unvotes", COMMIT, "data", name, sha256, size, "rda")


register(
    Source(
        id="unga-votes",
        version="unvotes 0.3.0 data (Voeten data through session 74, 2019)",
        title="UN General Assembly roll-call votes (unvotes R package)",
        publisher="Erik Voeten (data); David Robinson and Mine Çetinkaya-Rundel (R package unvotes)",
        landing_page="https://github.com/dgrtwo/unvotes",
        citation="""@misc{voeten_unga_2009,
  author = {Voeten, Erik and Strezhnev, Anton and Bailey, Michael},
  title = {United Nations General Assembly Voting Data},
  publisher = {Harvard Dataverse},
  year = {2009},
  note = {hdl:1902.1/12379}
}
@manual{robinson_unvotes,
  author = {Robinson, David and {\\c{C}}etinkaya-Rundel, Mine},
  title = {unvotes: United Nations General Assembly Voting Data},
  note = {R package version 0.3.0},
  url = {https://github.com/dgrtwo/unvotes}
}""",
        terms="The unvotes package is MIT-licensed; the underlying Voeten data are CC0 on Harvard "
        "Dataverse. Cite both.",
        years=(1946, 2020),
        files=(
            _file(VOTES, "cf814a48bc536e8f87f8e027942ac515fe6aae9d63cd71dd88ed718b14887e87", 262083),
            _file(CALLS, "ff2070ae600cfd32176c6d149637306b9b677d6b910f48bec59a15357d673b4b", 212577),
            _file(ISSUES, "eec1b509ebce692c242b842837d5d861b52b65b2868a7c66f573d4a87d2eb0be", 8512),
        ),
        tables={"votes": parse_votes, "roll_calls": parse_roll_calls, "issues": parse_issues},
        quirks=(
            "Absent and non-member countries are not in votes (dropped by the package).",
            "Float rcid/session become integers; '0'/'1' text flags become booleans.",
            "Empty unres/short become null; trailing spaces are trimmed.",
            "country_code is ISO2 (null for West Germany, North Yemen, Zanzibar), not COW.",
        ),
        redistributable=True,
    )
)
