"""Dyad profiles: the directed dyad-year panel with every dyad-year step, for one pair."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pyarrow as pa

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
        hit = self.dyad_cache.get(key)
        if hit is not None:
            return {**hit, "rows": hit["_table"].to_pylist()}
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
        with self.lock:  # composing the SQL may prepare views and tables on the shared connection
            # all years, so steps that prepare a table per year range (similarity) do it once
            panel = detente.dyad_years(system, directed=True, warehouse=self.wh)
            # the universe restricted to the pair before the steps join (same rows and values as
            # filtering the full panel, which the tests check, but without computing every dyad)
            pair = f"SELECT * FROM ({panel.sql}) WHERE {c}1 = {int(a)} AND {c}2 = {int(b)}"
            panel, applied, skipped = self._add_all(replace(panel, sql=pair), DYAD_YEAR)
            query = panel.relation().sql_query()
        table = self._run_query(query)  # the slow part, on a cursor of its own: no lock held
        result = {
            "a": data.names[a],
            "b": data.names[b],
            "system": system,
            "steps": applied,
            "skipped_steps": skipped,
            "columns": table.column_names,
            "crises": self.dyad_crises(a, b) if system == "cow" else [],
            "confrontations": self.dyad_confrontations(a, b) if system == "cow" else [],
            "sources": self._sources(panel),
            "_table": table,
        }
        self.dyad_cache.put(key, result)
        return {**result, "rows": table.to_pylist()}

    def _run_query(self, query: str) -> pa.Table:
        """Run a query on a cursor of its own, so other requests use the warehouse meanwhile."""
        with self.lock:
            cursor = self.wh.con.cursor()
        try:
            return cursor.sql(query).to_arrow_table()
        finally:
            cursor.close()
