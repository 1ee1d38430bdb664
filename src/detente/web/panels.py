"""Panels built on request exactly as ``detente panel`` builds them, streamed in batches."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pyarrow as pa

import detente
from detente.errors import InputError
from detente.panel import Panel
from detente.steps import get_step

from .profiles import Profiles


class Panels(Profiles):
    """Panels for ``/api/panel``."""

    def panel(
        self,
        unit: str,
        system: str,
        years: str | None,
        steps: Sequence[tuple[str, dict[str, Any]]],
        directed: bool = True,
        relevant: bool = False,
        extend_to: int | None = None,
        versions: dict[str, str] | None = None,
    ) -> Panel:
        """A panel built exactly as ``detente panel`` builds it (errors are the library's)."""
        if unit not in {"state-years", "dyad-years"}:
            raise InputError(f"unknown panel unit {unit!r}; choose state-years or dyad-years")
        self.system(system)
        with self.lock:
            if unit == "state-years":
                if relevant:
                    raise InputError("relevant applies to dyad-years only")
                panel = detente.state_years(
                    system, years, extend_to=extend_to, versions=versions, warehouse=self.wh
                )
            else:
                panel = detente.dyad_years(
                    system,
                    directed,
                    years,
                    relevant,
                    extend_to=extend_to,
                    versions=versions,
                    warehouse=self.wh,
                )
            for name, params in steps:
                panel = get_step(name).apply(panel, **params)
            panel.relation()  # binds the query so errors surface now, not mid-stream
        return panel

    def batches(self, panel: Panel, rows: int = 65_536) -> Iterator[pa.RecordBatch]:
        """The panel's rows as Arrow record batches, read on a cursor of its own (no lock held).

        The query starts here and its first batch is read before this returns, so an error is
        raised before any byte of the answer is sent (never a 200 with a cut-off body).
        """
        with self.lock:
            query = panel.relation().sql_query()
            cursor = self.wh.con.cursor()
        try:
            rel = cursor.sql(query)
            read = getattr(rel, "to_arrow_reader", None) or rel.fetch_record_batch
            reader = read(rows)
            first = reader.read_next_batch()
        except StopIteration:
            first = None
        except BaseException:
            cursor.close()
            raise
        return _batches(cursor, reader, first)


def _batches(
    cursor: Any, reader: pa.RecordBatchReader, first: pa.RecordBatch | None
) -> Iterator[pa.RecordBatch]:
    """The batches of an open reader; closing the generator closes the reader and the cursor."""
    try:
        if first is not None:
            yield first
            yield from reader
    finally:
        reader.close()
        cursor.close()
