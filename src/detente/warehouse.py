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
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from ._version import __version__
from .config import cache_dir, mirror_dir
from .errors import DetenteError, ParseError, UnknownSourceError
from .fetch import Progress, fetch, sha256_of
from .outputs import atomic_path
from .registry import get_source


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
        self.progress = progress
        self._views: dict[tuple[str, str], str] = {}
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
            return self._views[key]

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
