"""SIPRI Arms Transfers Database trade register (all suppliers, all recipients, export 13 Mar 2025).

One row per deal (order) of major conventional arms, orders 1940-2024, with the number ordered
and delivered, the years of delivery and SIPRI trend-indicator values (TIV, millions; a volume
measure, not money). Suppliers and recipients are SIPRI names, not codes.

Quirks fixed:
- The export is ISO-8859-1 (Latin-1) text with an 11-line preamble before the header: decoded
  as Latin-1 (``Bü-181``, ``Wärtsilä``), preamble skipped.
- Four deals have an unquoted line break inside ``Comments``: the export puts their three TIV
  fields on the next line (``,0.03,0.36,0``), which naive readers take as a row with an empty
  recipient. The broken line is joined back, so those deals get their TIVs (29,515 deals).
- The three unnamed uncertainty columns (``' '``, ``' .1'``, ``' .2'``, holding ``?``) become
  booleans ``order_year_uncertain``, ``number_ordered_uncertain``, ``number_delivered_uncertain``.
- Empty ``Number ordered`` means "not yet available" (null); ``0`` delivered means none yet.
  A TIV of ``0`` means between 0 and 0.5 million TIV (kept as 0); an empty TIV field is null.
- Name markers become a kind column: ``*`` = non-state actor (``Hezbollah (Lebanon)*``), ``**`` =
  international organisation (``NATO**``), ``unknown ...`` = unknown party; the markers are
  stripped from the names (``recipient_kind``/``supplier_kind``: state, nonstate, igo, unknown).
- ``Year(s) of delivery`` is free text (``2018; 2019``): kept in ``delivery_years`` and parsed into
  ``first_delivery_year``/``last_delivery_year``.
- 10 exactly repeated rows are genuine repeated orders in the register and are kept.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from .._lazy import lazy
from ..errors import ParseError
from ..registry import Source, SourceFile, register
from ._formats import frames_sql

pd = lazy("pandas")

FILE = "trade-register.csv"
HEADER = [
    "Recipient", "Supplier", "Year of order", " ", "Number ordered", " ", "Weapon designation",
    "Weapon description", "Number delivered", " ", "Year(s) of delivery", "status", "Comments",
    "SIPRI TIV per unit", "SIPRI TIV for total order", "SIPRI TIV of delivered weapons",
]  # fmt: skip
NAMES = [
    "recipient", "supplier", "order_year", "order_year_flag", "number_ordered",
    "number_ordered_flag", "weapon_designation", "weapon_description", "number_delivered",
    "number_delivered_flag", "delivery_years", "status", "comments", "tiv_per_unit",
    "tiv_total_order", "tiv_delivered",
]  # fmt: skip


def _records(path: Path) -> tuple[list[list[str]], int]:
    """The data records (16 fields each) after the preamble, broken lines rejoined; and their count."""
    try:
        text = path.read_bytes().decode("latin-1")
    except OSError as exc:
        raise ParseError(f"{path.name}: cannot read ({exc})") from exc
    lines = [line.rstrip("\r") for line in text.split("\n")]
    start = next((i for i, line in enumerate(lines) if line.startswith("Recipient,Supplier,")), None)
    if start is None or next(csv.reader([lines[start]])) != HEADER:
        raise ParseError(f"{path.name}: no trade-register header line found")
    body: list[str] = []
    joined = 0
    for line in lines[start + 1 :]:
        if not line:
            continue
        if line.startswith(",") and body:  # the tail of the previous deal after a stray newline
            body[-1] += line
            joined += 1
        else:
            body.append(line)
    records = list(csv.reader(body))
    bad = [i for i, r in enumerate(records) if len(r) != len(HEADER)]
    if bad:
        raise ParseError(f"{path.name}: {len(bad)} record(s) without 16 fields, e.g. {records[bad[0]]}")
    return records, joined


def _kind(col: str) -> str:
    """SQL classifying a SIPRI party name by its marker: igo (**), nonstate (*), unknown, state."""
    return f"""CASE WHEN {col} LIKE '%**' THEN 'igo' WHEN {col} LIKE '%*' THEN 'nonstate'
                    WHEN {col} LIKE 'unknown%' THEN 'unknown' ELSE 'state' END"""


def parse_trade_register(files: Mapping[str, Path]) -> pa.Table:
    """One row per deal: parties and their kind, years, numbers, weapon, status, comments, TIVs."""
    records, _ = _records(files[FILE])
    raw = pd.DataFrame(records, columns=NAMES, dtype=object)
    years = "list_transform(regexp_extract_all(delivery_years, '\\d{4}'), lambda y: y::SMALLINT)"
    return frames_sql(
        f"""SELECT rtrim(recipient, '*') AS recipient, {_kind("recipient")} AS recipient_kind,
                   rtrim(supplier, '*') AS supplier, {_kind("supplier")} AS supplier_kind,
                   order_year::SMALLINT AS order_year, order_year_flag = '?' AS order_year_uncertain,
                   nullif(number_ordered, '')::INTEGER AS number_ordered,
                   number_ordered_flag = '?' AS number_ordered_uncertain,
                   weapon_designation, weapon_description,
                   nullif(number_delivered, '')::INTEGER AS number_delivered,
                   number_delivered_flag = '?' AS number_delivered_uncertain,
                   nullif(delivery_years, '') AS delivery_years,
                   list_min({years}) AS first_delivery_year, list_max({years}) AS last_delivery_year,
                   nullif(status, '') AS status, nullif(trim(comments), '') AS comments,
                   nullif(tiv_per_unit, '')::DOUBLE AS tiv_per_unit,
                   nullif(tiv_total_order, '')::DOUBLE AS tiv_total_order,
                   nullif(tiv_delivered, '')::DOUBLE AS tiv_delivered
            FROM raw""",
        raw=raw,
    )


register(
    Source(
        id="sipri-arms-transfers",
        version="trade register export of 13 March 2025 (orders to 2024)",
        title="SIPRI Arms Transfers Database: trade register",
        publisher="Stockholm International Peace Research Institute (SIPRI)",
        landing_page="https://www.sipri.org/databases/armstransfers",
        citation="""@misc{sipri_at_2025,
  author = {{Stockholm International Peace Research Institute}},
  title = {{SIPRI} Arms Transfers Database},
  year = {2025},
  note = {Trade register generated 13 March 2025},
  howpublished = {\\url{https://www.sipri.org/databases/armstransfers}}
}""",
        terms="(c) SIPRI: free to use with the attribution 'Source: SIPRI Arms Transfers "
        "Database'; SIPRI's terms of use apply to redistribution.",
        years=(1940, 2024),
        files=(
            SourceFile(
                name=FILE,
                sha256="915257da0889e15d59936dbdf756529c34ee33c3a0c2ae73183d9cd8fd4b9c92",
                format="csv",
                url=None,
                note="no static file: the register is exported through a form/API (POST "
                "https://atbackend.sipri.org/api/p/trades/trade-register-csv/) and every export "
                "embeds its generation time, so a fresh download never has this hash; this copy "
                "comes from a public repository (ColasDroin/SIPRI_arms_transfers_analysis)",
                size=3845731,
            ),
        ),
        tables={"trade_register": parse_trade_register},
        quirks=(
            "Latin-1 file with an 11-line preamble.",
            "Four deals broken by a newline in Comments are rejoined (their TIVs were on the "
            "next line, read naively as rows with an empty recipient).",
            "Unnamed '?' columns become *_uncertain booleans.",
            "'*' (non-state) / '**' (international organisation) markers move to *_kind columns.",
            "Year(s) of delivery text parsed into first/last delivery year.",
            "TIV 0 means < 0.5 m TIV and is kept; empty fields are null; 10 repeated deals kept.",
        ),
    )
)
