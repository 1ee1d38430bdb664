"""U.S. military personnel abroad (troopdata, Allen, Flynn & Martinez Machain), 1950-2025.

Three tables from the troopdata package's ``data-raw`` CSVs, compiled from DMDC reports:

- ``country_years``: the rebuilt country-year series 1950-2024 (active duty by service, reserves,
  civilians), the package's current ``get_troopdata()`` data;
- ``troopdata``: the original (Kane-based) country-year series 1950-2023 (troops by service);
- ``reports``: one row per DMDC report (country x year x month/quarter) 1950-2025, with DMDC's own
  column names in snake_case (``Total Ashore`` -> ``total_ashore``).

Country identifiers are the package's: ``countryname``, ``iso3c`` and a COW-style code. Codes of
1000 and above are troopdata's own for places that are not COW states (territories, ``Afloat``,
``Unknown``...); they are not COW codes, are not consistent between the files (1012 is Taiwan in
``troopdata.csv`` but Midway in the rebuild) and go to ``troopdata_code`` with ``ccode`` null.

Quirks fixed:
- ``country_years``: 29 country-years appear twice under two spellings of one country (Czechia /
  Czech Republic, Trinidad & Tobago / Trinidad and Tobago, Eswatini / Swaziland, ...); one twin is
  always all zeros, so they are summed into one row named after the non-zero twin.
- ``troopdata``: Taiwan, South Sudan, Montenegro and Cabo Verde have rows under pseudo codes 1012,
  1020, 1010 and 1015 besides their COW codes (713, 626, 341, 402); the twin under the COW code is
  always zero, so each pair is summed under the COW code.
- Germany: the rebuild codes it 255 in every year and the reports 260 in every year; both become
  260 (German Federal Republic) up to 1990 and 255 from 1991, as ``troopdata.csv`` and COW do.
- Negative counts (Marine Corps in 1953/1959 reports: ``marine_corps_ad`` in 6 country-years,
  ``marine_corps_afloat`` in 11 reports) are impossible head counts: null.
- ``reports``: month names become month numbers; ``Macro Location`` (always empty) is dropped.
- ``NA`` becomes null; a 0 is a reported zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from .._lazy import lazy
from ..errors import ParseError
from ..registry import Source, register
from ._formats import frames_sql, snake
from ._troopdata import CITATION, COMMIT, read_troopdata_csv, troopdata_file

pd = lazy("pandas")

REBUILD = "troopdata-rebuild-country-year.csv"
LEGACY = "troopdata.csv"
REPORTS = "troopdata-rebuild-reports.csv"
IDS = ["countryname", "ccode", "iso3c", "region", "year"]
REBUILD_COUNTS = [
    "troops_ad", "army_ad", "navy_ad", "air_force_ad", "marine_corps_ad", "coast_guard_ad",
    "space_force_ad", "army_national_guard", "air_national_guard", "army_reserve", "navy_reserve",
    "marine_corps_reserve", "air_force_reserve", "coast_guard_reserve", "total_selected_reserve",
    "army_civilian", "navy_civilian", "marine_corps_civilian", "air_force_civilian", "dod_civilian",
    "total_civilian",
]  # fmt: skip
LEGACY_COUNTS = ["troops", "army", "navy", "air_force", "marine_corps", "space_force", "coast_guard"]
#: troopdata.csv pseudo code -> COW code of the same state
LEGACY_TWINS = {1012: 713, 1020: 626, 1010: 341, 1015: 402}
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def _ccode(code: str, year: str = "year") -> str:
    """SQL for the COW code: pseudo codes (>= 1000) null; Germany 260 to 1990, 255 after."""
    return f"""(CASE WHEN {code} >= 1000 THEN NULL
                     WHEN {code} IN (255, 260) THEN CASE WHEN {year} <= 1990 THEN 260 ELSE 255 END
                     ELSE {code} END)::SMALLINT"""


def _count(col: str) -> str:
    """SQL for a head count: negative values are impossible and become null."""
    return f'CASE WHEN "{col}" < 0 THEN NULL ELSE "{col}" END'


def _merged(raw: pd.DataFrame, code: str, counts: list[str], lead: str) -> pa.Table:
    """Rows summed per (COW code, year), labelled from the twin with the largest ``lead`` count.

    Rows under a pseudo code are never merged with each other (one code may name two places).
    """
    label = "first({c} ORDER BY " + lead + " DESC NULLS LAST, countryname)"
    sums = ", ".join(f"sum({_count(c)})::INTEGER AS {c}" for c in counts)
    return frames_sql(
        f"""WITH coded AS (
                SELECT *, {_ccode(code)} AS cow, CASE WHEN {code} >= 1000 THEN {code} END AS pseudo
                FROM raw)
            SELECT {label.format(c="countryname")} AS countryname, cow AS ccode,
                   pseudo::INTEGER AS troopdata_code, {label.format(c="iso3c")} AS iso3c,
                   {label.format(c="region")} AS region, year::SMALLINT AS year, {sums}
            FROM coded GROUP BY cow, pseudo, CASE WHEN cow IS NULL THEN countryname END, year
            ORDER BY ccode NULLS LAST, troopdata_code, countryname, year""",
        raw=raw,
    )


def parse_country_years(files: Mapping[str, Path]) -> pa.Table:
    """The rebuilt country-year series: one row per place-year, active duty to civilians."""
    raw = read_troopdata_csv(files[REBUILD], [*IDS, *REBUILD_COUNTS])
    return _merged(raw, "ccode", REBUILD_COUNTS, "troops_ad")


def parse_troopdata(files: Mapping[str, Path]) -> pa.Table:
    """The original country-year series (troops by service), pseudo-coded twins merged."""
    raw = read_troopdata_csv(files[LEGACY], [*IDS, *LEGACY_COUNTS])
    raw["code"] = raw["ccode"].replace(LEGACY_TWINS)
    return _merged(raw, "code", LEGACY_COUNTS, "troops")


def parse_reports(files: Mapping[str, Path]) -> pa.Table:
    """One row per DMDC report (place, year, month) with every reported column, snake_case."""
    path = files[REPORTS]
    raw = read_troopdata_csv(path, [*IDS, "month", "quarter", "source", "Location"])
    raw = raw.drop(columns=[c for c in raw.columns if c == "Macro Location"])
    skip = {*IDS, "month", "quarter", "source", "Location"}
    counts = {snake(c): c for c in raw.columns if c not in skip}
    if len(counts) != len(raw.columns) - len(skip):
        raise ParseError(f"{path.name}: two columns share a snake_case name")
    bad = sorted(set(raw["month"].dropna()) - set(MONTHS))
    if bad:
        raise ParseError(f"{path.name}: unknown month names {bad}")
    month = " ".join(f"WHEN '{m}' THEN {i}" for i, m in enumerate(MONTHS, 1))
    values = ", ".join(f"{_count(src)}::INTEGER AS {out}" for out, src in counts.items())
    return frames_sql(
        f"""SELECT countryname, {_ccode("ccode")} AS ccode,
                   CASE WHEN ccode >= 1000 THEN ccode END::INTEGER AS troopdata_code, iso3c, region,
                   year::SMALLINT AS year, (CASE month {month} END)::TINYINT AS month,
                   quarter::TINYINT AS quarter, source, "Location" AS location, {values}
            FROM raw ORDER BY ccode NULLS LAST, troopdata_code, countryname, year, month""",
        raw=raw,
    )


register(
    Source(
        id="us-troops",
        version=f"troopdata data-raw at commit {COMMIT[:7]} (country-years to 2024)",
        title="U.S. military deployments abroad (troopdata)",
        publisher="Michael A. Allen, Michael E. Flynn and Carla Martinez Machain",
        landing_page="https://github.com/meflynn/troopdata",
        citation=CITATION,
        terms="troopdata is GPL-3 (package DESCRIPTION); the underlying counts are public DMDC "
        "reports. Cite Allen, Flynn & Martinez Machain (2022).",
        years=(1950, 2025),
        files=(
            troopdata_file(
                REBUILD, "875aa5c712506950786d791feb2a01b030c61e9afbc6df37baee5f453ce5fe5e", 1173307
            ),
            troopdata_file(
                REPORTS, "e4c07940429c0e77e2b018d5af2eb98db6343d18c3769af9763a6f3db6062914", 2993648
            ),
            troopdata_file(
                LEGACY, "e4bf988cdc6a9ed361f0238059cbcacff08e6c87bee447a4b841a17d9e27a45b", 948386
            ),
        ),
        tables={
            "country_years": parse_country_years,
            "troopdata": parse_troopdata,
            "reports": parse_reports,
        },
        quirks=(
            "Codes >= 1000 are troopdata's own place codes (inconsistent across files): "
            "ccode null, the code kept in troopdata_code.",
            "Country-years listed twice under two spellings (one all-zero twin) are summed.",
            "troopdata.csv pseudo-coded twins of Taiwan, South Sudan, Montenegro, Cabo Verde are "
            "merged under their COW codes.",
            "Germany is 260 up to 1990 and 255 from 1991 in every table.",
            "Negative Marine Corps counts (1953/1959) become null.",
            "Report month names become numbers; the empty Macro Location column is dropped.",
        ),
        redistributable=True,
    )
)
