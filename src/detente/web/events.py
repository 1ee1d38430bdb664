"""Event timelines and alerts over the ingest folder the server was started with."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from detente.errors import InputError

from .errors import NotFound, Unavailable
from .filters import year_filter
from .profiles import Profiles

#: What event endpoints and pages say when the server has no event folder.
NO_EVENTS = (
    "no event folder: start detente serve with --events DIR "
    "(an ingest folder made by `detente events ingest`)"
)
ALERT_KINDS = ("intensity", "ladder")
#: The typology's ladder rungs (alerts' ``prev_rung`` and ``rung``), for labels on pages.
RUNGS = {None: "–", -1: "none", 0: "cooperation", 1: "threat", 2: "show of force", 3: "use of force"}


class NoEvents(Unavailable):
    """The server was started without an event folder (the API answers 501 with :data:`NO_EVENTS`)."""


class EventFolderError(NotFound):
    """The event folder does not exist or holds no ingested events (the API answers 404)."""


def event_folder_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot serve events (missing, not a folder, nothing ingested), or None."""
    from detente.events.ingest import sources_present

    folder = Path(path)
    if not folder.exists():
        return f"event folder {str(folder)!r} does not exist"
    if not folder.is_dir():
        return f"event folder {str(folder)!r} is not a folder"
    if not (folder / "manifest.json").exists() or not sources_present(folder):
        return (
            f"event folder {str(folder)!r} holds no ingested events (no manifest.json with rows); "
            f"run `detente events ingest SOURCE --out {folder}` first"
        )
    return None


class Events(Profiles):
    """A dyad's event indicators and the folder's alerts, computed once per options."""

    def lake(self) -> Path:
        """The event folder, or NoEvents (none configured) / EventFolderError (unusable) saying why."""
        if self.events is None:
            raise NoEvents(NO_EVENTS)
        problem = event_folder_problem(self.events)
        if problem:
            raise EventFolderError(problem)
        return self.events

    def event_indicators(
        self, unit: str = "month", dedup: str = "none", weight: str = "none"
    ) -> pa.Table:
        """``indicators(lake, unit, dedup, weight)`` over the whole folder, computed once per options."""
        from detente.events.indicators import check_options, indicators

        lake = self.lake()
        check_options(unit, dedup, weight)
        key = ("event-indicators", str(lake), unit, dedup, weight)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        with self.lock:
            table = indicators(lake, unit=unit, dedup=dedup, weight=weight, wh=self.wh)
        return self.cache.put(key, table)

    def event_alerts(self) -> pa.Table:
        """``alerts(lake)`` with the library's defaults (daily, 7-period baseline), computed once."""
        from detente.events.alerts import alerts

        lake = self.lake()
        key = ("event-alerts", str(lake))
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        with self.lock:
            table = alerts(lake, wh=self.wh)
        return self.cache.put(key, table)

    def dyad_events(
        self, a: int, b: int, unit: str = "month", dedup: str = "none", weight: str = "none"
    ) -> dict[str, Any]:
        """A dyad's indicator rows in both directions (``direction`` a->b or b->a) and its alerts."""
        table = self.event_indicators(unit, dedup, weight)
        if a == b:
            raise InputError(f"a dyad needs two different states, got {a} twice")
        data = self.states("cow")
        for code in (a, b):
            self.state(code, "cow")
        key = ("dyad-events", str(self.events), unit, dedup, weight, a, b)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        c1, c2 = table["ccode1"], table["ccode2"]
        ab = pc.and_(pc.equal(c1, a), pc.equal(c2, b))
        ba = pc.and_(pc.equal(c1, b), pc.equal(c2, a))
        rows = table.filter(pc.or_(ab, ba))
        direction = pc.if_else(pc.equal(rows["ccode1"], a), "a->b", "b->a")
        rows = rows.append_column("direction", direction.cast(pa.string()))
        rows = rows.sort_by([("direction", "ascending"), ("period", "ascending")])
        rows = rows.replace_schema_metadata(table.schema.metadata)
        meta = json.loads((table.schema.metadata or {}).get(b"detente", b"{}"))
        found = self.alerts(codes=(a, b))
        result = {
            "a": data.names[a],
            "b": data.names[b],
            "unit": unit,
            "dedup": dedup,
            "weight": weight,
            "metadata": meta,
            "count": rows.num_rows,
            "events": {d: _total(rows, d) for d in ("a->b", "b->a")},
            "alerts": found.to_pylist(),
            "_table": rows,
        }
        return self.cache.put(key, result)

    def alerts(
        self, codes: Sequence[int] = (), kind: str | None = None, years: str | None = None
    ) -> pa.Table:
        """Alerts whose dyad holds every given state (either side), of one kind, in ``years``."""
        table = self.event_alerts()
        if kind is not None and kind not in ALERT_KINDS:
            raise InputError(f"unknown alert kind {kind!r}; choose from {', '.join(ALERT_KINDS)}")
        data = self.states("cow")
        for code in codes:
            if code not in data.names:
                raise NotFound(f"no state with ccode {code} in the COW system (see /api/states)")
        for code in codes:
            table = table.filter(
                pc.or_(pc.equal(table["ccode1"], code), pc.equal(table["ccode2"], code))
            )
        if kind is not None:
            table = table.filter(pc.equal(table["kind"], kind))
        if years:
            first, last = year_filter(years, 1, 9999, "calendar")  # the syntax and order
            span = pc.year(self.event_alerts()["period"])
            lo, hi = (pc.min(span).as_py(), pc.max(span).as_py()) if len(span) else (first, last)
            if first > hi or last < lo:
                raise InputError(f"years {years!r} fall outside the event folder's alerts ({lo}-{hi})")
            year = pc.year(table["period"])
            table = table.filter(pc.and_(pc.greater_equal(year, first), pc.less_equal(year, last)))
        return table


def _total(rows: pa.Table, direction: str) -> float:
    """Events in one direction of a dyad's indicator rows (0 when there are none)."""
    mine = rows.filter(pc.equal(rows["direction"], direction))
    return float(pc.sum(mine["events"]).as_py() or 0)
