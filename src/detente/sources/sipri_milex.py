"""SIPRI Military Expenditure Database (1949-2023 edition): one long country-year table.

The workbook has one wide sheet per measure (title lines, a header row starting ``Country``, then
region and sub-region heading rows interleaved with the countries). We read five of them:

- ``constant_usd_m``: US$ million at constant 2022 prices and exchange rates (1949-2023);
- ``current_usd_m``: US$ million at current prices and exchange rates (1949-2023);
- ``share_of_gdp``: military expenditure / GDP as a fraction (0.034 = 3.4 %) (1949-2023);
- ``share_of_govt_spending``: military / general government expenditure, a fraction (1988-2023);
- ``per_capita_usd``: current US$ per person (1988-2023).

Quirks fixed:
- Text markers in number cells become null. The sheets' legend says ``". ."`` = data unavailable,
  but the cells themselves hold ``"..."`` (three dots); both, and empty cells, mean *unavailable*.
  ``"xxx"`` means the country did not exist or was not independent during all or part of the year:
  it is null too, and ``not_independent`` records it (true when any of the five sheets says xxx).
- A ``0`` is kept only where SIPRI documents a true zero: Costa Rica, Iceland and Panama have no
  military expenditure (footnotes 37, 86, 43), nor Haiti from 1995 to 2011 (forces disbanded in
  1994; footnote 40). Every other 0 is a conversion artefact and becomes null: e.g. current US$
  for North Korea 1986-2014, Cuba 1978-93, the GDR, Czechoslovakia (no market exchange rate), and
  Argentina 1949-61 (pre-redenomination pesos that underflow to 0), or local-currency zeros for
  Mauritania 2007-11, Ghana 1967 and Australia 1949 that SIPRI marks ". ." in its GDP sheet.
- Region and sub-region heading rows become ``region``/``subregion`` columns, not countries.
- The estimate (blue) and highly-uncertain (red) font colours cannot be read as data; ``notes``
  keeps the sheet's footnote markers († no pensions, ‡ current spending only, § adopted budget,
  ¶ no paramilitary, ‖ currency redenominated; numbers refer to the Footnotes sheet).
- ``European Union`` is a row of the Western Europe block (EU-level defence fund spending from
  2022), not a state; it is kept as SIPRI lists it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from .._lazy import lazy
from ..errors import ParseError
from ..registry import Source, SourceFile, register
from ._formats import frames_sql, xlsx_rows

pd = lazy("pandas")

FILE = "SIPRI-Milex-data-1949-2023.xlsx"
#: measure column -> worksheet
SHEETS = {
    "constant_usd_m": "Constant (2022) US$",
    "current_usd_m": "Current US$",
    "share_of_gdp": "Share of GDP",
    "share_of_govt_spending": "Share of Govt. spending",
    "per_capita_usd": "Per capita",
}
REGIONS = {"Africa", "Americas", "Asia & Oceania", "Europe", "Middle East"}
MISSING = {"...", ". .", ""}  # data unavailable
NOT_INDEPENDENT = "xxx"
#: country -> (first, last) year in which SIPRI documents zero military expenditure
TRUE_ZERO = {"Costa Rica": (1949, 2023), "Iceland": (1949, 2023), "Panama": (1949, 2023)}
TRUE_ZERO["Haiti"] = (1995, 2011)


def _cell(value: Any, where: str) -> tuple[float | None, bool]:
    """A number cell as (value or None, True if SIPRI marks the country not independent)."""
    if value is None:
        return None, False
    if isinstance(value, str):
        text = value.strip()
        if text == NOT_INDEPENDENT:
            return None, True
        if text in MISSING:
            return None, False
        raise ParseError(f"{FILE}: unexpected text {value!r} in a number cell ({where})")
    return float(value), False


def _text(value: Any) -> str | None:
    """A label cell as text (a footnote number typed as a number loses its ``.0``); blank -> None."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _sheet(path: Path, sheet: str) -> pd.DataFrame:
    """One measure sheet in long form: country, region, subregion, notes, year, value, xxx flag."""
    rows = xlsx_rows(path, sheet)
    header_at = next((i for i, r in enumerate(rows) if r and r[0] == "Country"), None)
    if header_at is None:
        raise ParseError(f"{path.name}: sheet {sheet!r} has no header row starting 'Country'")
    header = rows[header_at]
    years = {j: int(v) for j, v in enumerate(header) if isinstance(v, int | float)}
    notes_at = header.index("Notes") if "Notes" in header else None
    region = subregion = None
    out = []
    for row in rows[header_at + 1 :]:
        name = row[0] if row else None
        cells = [row[j] if j < len(row) else None for j in years]
        if all(c is None for c in cells):  # blank spacer or a region / sub-region heading
            if isinstance(name, str) and name.strip():
                if name.strip() in REGIONS:
                    region, subregion = name.strip(), None
                else:
                    subregion = name.strip()
            continue
        country = str(name).strip()
        notes = _text(row[notes_at]) if notes_at is not None else None
        for year, raw in zip(years.values(), cells, strict=True):
            value, xxx = _cell(raw, f"sheet {sheet!r}, {country} {year}")
            first, last = TRUE_ZERO.get(country, (1, 0))
            if value == 0 and not first <= year <= last:
                value = None  # an artefact, not a documented zero
            out.append((country, region, subregion, notes, year, value, xxx))
    frame = pd.DataFrame(
        out, columns=["country", "region", "subregion", "notes", "year", "value", "xxx"]
    )
    if frame.duplicated(["country", "year"]).any():
        raise ParseError(f"{path.name}: sheet {sheet!r} lists a country twice")
    return frame


def parse_milex(files: Mapping[str, Path]) -> pa.Table:
    """One row per country-year 1949-2023: the five measures (null = unavailable), xxx flag."""
    path = files[FILE]
    sheets = {measure: _sheet(path, sheet) for measure, sheet in SHEETS.items()}
    countries = set(sheets["constant_usd_m"]["country"])
    for measure, frame in sheets.items():
        if set(frame["country"]) != countries:
            odd = sorted(set(frame["country"]) ^ countries)
            raise ParseError(f"{path.name}: sheet {SHEETS[measure]!r} lists other countries: {odd}")
    first, *others = SHEETS
    values = ", ".join(f"{m}.value AS {m}" for m in SHEETS)
    xxx = " OR ".join(f"coalesce({m}.xxx, false)" for m in SHEETS)
    joins = " ".join(f"LEFT JOIN {m} USING (country, year)" for m in others)
    return frames_sql(
        f"""SELECT country, {first}.region, {first}.subregion, year::SMALLINT AS year, {values},
                   ({xxx}) AS not_independent, {first}.notes
            FROM {first} {joins}
            ORDER BY {first}.region, {first}.subregion NULLS FIRST, country, year""",
        **sheets,
    )


register(
    Source(
        id="sipri-milex",
        version="1949-2023 edition (April 2024)",
        title="SIPRI Military Expenditure Database",
        publisher="Stockholm International Peace Research Institute (SIPRI)",
        landing_page="https://www.sipri.org/databases/milex",
        citation="""@misc{sipri_milex_2024,
  author = {{Stockholm International Peace Research Institute}},
  title = {{SIPRI} Military Expenditure Database},
  year = {2024},
  note = {1949--2023 edition, released April 2024},
  howpublished = {\\url{https://www.sipri.org/databases/milex}}
}""",
        terms="SIPRI terms: free for non-commercial research with attribution; redistributing the "
        "whole database needs SIPRI's permission, so keep copies internal.",
        years=(1949, 2023),
        files=(
            SourceFile(
                name=FILE,
                sha256="0cbbe3173f722f99e1e4843530cfd1773f0cb1659ea3f5e94a5dc5e5614ecbc8",
                format="xlsx",
                url="https://www.sipri.org/sites/default/files/SIPRI-Milex-data-1949-2023.xlsx",
                note="copied from a public GitHub mirror; byte identity with SIPRI's file is "
                "unverified, and SIPRI replaces files each release (by July 2024 the same edition "
                "was served as SIPRI-Milex-data-1948-2023.xlsx, 839,559 bytes, not this file), "
                "so this URL may no longer resolve",
                size=740351,
            ),
        ),
        tables={"milex": parse_milex},
        quirks=(
            "'...' / '. .' (unavailable), 'xxx' (not independent) and empty cells become null; "
            "not_independent keeps the xxx flag.",
            "0 is kept only for SIPRI's documented zero spenders (Costa Rica, Iceland, Panama; "
            "Haiti 1995-2011); other zeros are conversion artefacts and become null.",
            "Region and sub-region heading rows become region/subregion columns.",
            "Shares of GDP and of government spending are fractions, not percentages.",
            "Estimate (blue) and uncertain (red) font colours are not data and are lost.",
        ),
    )
)
