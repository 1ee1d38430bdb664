"""The warehouse: one DuckDB connection in which every parsed source table is a view.

Each (source, table) is parsed once and kept as Parquet in ``<cache>/parsed``, keyed by the
detente version, the parser's module source and the hashes of the files it came from; later
sessions read the Parquet.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow.parquet as pq

from ._version import __version__
from .config import cache_dir, mirror_dir
from .errors import DetenteError, ParseError, UnknownSourceError
from .fetch import Progress, fetch, sha256_of
from .outputs import atomic_path
from .registry import get_source
from .sql import literal

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


class Warehouse:
    """Parsed source tables as DuckDB views, fetched and parsed on first use.

    >>> wh = Warehouse(mirror="../shared/data")
    >>> wh.table("cow-nmc-6.0", "nmc").count("*").fetchall()
    [(15951,)]
    """

    def __init__(
        self,
        mirror: str | os.PathLike[str] | None = None,
        cache: str | os.PathLike[str] | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.mirror = mirror_dir(mirror)
        self.cache = Path(cache) if cache else cache_dir()
        self.con = duckdb.connect()
        # DuckDB draws its own progress bar on the terminal for long queries; the CLI has one.
        self.con.execute("SET enable_progress_bar = false")
        self.progress = progress
        self._views: dict[tuple[str, str], str] = {}
        self._paths: dict[str, Path] = {}  # view name -> the Parquet file behind it
        self._lock = threading.RLock()

    def view_name(self, source_id: str, table: str) -> str:
        """The DuckDB view that holds ``table`` of ``source_id`` (materialised on demand)."""
        key = (source_id, table)
        with self._lock:
            if key not in self._views:
                path = self._parsed(source_id, table)
                name = "src_" + "".join(c if c.isalnum() else "_" for c in f"{source_id}_{table}")
                self.con.execute(
                    f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{path}')"
                )
                self._views[key] = name
                self._paths[name] = path
            return self._views[key]

    def derived(self, name: str, sql: str, files: Iterable[Traversable | Path] = ()) -> str:
        """A view over the result of ``sql`` (which reads warehouse views), computed once.

        The result is kept as Parquet in ``<cache>/derived``, keyed by the detente version, the
        SQL text, the parsed files of the views it reads and the contents of ``files`` (data the
        SQL reads by other means, e.g. the G&W crosswalk), so a later process reads it instead
        of recomputing it (e.g. the dyad-year universe, whose self-join is the costliest part of
        a small panel). Row order is kept: order ``sql`` if order matters.
        """
        with self._lock:
            used = sorted(str(p) for v, p in self._paths.items() if v in sql)
            digest = hashlib.sha256("|".join([__version__, sql, *used]).encode())
            for f in files:
                digest.update(f.read_bytes())
            key = digest.hexdigest()[:16]
            view = f"derived_{name}_{key}"
            if view in self._paths:
                return view
            out = self.cache / "derived" / f"{name}-{key}.parquet"
            if not out.exists():
                out.parent.mkdir(parents=True, exist_ok=True)
                with atomic_path(out) as tmp:
                    self.con.execute(
                        f"COPY ({sql}) TO {literal(tmp)} (FORMAT parquet, COMPRESSION zstd)"
                    )
            reader = f"read_parquet({literal(out)})"
            self.con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM {reader}")
            self._paths[view] = out
            return view

    def table(self, source_id: str, table: str) -> duckdb.DuckDBPyRelation:
        """A relation over one parsed table."""
        return self.con.table(self.view_name(source_id, table))

    def _parsed(self, source_id: str, table: str) -> Path:
        source = get_source(source_id)
        if table not in source.tables:
            raise UnknownSourceError(
                f"source {source_id!r} has no table {table!r}; it has {sorted(source.tables)}"
            )
        files = fetch(source_id, mirror=self.mirror, cache=self.cache, progress=self.progress)
        parser = source.tables[table]
        code = Path(inspect.getsourcefile(parser) or __file__).read_bytes()
        key = hashlib.sha256(
            "|".join([__version__, table, *(sha256_of(p) for p in files.values())]).encode() + code
        ).hexdigest()[:16]
        out = self.cache / "parsed" / source_id / f"{table}-{key}.parquet"
        if out.exists():
            return out
        try:
            parsed = source.tables[table](files)
        except DetenteError:
            raise
        except Exception as exc:  # a parser meeting a file it cannot read
            names = ", ".join(str(p) for p in files.values())
            raise ParseError(f"{source_id}: cannot parse table {table!r} from {names}: {exc}") from exc
        out.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(out) as tmp:
            pq.write_table(parsed, tmp)
        return out


_default: Warehouse | None = None


def default_warehouse() -> Warehouse:
    """The process-wide warehouse (mirror from ``DETENTE_MIRROR``), created on first use."""
    global _default
    if _default is None:
        _default = Warehouse()
    return _default


def configure(
    mirror: str | os.PathLike[str] | None = None,
    cache: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> Warehouse:
    """Replace the process-wide warehouse, e.g. to point it at a mirror folder.

    >>> import detente
    >>> detente.configure(mirror="../shared/data")  # doctest: +SKIP
    """
    global _default
    _default = Warehouse(mirror=mirror, cache=cache, progress=progress)
    return _default
