"""UN and Non-UN Peacekeeping v2-2019 (Bara & Hultman): personnel by mission, conflict and month.

One row per mission x UCDP conflict episode x month (1993-2016): a mission deployed to several
conflicts appears once per conflict, and a conflict-month with several missions once per mission
(codebook p. 3). ``ccode`` is the COW code of the *host* (conflict) country, not of contributors.

Personnel series (persons; troops, police, observers and their total):
- ``sipri_*``: SIPRI's reported figures only (mostly December and a mission's last month);
- ``*_iepo``: the main series, interpolated, extrapolated to the start, a few manual fills;
- ``*_ipo``: interpolated only (missing before the first reported month);
- ``ipi_*``: IPI's monthly UN figures, for comparison (UN missions only);
- ``*_backward``: each year's reported figure repeated in every month of that year.

Quirks fixed:
- ``mission`` ``'UNMIBH '`` carries a trailing space in the file; names are trimmed.
- ``missionid``, ``org`` and ``onlypolice`` are stored as floats; they become integers / booleans.
- ``org`` 1/2/3 is kept and spelled out in ``org_type`` (UN / regional / international).
- From 2015 SIPRI no longer separates troops from observers: their sum is in ``troops_*`` and
  ``observers_*`` is 0 (codebook p. 3); combine the two for series spanning 2015.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa

from ..registry import Source, SourceFile, register
from ._formats import frames_sql
from ._read import require_columns, stata

FILE = "UN and Non-UN Peacekeeping_v2-2019.dta"
KINDS = ("troops", "police", "observers", "totals")
#: output column -> file column, for every personnel series
PERSONNEL = {
    **{f"sipri_{k}": f"SIPRI_{k}" for k in KINDS},
    **{f"{k}_iepo": f"{k}_iepo" for k in KINDS},
    **{f"{k}_ipo": f"{k}_ipo" for k in KINDS},
    **{f"ipi_{k}": f"IPI_{k}" for k in KINDS},
    **{f"{k}_backward": f"{k}_backward" for k in KINDS},
}
IDS = ["ccode", "location", "conflictid", "episodenum", "activity", "incomp", "date", "year"]


def parse_mission_months(files: Mapping[str, Path]) -> pa.Table:
    """One row per mission-conflict-month with host ccode, mission, organisation and personnel."""
    path = files[FILE]
    cols = [*IDS, "missionid", "mission", "org", "onlypolice", *PERSONNEL.values()]
    raw = require_columns(stata(path), cols, path)
    personnel = ", ".join(f'"{src}"::DOUBLE AS {out}' for out, src in PERSONNEL.items())
    return frames_sql(
        f"""SELECT ccode::SMALLINT AS ccode, trim(location) AS location,
                   conflictid::INTEGER AS conflict_id, episodenum::INTEGER AS episode_id,
                   activity = 1 AS active, incomp::TINYINT AS incomp,
                   date::DATE AS date, year::SMALLINT AS year, month(date)::TINYINT AS month,
                   missionid::INTEGER AS mission_id, trim(mission) AS mission,
                   org::TINYINT AS org,
                   CASE org WHEN 1 THEN 'UN' WHEN 2 THEN 'regional' WHEN 3 THEN 'international' END
                       AS org_type,
                   onlypolice = 1 AS only_police, {personnel}
            FROM raw ORDER BY mission_id, conflict_id, episode_id, date""",
        raw=raw,
    )


register(
    Source(
        id="pko-missions",
        version="v2-2019",
        title="UN and Non-UN Peacekeeping Dataset",
        publisher="Corinne Bara and Lisa Hultman, Uppsala University",
        landing_page="https://www.pcr.uu.se/data/",
        citation="""@article{bara_hultman_2020,
  author = {Bara, Corinne and Hultman, Lisa},
  title = {Just Different Hats? {C}omparing {UN} and Non-{UN} Peacekeeping},
  journal = {International Peacekeeping},
  volume = {27},
  number = {3},
  pages = {341--368},
  year = {2020}
}
@misc{sipri_pko_2017,
  author = {{Stockholm International Peace Research Institute}},
  title = {{SIPRI} Multilateral Peace Operations Database},
  year = {2017},
  howpublished = {\\url{https://www.sipri.org/databases/pko}}
}""",
        terms="Free for research use; cite Bara & Hultman (2020) and SIPRI as the codebook asks. "
        "No licence for redistribution is stated.",
        years=(1993, 2016),
        files=(
            SourceFile(
                name=FILE,
                sha256="e0727b33a064cdd45a8a06dae7ecc7aee93b9a30f036fe333b79ea989ba3c9c8",
                format="dta",
                url=None,
                note="no direct download URL is known (landing https://www.corinnebara.net/data); "
                "the copy comes from a replication repository and its identity with the "
                "publisher's file is unverified",
                size=1210049,
            ),
        ),
        tables={"mission_months": parse_mission_months},
        quirks=(
            "Mission names are trimmed ('UNMIBH ' has a trailing space).",
            "Float-stored missionid/org/onlypolice become integers/booleans; org is spelled out "
            "in org_type (1 UN, 2 regional, 3 international).",
            "ccode is the host (conflict) country, not a contributor.",
            "From 2015 troops_* include observers and observers_* is 0 (SIPRI stopped separating them).",
        ),
    )
)
