"""RADPKO UN peacekeeping deployments by base and contributing country, annual means (1999-2019).

The file is the DAPP-lab RADPKO Shiny app's yearly aggregate of monthly base-level data
(``prep.R``: ``group_by(year, mission, country, base)`` then the mean of every numeric column), for
13 UN missions in Africa. Two tables:

- ``bases``: one row per mission x base x year, with the host country, coordinates, personnel
  (``untrp`` troops, ``unpol`` police, ``unmob`` military observers, ``f_*`` women, ``afr_``/
  ``asian_``/``west_`` by contributor region) and the contributor lists;
- ``contributors``: the file's 69 contributor column blocks in long form, one row per mission x
  base x year x contributor with any non-zero value.

Quirks fixed:
- Values are yearly MEANS of monthly counts: personnel are fractional, and ``contributing_countries``
  is a mean count. ``first_month`` is the first month the base was observed in that year (the
  file's ``date``), not a deployment date.
- The host-country column ``country`` is renamed ``host_country`` (contributors are countries too).
- The pipe-separated lists ``cc_present``/``afr_cc``/``asian_cc``/``west_cc`` contain ``0`` for
  months with no contributor named; the ``0`` is dropped and a list left empty becomes null.
- The wide contributor blocks (``bangladesh``, ``bangladesh_pko``, ``bangladesh_untrp``, ...) are
  unpivoted; the bare ``<name>`` column becomes ``cc_count`` (the yearly mean of the monthly count
  RADPKO keeps for that contributor at the base; 11 rows have a count but no personnel). Names
  stay as the file spells them (lower case, dots for spaces: ``south.korea``, ``uk``), no codes;
  ``korea`` and ``south.korea`` both occur (UNMISS), as do ``congo`` and
  ``democratic.republic.of.the.congo``. Absent contributor-base-years had zero personnel.
- 3 base-years have no base name (ONUB 2005 and 2006, UNMISS 2014): kept with a null ``base``.
- ``NaN`` is written as text where a yearly mean had no non-missing month, making those columns
  mixed text/number: it becomes null (coordinates of UNMIS's Addis Ababa office 2007-08, spelled
  both ``addis ababa`` and ``adis abeba`` and kept as two bases; ``afr_``/``asian_`` police and
  observers in 1-3 rows).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from .._lazy import lazy
from ..errors import ParseError
from ..registry import Source, SourceFile, register
from ._formats import frames_sql, require_frame_columns

pd = lazy("pandas")

FILE = "radpko_bases_cc_y.csv"
PERSONNEL = ("pko", "untrp", "unpol", "unmob")
BASE_NUMBERS = [
    "pko_deployed", "mltipko_deployed", "contributing_countries", "untrp", "unpol", "unmob",
    "f_untrp", "f_unpol", "f_unmob",
    *(f"{r}_{k}" for r in ("afr", "asian", "west") for k in PERSONNEL),
]  # fmt: skip
LISTS = ("cc_present", "afr_cc", "asian_cc", "west_cc")
IDS = ["mission", "country", "base", "date", "year", "latitude", "longitude"]


def _read(path: Path) -> pd.DataFrame:
    """The CSV with every column as written (NA -> missing), checked for the expected columns."""
    try:
        raw = pd.read_csv(
            path, keep_default_na=False, na_values=["NA", "NaN", ""], dtype={c: str for c in LISTS}
        )
    except Exception as exc:
        raise ParseError(f"{path.name}: not a readable CSV ({exc})") from exc
    return require_frame_columns(raw, [*IDS, *BASE_NUMBERS, *LISTS], path)


def _contributor_names(raw: pd.DataFrame) -> list[str]:
    """The contributors that have a full ``<name>``, ``<name>_pko`` ... ``<name>_unmob`` block."""
    regional = {"afr", "asian", "west"}
    names = [c[: -len("_pko")] for c in raw.columns if c.endswith("_pko")]
    names = [n for n in names if n not in regional and n != "pko"]
    for n in names:
        missing = [c for c in (n, *(f"{n}_{k}" for k in PERSONNEL)) if c not in raw.columns]
        if missing:
            raise ParseError(f"{FILE}: contributor block {n!r} lacks {missing}")
    return names


def _list_sql(col: str) -> str:
    """SQL for a pipe list without its ``0`` tokens; null when nothing is left."""
    kept = f"list_filter(string_split({col}, '|'), lambda x: trim(x) NOT IN ('0', ''))"
    return f"nullif(array_to_string({kept}, '|'), '') AS {col}"


def parse_bases(files: Mapping[str, Path]) -> pa.Table:
    """One row per mission-base-year: host, coordinates, mean personnel, contributor lists."""
    raw = _read(files[FILE])
    numbers = ", ".join(f"{c}::DOUBLE AS {c}" for c in BASE_NUMBERS)
    lists = ", ".join(_list_sql(c) for c in LISTS)
    return frames_sql(
        f"""SELECT mission, country AS host_country, base, year::SMALLINT AS year,
                   date::DATE AS first_month, latitude::DOUBLE AS latitude,
                   longitude::DOUBLE AS longitude, {numbers}, {lists}
            FROM raw ORDER BY mission, base, year""",
        raw=raw,
    )


def parse_contributors(files: Mapping[str, Path]) -> pa.Table:
    """One row per mission-base-year-contributor with any non-zero count or personnel."""
    raw = _read(files[FILE])
    parts = []
    for name in _contributor_names(raw):
        part = raw[["mission", "country", "base", "year"]].copy()
        part["contributor"] = name
        part["cc_count"] = raw[name]
        for k in PERSONNEL:
            part[k] = raw[f"{name}_{k}"]
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    return frames_sql(
        """SELECT mission, country AS host_country, base, year::SMALLINT AS year, contributor,
                  cc_count::DOUBLE AS cc_count, pko::DOUBLE AS pko, untrp::DOUBLE AS untrp,
                  unpol::DOUBLE AS unpol, unmob::DOUBLE AS unmob
           FROM long
           WHERE cc_count > 0 OR pko > 0 OR untrp > 0 OR unpol > 0 OR unmob > 0
           ORDER BY mission, base, year, contributor""",
        long=long,
    )


register(
    Source(
        id="radpko-baseyear",
        version="RADPKO Shiny app yearly base file, Nov 2020 (commit 27e5d4d)",
        title="RADPKO: UN peacekeeping deployments by base and contributing country (annual means)",
        publisher="Patrick Hunnicutt and William G. Nomikos; app data by the DAPP lab (Rob Williams)",
        landing_page="https://dapp-lab.org/",
        citation="""@article{hunnicutt_nomikos_2020,
  author = {Hunnicutt, Patrick and Nomikos, William G.},
  title = {Nationality, Gender, and Deployments at the Local Level: Introducing the {RADPKO}
           Dataset},
  journal = {International Peacekeeping},
  volume = {27},
  number = {4},
  pages = {645--672},
  year = {2020}
}""",
        terms="Academic use with citation (RADPKO on Harvard Dataverse, doi:10.7910/DVN/BQU5VD). "
        "The app repository states no licence for redistribution.",
        years=(1999, 2019),
        files=(
            SourceFile(
                name=FILE,
                sha256="31e70e4caf0a886b6ac0269a6f351a0fd425672edc5d274cea9bd4e2061fe4e3",
                format="csv",
                url="https://raw.githubusercontent.com/dapp-lab/radpko-shiny/"
                "27e5d4d8ed89a2e24d47d9a1ba2c047f6c117cb5/app/radpko_bases_cc_y.csv",
                publisher_identical=True,
                note="the app repository's blob at commit 27e5d4d was checked equal to this copy; "
                "the file was deleted from the repository in 74cb175",
                size=2991092,
            ),
        ),
        tables={"bases": parse_bases, "contributors": parse_contributors},
        quirks=(
            "Values are yearly means of monthly data: fractional personnel, mean counts.",
            "Host country column renamed host_country.",
            "'0' tokens (no contributor named) dropped from the pipe lists; empty lists are null.",
            "69 wide contributor blocks unpivoted to one row per contributor with non-zero "
            "values; contributor names stay as spelled in the file.",
            "3 base-years without a base name are kept with a null base.",
            "'NaN' text (mean over no observed month) becomes null.",
        ),
    )
)
