"""Dyad profiles: the directed dyad-year panel with every dyad-year step (or a chosen few), for one pair.

The dyad page shows the columns of a few steps (:data:`PAGE_STEPS`), so it builds only those; the
API's profile has every dyad-year step. Some of those (similarity, expected utility) first prepare
a table over every dyad-year, which takes seconds: that is done on a cursor of its own, without
the service lock, so other requests go on meanwhile (:meth:`Dyads.prepare_in_background` starts
it when the server starts).
"""

from __future__ import annotations

import contextlib
import copy
import threading
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

import pyarrow as pa

import detente
from detente.errors import InputError
from detente.panel import DYAD_YEAR
from detente.registry import check_versions
from detente.steps import STEPS
from detente.warehouse import Warehouse

from .cases import Cases
from .errors import NotFound

#: The dyad-year steps whose columns the dyad page shows: its timelines (disputes, hostility,
#: crises, wars, defence pacts, contiguity, capability share, exercises, defence-diplomacy index)
#: and its tables (dispute years, war years, exercises and visits).
PAGE_STEPS = (
    "alliances",
    "capabilities",
    "contiguity",
    "crises",
    "defence_diplomacy",
    "exercises",
    "mids",
    "visits",
    "wars",
)


def dyad_steps() -> list[str]:
    """Every registered dyad-year step, in the order profiles apply them.

    >>> {"similarity", "expected_utility", *PAGE_STEPS} <= set(dyad_steps())
    True
    """
    return [name for name, spec in sorted(STEPS.items()) if DYAD_YEAR in spec.units]


class Dyads(Cases):
    """One pair's dyad-year profile, with its ICB crises."""

    def dyad(
        self,
        a: int,
        b: int,
        system: str = "cow",
        steps: Collection[str] | None = None,
        extend_to: int | None = None,
        versions: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """The directed dyad-year panel for one pair (every dyad-year step, or only ``steps``),
        plus its ICB crises and MIC confrontations; ``extend_to`` and ``versions`` as
        :func:`detente.dyad_years` takes them."""
        only = None if steps is None else tuple(sorted(set(steps)))
        options = {"extend_to": extend_to, "versions": dict(sorted((versions or {}).items()))}
        key: tuple = ("dyad", system, a, b) if only is None else ("dyad", system, a, b, only)
        if extend_to is not None or versions:
            key += (extend_to, tuple(options["versions"].items()))
        hit = self.dyad_cache.get(key)
        if hit is not None:
            return {**hit, "rows": hit["_table"].to_pylist()}
        check_versions(versions)  # before waiting for a lock a long build may hold
        data = self.states(system, extend_to=extend_to)  # the members of each year
        if a == b:
            raise InputError(f"a dyad needs two different states, got {a} twice")
        for code in (a, b):
            self.state(code, system, extend_to)
        years = set(data.slices[a].column("year").to_pylist()) & set(
            data.slices[b].column("year").to_pylist()
        )
        if not years:
            raise NotFound(
                f"{data.names[a]['name']} ({a}) and {data.names[b]['name']} ({b}) were never in "
                f"the {data.system.title} system in the same year"
            )
        if only is None:  # some steps prepare all-dyad tables first: not on the shared connection
            with self.prepare_lock:
                wh = self._own_cursor()
                try:
                    query, panel, applied, skipped = self._compose(wh, system, a, b, None, **options)
                finally:
                    wh.con.close()
        else:
            with self.lock:  # composing the SQL may prepare views and tables on the shared connection
                query, panel, applied, skipped = self._compose(self.wh, system, a, b, only, **options)
        table = self._run_query(query)  # the slow part, on a cursor of its own: no lock held
        result = {
            "a": data.names[a],
            "b": data.names[b],
            "system": system,
            "extend_to": panel.extend_to,
            "versions": dict(panel.versions),
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

    def _compose(
        self,
        wh: Warehouse,
        system: str,
        a: int,
        b: int,
        only: Collection[str] | None,
        extend_to: int | None = None,
        versions: Mapping[str, str] | None = None,
    ) -> tuple[str, Any, list[str], dict[str, str]]:
        """The SQL of one pair's profile on ``wh``, with the panel, applied and skipped steps."""
        # all years, so steps that prepare a table per year range (similarity) do it once
        panel = detente.dyad_years(
            system, directed=True, extend_to=extend_to, versions=versions, warehouse=wh
        )
        c = panel.system.code
        # the universe restricted to the pair before the steps join (same rows and values as
        # filtering the full panel, which the tests check, but without computing every dyad)
        pair = f"SELECT * FROM ({panel.sql}) WHERE {c}1 = {int(a)} AND {c}2 = {int(b)}"
        panel, applied, skipped = self._add_all(replace(panel, sql=pair), DYAD_YEAR, only=only)
        return panel.relation().sql_query(), panel, applied, skipped

    def _own_cursor(self) -> Warehouse:
        """The warehouse on a DuckDB cursor of its own: views, stored tables and the warehouse's
        own lock are shared (one database), the connection is not, so a step that computes for
        seconds on it leaves the shared connection, and the service lock, to other requests."""
        clone = copy.copy(self.wh)
        with self.lock:
            clone.con = self.wh.con.cursor()
        clone.con.execute("SET enable_progress_bar = false")
        return clone

    def prepare_in_background(self, a: int = 2, b: int = 200) -> threading.Thread:
        """Build one full dyad profile in a daemon thread, so the all-dyad tables the API's
        profiles need are ready before the first request, without delaying start or pages."""

        def run() -> None:
            with contextlib.suppress(Exception):  # the first API request reports the same error
                self.dyad(a, b)

        thread = threading.Thread(target=run, name="detente-prepare-dyads", daemon=True)
        thread.start()
        return thread

    def _run_query(self, query: str) -> pa.Table:
        """Run a query on a cursor of its own, so other requests use the warehouse meanwhile."""
        with self.lock:
            cursor = self.wh.con.cursor()
        try:
            return cursor.sql(query).to_arrow_table()
        finally:
            cursor.close()
