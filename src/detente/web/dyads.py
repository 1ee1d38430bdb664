"""Dyad profiles: the directed dyad-year panel with every dyad-year step, for one pair."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import detente
from detente.errors import InputError
from detente.panel import DYAD_YEAR

from .cases import Cases
from .errors import NotFound


class Dyads(Cases):
    """One pair's dyad-year profile, with its ICB crises."""

    def dyad(self, a: int, b: int, system: str = "cow") -> dict[str, Any]:
        """The directed dyad-year panel (every dyad-year step) for one pair, plus its ICB crises."""
        key = ("dyad", system, a, b)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        data = self.states(system)
        if a == b:
            raise InputError(f"a dyad needs two different states, got {a} twice")
        for code in (a, b):
            self.state(code, system)
        years = set(data.slices[a].column("year").to_pylist()) & set(
            data.slices[b].column("year").to_pylist()
        )
        if not years:
            raise NotFound(
                f"{data.names[a]['name']} ({a}) and {data.names[b]['name']} ({b}) were never in "
                f"the {data.system.title} system in the same year"
            )
        c = data.system.code
        with self.lock:
            # all years, so steps that prepare a table per year range (similarity) do it once
            panel = detente.dyad_years(system, directed=True, warehouse=self.wh)
            # the universe restricted to the pair before the steps join (same rows and values as
            # filtering the full panel, which the tests check, but without computing every dyad)
            pair = f"SELECT * FROM ({panel.sql}) WHERE {c}1 = {a} AND {c}2 = {b}"
            panel, applied, skipped = self._add_all(replace(panel, sql=pair), DYAD_YEAR)
            table = panel.to_arrow()
        result = {
            "a": data.names[a],
            "b": data.names[b],
            "system": system,
            "steps": applied,
            "skipped_steps": skipped,
            "columns": table.column_names,
            "rows": table.to_pylist(),
            "crises": self.dyad_crises(a, b) if system == "cow" else [],
            "confrontations": self.dyad_confrontations(a, b) if system == "cow" else [],
            "sources": self._sources(panel),
            "_table": table,
        }
        return self.cache.put(key, result)
