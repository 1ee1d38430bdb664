"""State profiles: each system's state-year panel with every state-year step, built once.

A profile is the state-year panel with every registered state-year step (with its defaults) and
the state's latest name; the map's values come from the same table.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

import detente
from detente.errors import DetenteError, InputError
from detente.panel import STATE_YEAR, Panel
from detente.registry import get_source
from detente.steps import STEPS
from detente.systems import SYSTEMS, System, get_system, state_names

from .cache import to_json
from .core import Core
from .errors import NotFound
from .shapes import iso_numeric

#: Identifier columns: never offered as a measure.
KEYS = {"ccode", "gwcode", "ccode1", "ccode2", "gwcode1", "gwcode2", "year", "stateabb"}


@dataclass
class StateData:
    """One system's state-year panel with every state-year step, and lookups over it."""

    system: System
    table: pa.Table
    steps: list[str]
    skipped: dict[str, str]
    sources: list[dict[str, str]]
    names: dict[int, dict[str, Any]]
    slices: dict[int, pa.Table] = field(default_factory=dict)
    profiles: dict[int, bytes] = field(default_factory=dict)
    #: the panel's ``extend_to`` and pinned ``versions``, as its metadata records them
    options: dict[str, Any] = field(default_factory=lambda: {"extend_to": None, "versions": {}})

    @property
    def measures(self) -> list[str]:
        """Numeric columns that can colour a map or draw a timeline."""
        return [
            f.name
            for f in self.table.schema
            if f.name not in KEYS and (pa.types.is_integer(f.type) or pa.types.is_floating(f.type))
        ]

    @property
    def years(self) -> tuple[int, int]:
        """First and last year of the panel."""
        years = self.table.column("year")
        return int(pc.min(years).as_py()), int(pc.max(years).as_py())


class Profiles(Core):
    """State-year profiles per system, state names, and the map's values."""

    def system(self, name: str) -> System:
        """The named state system, or InputError listing the known ones."""
        if name not in SYSTEMS:
            raise InputError(f"unknown state system {name!r}; choose from {', '.join(SYSTEMS)}")
        return get_system(name)

    def states(
        self,
        system: str = "cow",
        progress: Callable[[str], None] | None = None,
        extend_to: int | None = None,
        versions: Mapping[str, str] | None = None,
    ) -> StateData:
        """The state-year panel with every state-year step, built once per system (and once per
        ``extend_to`` and ``versions``, as :func:`detente.state_years` takes them, of which the
        last few asked for are kept)."""
        pinned = tuple(sorted((versions or {}).items()))
        variant = ("states", system, extend_to, pinned) if extend_to is not None or pinned else None
        hit = self._states.get(system) if variant is None else self.variants.get(variant)
        if hit is not None:
            return hit
        self.system(system)
        with self.lock:
            hit = self._states.get(system) if variant is None else self.variants.get(variant)
            if hit is not None:
                return hit
            panel = detente.state_years(
                system, extend_to=extend_to, versions=dict(pinned), warehouse=self.wh
            )
            sysm = panel.system  # extended to ``extend_to`` when asked
            panel, applied, skipped = self._add_all(panel, STATE_YEAR, progress)
            if progress:
                progress("computing state-year profiles")
            table = panel.to_arrow()
            names = self._names(sysm, table)
            data = StateData(sysm, table, applied, skipped, self._sources(panel), names)
            data.options = {"extend_to": panel.extend_to, "versions": dict(panel.versions)}
            codes = table.column(sysm.code).to_numpy()
            bounds = np.flatnonzero(np.diff(codes)) + 1
            starts = [0, *bounds.tolist()]
            ends = [*bounds.tolist(), len(codes)]
            for s, e in zip(starts, ends, strict=True):
                data.slices[int(codes[s])] = table.slice(s, e - s)
            if variant is None:
                self._states[system] = data
            else:
                self.variants.put(variant, data)
            return data

    def _add_all(
        self,
        panel: Panel,
        unit: str,
        progress: Callable[[str], None] | None = None,
        only: Collection[str] | None = None,
    ) -> tuple[Panel, list[str], dict[str, str]]:
        """Apply every registered step for ``unit`` (or those in ``only``) with its defaults; skip
        the ones that refuse."""
        applied: list[str] = []
        skipped: dict[str, str] = {}
        for name, spec in sorted(STEPS.items()):
            if unit not in spec.units or (only is not None and name not in only):
                continue
            if progress:
                progress(f"adding {name}")
            try:
                panel = spec.apply(panel)
                applied.append(name)
            except DetenteError as exc:  # a step needing parameters, or clashing columns
                skipped[name] = str(exc)
            except Exception as exc:  # a step this face cannot run with defaults: say so, go on
                skipped[name] = f"{type(exc).__name__}: {exc}"
        return panel, applied, skipped

    @staticmethod
    def _sources(panel: Panel) -> list[dict[str, str]]:
        """The (id, version) pairs a panel used, for citing what a profile shows."""
        return [{"id": s, "version": get_source(s).version} for s in panel.sources]

    def _names(self, sysm: System, table: pa.Table) -> dict[int, dict[str, Any]]:
        """Each code's latest name and abbreviation (from the system's own membership list)."""
        with self.lock:
            rows = state_names(self.wh, sysm)
        spans = (
            pa.TableGroupBy(table.select([sysm.code, "year"]), sysm.code)
            .aggregate([("year", "min"), ("year", "max")])
            .to_pylist()
        )
        span = {r[sysm.code]: (r["year_min"], r["year_max"]) for r in spans}
        return {
            int(code): {
                "code": int(code),
                "name": name,
                "abb": abb,
                "first_year": span[code][0],
                "last_year": span[code][1],
                "iso_n3": iso_numeric(int(code), sysm.name),
            }
            for code, name, abb in rows
            if code in span
        }

    def state(
        self,
        code: int,
        system: str = "cow",
        extend_to: int | None = None,
        versions: Mapping[str, str] | None = None,
    ) -> tuple[StateData, pa.Table]:
        """One state's rows of the state-year panel, or NotFound naming the code."""
        data = self.states(system, extend_to=extend_to, versions=versions)
        if code not in data.slices:
            raise NotFound(
                f"no state with {data.system.code} {code} in the {data.system.title} system "
                f"(see /api/states for the codes)"
            )
        return data, data.slices[code]

    def state_profile(
        self,
        code: int,
        system: str = "cow",
        extend_to: int | None = None,
        versions: Mapping[str, str] | None = None,
    ) -> bytes:
        """A state's profile over time as JSON bytes (computed once, then served from memory)."""
        data, rows = self.state(code, system, extend_to, versions)
        if code not in data.profiles:
            data.profiles[code] = to_json(
                {
                    **data.names[code],
                    "system": data.system.name,
                    **data.options,
                    "steps": data.steps,
                    "skipped_steps": data.skipped,
                    "columns": rows.column_names,
                    "rows": rows.to_pylist(),
                    "sources": data.sources,
                }
            )
        return data.profiles[code]

    def name(self, code: int, system: str = "cow") -> str:
        """A state's latest name, or the code as text."""
        entry = self.states(system).names.get(code)
        return entry["name"] if entry else str(code)

    # -- map ---------------------------------------------------------------------------------
    def map_values(self, measure: str, year: int, system: str = "cow") -> bytes:
        """Every state's value of ``measure`` in ``year``, with ISO numeric codes for the shapes."""
        key = ("map", system, measure, year)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        data = self.states(system)
        self.check_measure(measure, data)
        lo, hi = data.years
        if not lo <= year <= hi:
            raise InputError(f"year {year} is outside the {data.system.title} panel's {lo}-{hi}")
        rows = data.table.filter(pc.equal(data.table["year"], year)).select([data.system.code, measure])
        values = [{**data.names[r[data.system.code]], "value": r[measure]} for r in rows.to_pylist()]
        present = [v["value"] for v in values if v["value"] is not None]
        payload = {
            "measure": measure,
            "year": year,
            "system": system,
            "states": len(values),
            "with_value": len(present),
            "min": min(present) if present else None,
            "max": max(present) if present else None,
            "values": values,
        }
        return self.cache.put(key, to_json(payload))

    @staticmethod
    def check_measure(measure: str, data: StateData) -> None:
        """InputError unless ``measure`` is a numeric state-year column."""
        if measure not in data.measures:
            import difflib

            close = difflib.get_close_matches(measure, data.measures, n=3)
            hint = f"did you mean {', '.join(close)}?" if close else "see /api/measures"
            raise InputError(f"unknown measure {measure!r}; {hint}")
