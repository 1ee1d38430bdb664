"""Panel: a lazily evaluated state-year or dyad-year table in DuckDB, plus its provenance.

A panel is SQL over the warehouse; each ``add_*`` step wraps it in a join and returns a new panel,
so nothing is computed until ``to_arrow``/``to_pandas``/``to_polars``/``write``. Columns whose
names start with ``_`` (the COW join keys) are internal and never leave the panel.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pyarrow as pa

from ._version import __version__
from .errors import DetenteError, InputError
from .outputs import check_output, copy_query
from .registry import get_source, resolve_source
from .sql import identifier, literal
from .systems import System

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from .warehouse import Warehouse

STATE_YEAR = "state-year"
DYAD_YEAR = "dyad-year"


@dataclass(frozen=True)
class Panel:
    """A state-year or dyad-year panel: SQL text, unit, system, sources used and steps applied.

    >>> import detente
    >>> p = detente.dyad_years(years=(1990, 1991)).add_capabilities()
    >>> p.to_pandas().columns[:4].tolist()
    ['ccode1', 'ccode2', 'year', 'milex1']
    """

    wh: Warehouse
    sql: str
    unit: str
    system: System
    years: tuple[int, int]
    directed: bool | None = None
    sources: tuple[str, ...] = ()
    steps: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    #: Source versions pinned for this panel (family -> version, e.g. nmc -> 6.0).
    versions: tuple[tuple[str, str], ...] = ()
    #: How a dyad-year panel is evaluated step by step (:class:`Staged`); None: as one query.
    staged: Staged | None = field(default=None, repr=False, compare=False)

    # -- composition -------------------------------------------------------------------------
    def extend(
        self, sql: str, sources: Iterable[str], step: dict[str, Any], part: str | None = None
    ) -> Panel:
        """A new panel with ``sql`` (which selects from this panel) and more provenance.

        ``part`` is the same step applied to :meth:`keys` instead of this panel; without it the
        new panel is evaluated as one query.
        """
        merged = tuple(dict.fromkeys([*self.sources, *sources]))
        staged = None
        if part is not None and self.keys() is not None:
            assert self.staged is not None
            staged = Staged(sql, self.staged.base, (*self.staged.parts, part))
        return replace(self, sql=sql, sources=merged, steps=(*self.steps, step), staged=staged)

    def keys(self) -> Panel | None:
        """This panel's rows without any step (codes, year, ``_k1``, ``_k2``, ``_r``), to which a
        step is applied on its own when the panel is evaluated step by step; None if it is not.
        """
        if self.staged is None or self.staged.sql != self.sql:  # e.g. ``replace(p, sql=...)``
            return None
        return replace(self, sql=self.staged.base, steps=self.steps[:1], staged=None)

    def add(self, step: str, **params: Any) -> Panel:
        """Apply a registered step by name, e.g. ``panel.add("alliances", obligations=["defense"])``."""
        from .steps import get_step

        return get_step(step).apply(self, **params)

    def __getattr__(self, name: str) -> Any:
        """``add_<step>`` methods exist once the step modules are imported: import them then."""
        if name.startswith("add_") and not _STEPS_LOADED:
            _load_steps()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def source(self, name: str) -> str:
        """The source id this panel reads for ``name`` (a family such as "nmc", or a source id).

        >>> import detente
        >>> detente.state_years(years=2000, versions={"nmc": "6.0"}).source("nmc")
        'cow-nmc-6.0'
        """
        return resolve_source(name, dict(self.versions))

    @property
    def codes(self) -> tuple[str, ...]:
        """The state-code columns: ``ccode`` or ``ccode1, ccode2`` (``gwcode...`` under G&W)."""
        c = self.system.code
        return (c,) if self.unit == STATE_YEAR else (f"{c}1", f"{c}2")

    def require_unit(self, *units: str, step: str) -> None:
        """Fail clearly when a step is applied to a unit it does not support."""
        if self.unit not in units:
            raise InputError(f"step {step!r} works on {' and '.join(units)} panels, not {self.unit}")

    # -- evaluation --------------------------------------------------------------------------
    def relation(self) -> duckdb.DuckDBPyRelation:
        """The panel as a DuckDB relation without internal columns, ordered by codes and year.

        Dyad-year universes carry ``_r``, their rank in that order: sorting on it is one integer
        key instead of three.
        """
        inner = self.wh.con.sql(self.sql)
        order = "_r" if "_r" in inner.columns else ", ".join([*self.codes, "year"])
        visible = ", ".join(identifier(c) for c in inner.columns if not c.startswith("_"))
        return self.wh.con.sql(f"SELECT {visible} FROM ({self.sql}) ORDER BY {order}")

    @property
    def columns(self) -> list[str]:
        """Output column names (no data is computed)."""
        return self.relation().columns

    def to_arrow(self) -> pa.Table:
        """Compute the panel as an Arrow table with detente metadata on its schema."""
        table = self._staged_arrow() if self.keys() is not None else None
        if table is None:
            table = self.relation().to_arrow_table()
        meta = dict(table.schema.metadata or {})
        meta[b"detente"] = json.dumps(self.metadata()).encode()
        return table.replace_schema_metadata(meta)

    def to_pandas(self) -> pd.DataFrame:
        """Compute the panel as a pandas DataFrame (nullable columns stay nullable)."""
        return self.to_arrow().to_pandas(types_mapper=_nullable_pandas_types)

    def to_polars(self) -> pl.DataFrame:
        """Compute the panel as a polars DataFrame (needs polars: ``pip install 'detente[polars]'``)."""
        try:
            import polars as pl
        except ImportError:
            raise DetenteError(
                "to_polars needs polars, which is not installed: pip install 'detente[polars]'"
            ) from None
        return pl.from_arrow(self.to_arrow())

    def _staged_arrow(self) -> pa.Table | None:
        """The panel computed step by step: the keyed rows in ``_r`` order, then per step one
        query of that step on the keyed rows alone, whose new columns (sorted on ``_r``) are
        appended. Same columns, types and values as the single query, but with one step's join
        and sort in memory at a time beside the result instead of a sort of the whole wide
        panel; the widest steps run first, while the result is still small. None (evaluate as
        one query) if a step's rows do not line up with the keys.
        """
        assert self.staged is not None
        con = self.wh.con
        base = con.sql(self.staged.base).columns
        known = set(base)
        # Only the visible keys and _r: a column fetched stays in memory as long as its batch.
        wanted = ", ".join(identifier(c) for c in base if not c.startswith("_") or c == "_r")
        keys = con.sql(f"SELECT {wanted} FROM ({self.staged.base}) ORDER BY _r").to_arrow_table()
        rank, check = _rank_check(keys["_r"])
        queries = []  # (estimated bytes per row, index, new visible columns, SQL)
        for i, part in enumerate(self.staged.parts):
            rel = con.sql(part)
            new = [(c, str(t)) for c, t in zip(rel.columns, rel.types, strict=True) if c not in known]
            known.update(c for c, _ in new)
            new = [(c, t) for c, t in new if not c.startswith("_")]
            cols = ", ".join([rank, *(identifier(c) for c, _ in new)])
            width = sum(_WIDTH.get(t, 16) for _, t in new)
            queries.append((width, i, [c for c, _ in new], f"SELECT {cols} FROM ({part}) ORDER BY _r"))
        added: dict[int, pa.Table] = {}
        # The peak comes at the end, when the result is nearly whole. For a result over 1 GiB,
        # DuckDB hands freed memory back (by default it keeps 128 and 512 MiB after each task
        # and bulk free) during the last steps only, those adding at most 1/32 of the result's
        # bytes: there it lowers the peak (facets panel: by 50-70 MiB) at little cost, while
        # throughout the build the page faults cost a third of its time (2.3 s of 6.9 s).
        order = sorted(queries, key=lambda q: (-q[0], q[1]))
        total = sum(q[0] for q in order)
        left = list(itertools.accumulate(q[0] for q in reversed(order)))[::-1]  # this step on
        flush_from = next((n for n, w in enumerate(left) if w * 32 <= total), len(order))
        flush = keys.num_rows * total > 2**30
        settings = ("allocator_flush_threshold", "allocator_bulk_deallocation_flush_threshold")
        try:
            for n, (_, i, _, sql) in enumerate(order):
                if flush and n == flush_from:
                    for name in settings:
                        con.execute(f"SET {name} = '0MB'")
                got = con.sql(sql).to_arrow_table()  # (a step adding no column is checked too)
                if got.num_rows != keys.num_rows or not got["_r_check"].equals(check):
                    return None
                added[i] = got.drop_columns(["_r_check"])
        finally:
            for name in settings if flush else ():
                con.execute(f"RESET {name}")
        names = [c for c in keys.column_names if not c.startswith("_")]
        columns = [keys[c] for c in names]
        for i in sorted(added):
            names.extend(added[i].column_names)
            columns.extend(added[i].columns)
        return pa.Table.from_arrays(columns, names=names)

    def count(self) -> int:
        """Number of rows."""
        return self.wh.con.sql(f"SELECT count(*) FROM ({self.sql})").fetchall()[0][0]

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the panel to ``.parquet`` (with provenance metadata) or ``.csv``, atomically."""
        out = check_output(path)
        self._copy(out)
        return out

    def write_summary(self, path: str | os.PathLike[str]) -> dict[str, Any]:
        """Write the panel as :meth:`write` does and return its :meth:`summary`, computing it once.

        Parquet is written straight from DuckDB; the rows and missing shares come from the
        writer's statistics and the means from one scan of the written numeric columns. CSV is
        computed once to Arrow, summarised, then written from it (parsing the CSV back, as the
        summary of a written file does, costs almost as much as writing it).

        >>> import detente, tempfile
        >>> out = Path(tempfile.mkdtemp()) / "sy.parquet"
        >>> detente.state_years(years=2000).write_summary(out)["rows"]
        191
        """
        out = check_output(path)
        if out.suffix.lower() == ".parquet":
            counted = self._copy(out)
            written = self.wh.con.sql(f"SELECT * FROM read_parquet({literal(out)})")
            return self._summarise(written, counted["rows"], counted["nulls"])
        from .outputs import write_table

        table = self.to_arrow()
        summary = self._summarise(self.wh.con.from_arrow(table))
        write_table(table, out)
        return summary

    def _copy(self, out: Path) -> dict[str, Any]:
        """COPY the ordered panel to ``out`` (:func:`detente.outputs.copy_query`)."""
        meta = {"detente": json.dumps(self.metadata())}
        return copy_query(self.wh.con, self.relation().sql_query(), out, meta)

    # -- provenance --------------------------------------------------------------------------
    def metadata(self) -> dict[str, Any]:
        """What this panel is and where it came from (stored in Parquet and Arrow metadata)."""
        return {
            "detente_version": __version__,
            "unit": self.unit,
            "system": self.system.name,
            "directed": self.directed,
            "years": list(self.years),
            "extend_to": self.extend_to,
            "versions": dict(self.versions),
            "sources": [{"id": s, "version": get_source(s).version} for s in self.sources],
            "steps": list(self.steps),
        }

    @property
    def extend_to(self) -> int | None:
        """The year the system's last states were carried forward to, or None (no extension)."""
        return self.system.years[1] if self.system.list_end is not None else None

    def cite(self) -> str:
        """BibTeX for every source this panel used."""
        from .cite import cite

        return cite(self.sources)

    def summary(self, written: str | os.PathLike[str] | None = None) -> dict[str, Any]:
        """Rows, years, and per column the share missing and the mean, computed in DuckDB.

        Pass ``written`` (a file this panel was written to) to summarise it without recomputing.
        """
        if written is None:
            rel = self.relation()
        else:
            reader = "read_parquet" if str(written).endswith(".parquet") else "read_csv"
            rel = self.wh.con.sql(f"SELECT * FROM {reader}({literal(written)})")
        return self._summarise(rel)

    def _summarise(
        self, rel: duckdb.DuckDBPyRelation, rows: int | None = None, nulls: dict | None = None
    ) -> dict[str, Any]:
        """:meth:`summary` of ``rel``; given its ``rows`` and per-column ``nulls``, only the means
        are computed (one scan of the numeric columns)."""
        cols = rel.columns
        keys = {*self.codes, "year"}  # identifiers: a mean of codes or years means nothing
        numeric = [
            c for c, t in zip(cols, rel.types, strict=True) if _is_numeric(str(t)) and c not in keys
        ]
        exprs = [f"avg({identifier(c)})" for c in numeric]
        counted = rows is not None and nulls is not None and set(cols) <= nulls.keys()
        if not counted:
            exprs = ["count(*)", *(f"count({identifier(c)})" for c in cols), *exprs]
        row = rel.aggregate(", ".join(exprs)).fetchall()[0] if exprs else ()
        if counted:
            n, counts = rows, {c: rows - nulls[c] for c in cols}
            means = dict(zip(numeric, row, strict=True))
        else:
            n, counts = row[0], dict(zip(cols, row[1 : 1 + len(cols)], strict=True))
            means = dict(zip(numeric, row[1 + len(cols) :], strict=True))
        return {
            "rows": n,
            "unit": self.unit,
            "system": self.system.name,
            "directed": self.directed,
            "years": self.years,
            "extend_to": self.extend_to,
            "columns": {
                c: {"missing": 1 - counts[c] / n if n else 0.0, "mean": means.get(c)} for c in cols
            },
            "sources": [f"{s} {get_source(s).version}" for s in self.sources],
        }

    def __repr__(self) -> str:
        kind = (
            self.unit
            if self.directed is None
            else f"{'directed' if self.directed else 'undirected'} {self.unit}"
        )
        steps = ", ".join(s["step"] for s in self.steps) or "none"
        return f"<Panel {kind}s, {self.system.name} {self.years[0]}-{self.years[1]}, steps: {steps}>"


@dataclass(frozen=True)
class Staged:
    """A dyad-year panel evaluated step by step: ``base`` (the keyed rows, with ``_r``) and each
    step's SQL applied to ``base`` alone (``parts``), for the panel whose SQL is ``sql``."""

    sql: str
    base: str
    parts: tuple[str, ...] = ()


_STEPS_LOADED = False


def _load_steps() -> None:
    """Import every step module (each registers its ``add_<name>`` method on Panel)."""
    global _STEPS_LOADED
    from .steps import _discover  # noqa: F401

    _STEPS_LOADED = True


def _rank_check(ranks: pa.ChunkedArray) -> tuple[str, pa.ChunkedArray]:
    """What each step query returns (as ``_r_check``; an alias ``_r`` would be what ``ORDER BY
    _r`` sorts on) to prove its rows are the keys' rows in the keys' order, and the values that
    must come back: ``_r`` modulo 2, 256 or 65,536, or ``_r`` itself.

    The columns a step returns stay in memory as long as any column of the same batch does
    (Arrow imports a batch whole), so a full ``_r`` per step would stay beside the result (7 MiB
    per step on the 1.9 M-row COW panel). A residue is proof enough when the keys' ranks are
    distinct, sorted, and no two neighbours differ by a multiple of the modulus M: a step's rows
    are keys' rows (it joins onto them) and come sorted on ``_r``; if as many of them as keys
    were not exactly the keys, a rank would be missing and another repeated, next to itself in
    the sorted rows, where its residue would have to match two neighbouring keys' residues, which
    differ. Consecutive ranks (the whole system) need one bit; a year range of a longer system
    leaves gaps of a few ranks (one byte).
    """
    r = _int64s(ranks)
    gaps = r[1:] - r[:-1]
    if len(gaps) and gaps.min() < 1:
        return "_r AS _r_check", ranks
    widest = int(gaps.max()) if len(gaps) else 1
    for modulus, sql, kind in (
        (2, "(_r % 2) = 1", pa.bool_()),
        (2**8, "(_r % 256)::UTINYINT", pa.uint8()),
        (2**16, "(_r % 65536)::USMALLINT", pa.uint16()),
    ):
        if widest < modulus and (modulus > 2 or widest == 1):
            residues = r % modulus
            if modulus == 2:  # Arrow booleans are bits, least significant first
                data = np.packbits(residues.astype(bool), bitorder="little")
            else:
                data = residues.astype(f"uint{kind.bit_width}")
            array = pa.Array.from_buffers(kind, len(r), [None, pa.py_buffer(data)])
            return f"{sql} AS _r_check", pa.chunked_array([array], type=kind)
    return "_r AS _r_check", ranks


def _int64s(column: pa.ChunkedArray) -> np.ndarray:
    """A null-free integer column's values as int64 NumPy, read from its buffers: pyarrow's
    ``to_numpy`` and ``pa.array`` import pandas (0.2 s), which a panel build does not need."""
    sign = "u" if pa.types.is_unsigned_integer(column.type) else ""
    kind = np.dtype(f"{sign}int{column.type.bit_width}")
    parts = [np.frombuffer(c.buffers()[1], kind)[c.offset : c.offset + len(c)] for c in column.chunks]
    return np.concatenate(parts).astype("int64", copy=False) if parts else np.zeros(0, "int64")


#: Bytes per value of DuckDB types (others count 16), to run the widest steps first.
_WIDTH = {"BOOLEAN": 1, "TINYINT": 1, "SMALLINT": 2, "INTEGER": 4, "DATE": 4, "FLOAT": 4}
_WIDTH.update(BIGINT=8, DOUBLE=8, TIMESTAMP=8)


def _is_numeric(duck_type: str) -> bool:
    return any(k in duck_type for k in ("INT", "DOUBLE", "FLOAT", "DECIMAL"))


def _nullable_pandas_types(dtype: pa.DataType) -> Any:
    import pandas as pd

    if pa.types.is_integer(dtype):
        return pd.api.types.pandas_dtype(str(dtype).replace("int", "Int"))
    return None
