"""Directed dyad-period indicators of military diplomacy from the canonical event table.

One row per (ccode1, ccode2, period): events, counts per typology class, Goldstein mean and
net, the cooperation balance (coop - conflict) / (coop + conflict) over quad classes 1-2 vs 3-4,
the military share (events with a military actor), and mean tone. The definitions are one SQL
text (:func:`indicator_sql`) that runs unchanged in DuckDB and, with its dialect switch, in Spark
SQL, so both engines compute the same thing. Options, recorded in the output's metadata:

- ``unit``: ``day``, ``month`` or ``year``;
- ``dedup``: ``none``; ``one-a-day`` (one event per source, dyad, day and CAMEO/PLOVER code);
  ``root`` (GDELT root events only; sources without the flag are kept whole); ``url`` (one event
  per source document, dyad and code; rows without a document are kept);
- ``weight``: ``none`` (each event 1), ``sources`` or ``articles`` (GDELT NumSources /
  NumArticles; 1 where a source has no such count).

Only events whose two actors map to different COW states form a dyad.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from .._version import __version__
from ..errors import InputError
from ..warehouse import Warehouse, default_warehouse
from .canonical import canonical
from .ingest import sources_present

UNITS = ("day", "month", "year")
DEDUP = ("none", "one-a-day", "root", "url")
WEIGHTS = ("none", "sources", "articles")
CLASSES = (
    "military_cooperation", "defence_consultation", "defence_agreement", "military_aid",
    "humanitarian_aid", "peacekeeping", "mediation", "show_of_force", "military_threat",
    "use_of_force", "de_escalation",
)  # fmt: skip
#: The typology's version (typology.csv for CAMEO codes and typology_plover.csv, versioned together).
TYPOLOGY_VERSION = 2


def check_options(unit: str, dedup: str, weight: str) -> None:
    """Refuse an unknown unit, deduplication or weighting, naming the choices."""
    for name, value, allowed in (
        ("unit", unit, UNITS),
        ("dedup", dedup, DEDUP),
        ("weight", weight, WEIGHTS),
    ):
        if value not in allowed:
            raise InputError(f"unknown {name} {value!r}; choose from {', '.join(allowed)}")


def _period(unit: str, dialect: str) -> str:
    """SQL for the first day of the event's period (a DATE in both engines)."""
    if dialect == "spark":
        return {
            "day": "event_date",
            "month": "trunc(event_date, 'MM')",
            "year": "trunc(event_date, 'YYYY')",
        }[unit]
    return {"day": "event_date", "month": "date_trunc('month', event_date)::DATE",
            "year": "date_trunc('year', event_date)::DATE"}[unit]  # fmt: skip


def indicator_sql(table: str, unit: str = "month", dedup: str = "none", weight: str = "none",
                  dialect: str = "duckdb") -> str:  # fmt: skip
    """The indicator query over a canonical event table named ``table`` (DuckDB or Spark SQL)."""
    check_options(unit, dedup, weight)
    code = "coalesce(cameo_code, plover_event)"
    keep = {
        "none": "TRUE",
        "one-a-day": f"row_number() OVER (PARTITION BY source, ccode1, ccode2, event_date, {code} "
        "ORDER BY event_id) = 1",
        "root": "coalesce(is_root_event, TRUE)",
        "url": f"document_id IS NULL OR row_number() OVER (PARTITION BY source, document_id, ccode1, "
        f"ccode2, {code} ORDER BY event_id) = 1",
    }[dedup]
    w = {"none": "CAST(1 AS DOUBLE)", "sources": "CAST(coalesce(num_sources, 1) AS DOUBLE)",
         "articles": "CAST(coalesce(num_articles, 1) AS DOUBLE)"}[weight]  # fmt: skip
    classes = ",\n       ".join(
        f"sum(CASE WHEN mil_class = '{c}' THEN w ELSE 0 END) AS n_{c}" for c in CLASSES
    )
    coop = "sum(CASE WHEN quad_class IN (1, 2) THEN w ELSE 0 END)"
    conflict = "sum(CASE WHEN quad_class IN (3, 4) THEN w ELSE 0 END)"
    return f"""WITH e AS (
        SELECT *, actor1_ccode AS ccode1, actor2_ccode AS ccode2 FROM {table}
        WHERE actor1_ccode IS NOT NULL AND actor2_ccode IS NOT NULL AND actor1_ccode <> actor2_ccode),
    d AS (SELECT *, {keep} AS kept FROM e),
    x AS (SELECT *, {w} AS w, {_period(unit, dialect)} AS period FROM d WHERE kept)
    SELECT ccode1, ccode2, period,
       sum(w) AS events,
       {classes},
       sum(CASE WHEN goldstein IS NOT NULL THEN w * goldstein END)
           / sum(CASE WHEN goldstein IS NOT NULL THEN w END) AS goldstein_mean,
       sum(CASE WHEN goldstein IS NOT NULL THEN w * goldstein ELSE 0 END) AS goldstein_net,
       {coop} AS coop, {conflict} AS conflict,
       CASE WHEN {coop} + {conflict} > 0 THEN ({coop} - {conflict}) / ({coop} + {conflict}) END
           AS coop_balance,
       sum(CASE WHEN military_event THEN w ELSE 0 END) / sum(w) AS military_share,
       sum(CASE WHEN tone IS NOT NULL THEN w * tone END)
           / sum(CASE WHEN tone IS NOT NULL THEN w END) AS tone_mean
    FROM x GROUP BY ccode1, ccode2, period
    ORDER BY ccode1, ccode2, period"""


def metadata(unit: str, dedup: str, weight: str, sources: list[str], engine: str) -> dict[str, Any]:
    """What an indicator table was computed from and how (stored in its Arrow/Parquet metadata)."""
    return {
        "unit": unit, "dedup": dedup, "weight": weight, "engine": engine, "sources": sources,
        "typology_version": TYPOLOGY_VERSION, "detente_version": __version__,
    }  # fmt: skip


def indicators(
    root: str | os.PathLike[str],
    unit: str = "month",
    dedup: str = "none",
    weight: str = "none",
    wh: Warehouse | None = None,
) -> pa.Table:
    """Directed dyad-period indicators over an ingest folder, computed in DuckDB.

    >>> import tempfile
    >>> from detente.events.ingest import ingest
    >>> lake = tempfile.mkdtemp()
    >>> _ = ingest("icews-sample", lake, mirror="../shared/data")
    >>> t = indicators(lake, unit="day")
    >>> t.num_rows, json.loads(t.schema.metadata[b"detente"])["dedup"]
    (482, 'none')
    """
    check_options(unit, dedup, weight)
    wh = wh or default_warehouse()
    view = canonical(root, wh).alias
    sources = sources_present(root)
    table = wh.con.sql(indicator_sql(view, unit, dedup, weight)).to_arrow_table()
    meta = metadata(unit, dedup, weight, sources, "duckdb")
    return table.replace_schema_metadata({b"detente": json.dumps(meta).encode()})


def summary(table: pa.Table) -> dict[str, Any]:
    """Totals of an indicator table: dyads, periods, events, per-class counts, metadata."""
    meta = json.loads((table.schema.metadata or {}).get(b"detente", b"{}"))

    def total(c: str) -> float:
        return float(pc.sum(table.column(c)).as_py() or 0)

    dyads = table.group_by(["ccode1", "ccode2"]).aggregate([]).num_rows
    return {
        "rows": table.num_rows, "dyads": dyads, "events": total("events"),
        "classes": {c: total(f"n_{c}") for c in CLASSES}, "metadata": meta,
    }  # fmt: skip
