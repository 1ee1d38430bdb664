"""Dyadic Cyber Incident and Campaign Data (DCID) 2.0, February 2023 update: rival-dyad cyber events.

The workbook has two sheets, both parsed:

- ``incidents`` (sheet ``DCID_2.0_Release_public_June_20``): the 429 incidents of the July 2022
  public release, 2000-2020, with start and end dates, method, target type, initiator, objective,
  severity, damage type, critical-infrastructure sector, supply chain, ransomware and sources;
- ``interactions`` (sheet ``DCID_2.0_Release_update_Februar``, the February 2023 campaign sheet):
  862 rows = 431 numbered pairs. Each ``incident_num`` has two rows (``position`` 1 and 2): a cyber
  action and the next interaction in the dyad, which is a cyber action by either side or a
  "no cyber" row; each row carries the conventional foreign-policy actions (diplomatic, economic,
  military, positive and negative; CAMEO-scale scores as coded, 0 = no such action) around it.

Both sheets identify states by COW code (``initiator_ccode``, ``target_ccode``); ``state_a`` and
``state_b`` are the sheet's short names (A has the lower COW code) and ``dyad_pair`` is the two
codes written one after the other (2365 = 2 and 365), kept as given.

Quirks fixed:
- Column names with spaces and symbols (``Concession ``, ``damage type``, ``Ddeny/reject-``,
  ``Mconfid+``...) become snake_case: ``-``/``+`` suffixes read ``_neg``/``_pos``.
- Text cells carry stray spaces (``'US '``, ``'Russia '``, ``'Lithuania '``, incident names): trimmed.
- Interaction dates carry fractions of a day (00:14:24, 00:28:48... = multiples of 0.01 day) that
  the coders added to order same-day rows; they become plain dates and ``position`` keeps the order.
- A "no cyber" row is written either ``No Cyber`` (247 rows) or left blank (126 rows): both have a
  null ``name`` and ``cyber`` false (their method, severity and target type are 0).
- ``Sources3`` of incident 301 (TooHash) is the number 20141105 in a text column: kept as text.
- Incidents 236 and 237 (Russia-Turkey DDoS) end (2015-01-15) before they start (2015-11-25), as
  in the sheet; nothing is invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from .._lazy import lazy
from ..registry import Source, SourceFile, register
from ._formats import excel, frames_sql, require_frame_columns

pd = lazy("pandas")

FILE = "DCID_2.0_Release_update_February_2023.xlsx"
INCIDENT_SHEET = "DCID_2.0_Release_public_June_20"
CAMPAIGN_SHEET = "DCID_2.0_Release_update_Februar"

#: columns common to both sheets: output name -> (sheet column, SQL type)
CODES = {
    "method": ("method", "DOUBLE"),
    "target_type": ("targettype", "TINYINT"),
    "initiator_ccode": ("initiator", "SMALLINT"),
    "cyber_objective": ("cyber_objective", "TINYINT"),
    "information_operation": ("information_operation", "TINYINT"),
    "objective_achievement": ("objective_achievement", "TINYINT"),
    "concession": ("Concession ", "TINYINT"),
    "severity": ("severity", "TINYINT"),
    "damage_type": ("damage type", "TINYINT"),
}
INCIDENT_ONLY = {
    "third_party_initiator": ("3rdpartyinitiator", "TINYINT"),
    "critical_infrastructure": ("Crit Inf", "TINYINT"),
    "supply_chain": ("Supply Ch", "TINYINT"),
    "ransomware": ("Ransomware", "TINYINT"),
}
INCIDENT_TEXT = {
    "political_objective": "Political Objective",
    **{f"source_{i}": f"Sources{i}" for i in range(1, 6)},
    "source_justice": "Justice",
    "source_cert": "Cert",
    "source_fbi": "FBI",
}
#: campaign-sheet response columns: output name -> sheet column
RESPONSES = {
    "cyber_escalation": "Cyber_escalation",
    "dip_deny_reject_neg": "Ddeny/reject-",
    "dip_threat_demand_neg": "Dthreat/demand-",
    "diplo_negative": "Diplo_Negative",
    "dip_negotiate_pos": "Dnegotiate+",
    "dip_agreement_pos": "Dagreement+",
    "diplo_positive": "Diplo_Positive",
    "econ_reduce_neg": "Ereduce-",
    "econ_threat_neg": "Ethreat-",
    "econ_embargo_sanction_neg": "Eemb/sanc-",
    "econ_negative": "Econ_Negative",
    "econ_coop_pos": "Ecoop+",
    "econ_ease_pos": "Eease+",
    "econ_aid_pos": "Eaid+",
    "econ_positive": "Econ_Positive",
    "mil_threat_neg": "Mthreat-",
    "mil_display_neg": "Mdisplay-",
    "mil_use_neg": "Musage-",
    "mil_negative": "Mil_Negative",
    "mil_promise_pos": "Mpromise+",
    "mil_coop_pos": "Mcoop+",
    "mil_confidence_pos": "Mconfid+",
    "mil_positive": "Mil_Positive",
    "conv_deescalation": "Conv_descalation",
    "conv_escalation": "Conv_escalation",
}
IDS = ["Cyberincidentnum", "Dyadpair", "StateA", "StateB", "Name", "interactionstartdate"]
NO_CYBER = "No Cyber"


def _text(value: object) -> str | None:
    """A text cell trimmed; numbers typed into text columns become their digits; blank -> None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _sheet(path: Path, sheet: str, columns: list[str], text: list[str]) -> pd.DataFrame:
    """One sheet with its text columns trimmed to str/None (mixed cells made text)."""
    raw = require_frame_columns(excel(path, sheet), columns, path)
    for col in text:
        raw[col] = raw[col].map(_text).astype(object)
    return raw


def _typed(columns: Mapping[str, tuple[str, str]]) -> str:
    """SQL select-list casting each sheet column to its output name and type."""
    return ", ".join(f'"{src}"::{kind} AS {out}' for out, (src, kind) in columns.items())


def parse_incidents(files: Mapping[str, Path]) -> pa.Table:
    """One row per incident of the 2022 public release, with dates, codes and source links."""
    path = files[FILE]
    text = ["StateA", "StateB", "Name", *INCIDENT_TEXT.values()]
    columns = [*IDS, "interactionenddate", *(s for s, _ in (CODES | INCIDENT_ONLY).values()), *text]
    raw = _sheet(path, INCIDENT_SHEET, columns, text)
    texts = ", ".join(f'"{src}" AS {out}' for out, src in INCIDENT_TEXT.items())
    return frames_sql(
        f"""SELECT Cyberincidentnum::SMALLINT AS incident_num, Dyadpair::INTEGER AS dyad_pair,
                   StateA AS state_a, StateB AS state_b, Name AS name,
                   interactionstartdate::DATE AS start_date, interactionenddate::DATE AS end_date,
                   {_typed(CODES)}, {_typed(INCIDENT_ONLY)}, {texts}
            FROM raw ORDER BY incident_num""",
        raw=raw,
    )


def parse_interactions(files: Mapping[str, Path]) -> pa.Table:
    """One row per campaign-sheet interaction: pair number, position, cyber codes, responses."""
    path = files[FILE]
    text = ["StateA", "StateB", "Name"]
    columns = [*IDS, "target", *(s for s, _ in CODES.values()), *RESPONSES.values()]
    raw = _sheet(path, CAMPAIGN_SHEET, columns, text)
    raw.insert(0, "row_order", range(len(raw)))
    responses = ", ".join(f'"{src}"::DOUBLE AS {out}' for out, src in RESPONSES.items())
    return frames_sql(
        f"""SELECT Cyberincidentnum::SMALLINT AS incident_num,
                   row_number() OVER (PARTITION BY Cyberincidentnum ORDER BY row_order)::TINYINT
                       AS position,
                   Dyadpair::INTEGER AS dyad_pair, StateA AS state_a, StateB AS state_b,
                   nullif(Name, '{NO_CYBER}') AS name,
                   coalesce(Name, '{NO_CYBER}') <> '{NO_CYBER}' AS cyber,
                   interactionstartdate::DATE AS start_date, target::SMALLINT AS target_ccode,
                   {_typed(CODES)}, {responses}
            FROM raw ORDER BY row_order""",
        raw=raw,
    )


register(
    Source(
        id="dcid-cyber",
        version="2.0 (update February 2023)",
        title="Dyadic Cyber Incident and Campaign Data (DCID)",
        publisher="Ryan C. Maness and Brandon Valeriano",
        landing_page="https://drryanmaness.wixsite.com/cyberconflict/cyber-conflict-dataset",
        citation="""@misc{maness_et_al_2022,
  author = {Maness, Ryan C. and Valeriano, Brandon and Hedgecock, Kathryn and Jensen, Benjamin M.
            and Macias, Jose M.},
  title = {The Dyadic Cyber Incident and Campaign Dataset ({DCID}), Version 2.0},
  year = {2022},
  howpublished = {\\url{https://drryanmaness.wixsite.com/cyberconflict/cyber-conflict-dataset}}
}
@article{valeriano_maness_2014,
  author = {Valeriano, Brandon and Maness, Ryan C.},
  title = {The Dynamics of Cyber Conflict between Rival Antagonists, 2001--11},
  journal = {Journal of Peace Research},
  volume = {51},
  number = {3},
  pages = {347--360},
  year = {2014}
}""",
        terms="Free for research use with citation; no formal licence is stated.",
        years=(2000, 2021),
        files=(
            SourceFile(
                name=FILE,
                sha256="2855385ae89c5dacc3bc1e3993c005555abcbd9dce5bbfa6595b1aa57897df24",
                format="xlsx",
                url=None,
                note="no stable download URL: the file is linked from a Wix landing page; this "
                "copy comes from a replication repository (hilangoe/CyberCrises) and its identity "
                "with the publisher's file is unverified",
                size=299127,
            ),
        ),
        tables={"incidents": parse_incidents, "interactions": parse_interactions},
        quirks=(
            "Column names with spaces and +/- symbols become snake_case (_pos/_neg).",
            "Stray spaces in state and incident names are trimmed.",
            "Fractions of a day added to order same-day interactions are dropped; position keeps "
            "the order within each incident number.",
            "'No Cyber' and blank names both mean no cyber action: name null, cyber false.",
            "A number in the Sources3 text column (incident 301) is kept as text.",
            "Incidents 236-237 end before they start, as in the sheet.",
        ),
    )
)
