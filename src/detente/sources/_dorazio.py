"""Shared by the D'Orazio exercise and visit files (MME, JME, US officials' visits).

The three files sit together in one mirror folder (``mme-7``), list participants or destinations
in wide columns, and name some entries that are not states. :func:`participants` turns the wide
columns into one row per exercise and entry, maps each entry to a COW code in the exercise's
year through the project's code table (``detente.codes``), and says what every entry that maps to
no state is (``kind``), so nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .. import codes
from .._lazy import lazy

pd = lazy("pandas")  # imported on first use: the step registry loads every source

MIRROR_FOLDER = "mme-7"
COMMIT = "3946bcf89a6d72de8abace812dc557f1f249f5f7"  # troopdata commit the three files were read at
RAW = f"https://raw.githubusercontent.com/meflynn/troopdata/{COMMIT}/data-raw"

#: entries that are not states, as written (matched case-blind): kind and why they map to nothing
NOT_STATES: dict[str, tuple[str, str]] = {
    "-9": ("unknown", "participant(s) not identified in the sources (-9)"),
    "NATO": ("organisation", "an alliance, not a state; its members are not listed"),
    "8 NATO members": ("organisation", "eight unnamed NATO members"),
    "Baltic States": ("group", "Estonia, Latvia and/or Lithuania, not said which"),
    "Bermuda": ("territory", "British overseas territory"),
    "BMU": ("territory", "Bermuda, British overseas territory"),
    "Hong Kong SAR China": ("territory", "British colony to 1997, then a Chinese SAR"),
    "HKG": ("territory", "Hong Kong, a Chinese SAR"),
    "Netherlands Antilles": ("territory", "part of the Kingdom of the Netherlands"),
    "New Caledonia": ("territory", "French overseas collectivity"),
    "GNL": ("territory", "Greenland (Narsarsuaq), part of Denmark; GNL is a typo for GRL"),
    "GUF": ("territory", "French Guiana, an overseas department of France"),
    "GUM": ("territory", "Guam, a U.S. territory"),
    "VIR": ("territory", "U.S. Virgin Islands"),
    "Saint Thomas": ("territory", "U.S. Virgin Islands"),
    "Wake Island": ("territory", "a U.S. territory"),
    "Antarctica": ("territory", "McMurdo Station; no state"),
}


def not_state(value: str) -> tuple[str, str] | None:
    """(kind, reason) for an entry known not to be a state, else None.

    >>> not_state("nato")
    ('organisation', 'an alliance, not a state; its members are not listed')
    """
    key = value.strip().lower()
    for name, found in NOT_STATES.items():
        if name.lower() == key:
            return found
    return None


def participants(
    wide: pd.DataFrame, slots: list[str], scheme: str, aliases: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """One row per (exercise_id, entry): slot, entry as written, value used, COW code, kind.

    ``wide`` has ``exercise_id``, ``year`` and the participant ``slots``. Blank slots are dropped;
    an entry listed twice in one exercise is kept once (the first slot). ``aliases`` rewrite an
    entry before mapping (keys matched case-blind). ``kind`` is ``state`` when the entry maps to a
    COW code in that year (its latest meaning when the year is unknown), the :data:`NOT_STATES`
    kind when it is a known non-state, and ``unmapped`` otherwise (the tests require none).
    """
    long = wide.melt(id_vars=["exercise_id", "year"], value_vars=slots, var_name="slot")
    long["slot"] = long["slot"].map({s: i + 1 for i, s in enumerate(slots)}).astype("int16")
    long = long[long["value"].notna()].copy()
    long["as_written"] = long["value"].map(text)
    long = long[long["as_written"].notna() & (long["as_written"] != "")]
    lower = {k.lower(): v for k, v in (aliases or {}).items()}
    long["value"] = long["as_written"].map(lambda v: lower.get(v.lower(), v))
    long = long.sort_values(["exercise_id", "slot"])
    key = long["value"].str.upper() if scheme == "iso3" else long["value"].str.lower()
    long = long[~long.assign(_key=key).duplicated(["exercise_id", "_key"])].copy()
    known = long["value"].map(not_state)
    years = [None if pd.isna(y) else int(y) for y in long["year"]]
    values = [v if k is None else None for v, k in zip(long["value"], known, strict=True)]
    mapped = codes.to_cow(values, scheme, years)
    undated = [v if y is None else None for v, y in zip(values, years, strict=True)]
    latest = codes.to_cow(undated, scheme)  # no year known: the code's latest meaning
    mapped = [m if y is not None else x for m, x, y in zip(mapped, latest, years, strict=True)]
    long["ccode"] = pd.array(mapped, dtype="Int16")
    long["kind"] = [
        k[0] if k is not None else ("state" if c is not pd.NA else "unmapped")
        for k, c in zip(known, long["ccode"], strict=True)
    ]
    long["note"] = [k[1] if k is not None else None for k in known]
    return long[["exercise_id", "slot", "as_written", "value", "ccode", "kind", "note"]]


def text(value: object) -> str | None:
    """A cell as trimmed text: numbers typed as floats lose their ``.0`` (``-9.0`` -> ``-9``)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def year_of(date: object) -> int | None:
    """The four-digit year in a ``MM/DD/YYYY`` string (``xx`` allowed for day or month), or None.

    >>> year_of("11/xx/1974"), year_of("-9"), year_of(None)
    (1974, None, None)
    """
    found = re.search(r"(\d{4})\s*$", str(date)) if date is not None else None
    return int(found.group(1)) if found else None


CITATION_JME = """@misc{dorazio_jme,
  author = {D'Orazio, Vito},
  title = {Joint Military Exercises: Introducing a Dataset},
  howpublished = {Dissertation chapter three,
                  \\url{https://www.vitodorazio.com/dissertation-chapter-three.html}},
  note = {The spreadsheet jme\\_v3.xls is redistributed in troopdata's data-raw folder; its
          relation to the chapter is not established}
}"""
