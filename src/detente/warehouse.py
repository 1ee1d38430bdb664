"""The warehouse: one DuckDB connection in which every parsed source table is a view.

Each (source, table) is parsed once and kept as Parquet in ``<cache>/parsed``, keyed by the
detente version, the source of the parser's module and of every detente module it imports
(:mod:`detente.codehash`) and the hashes of the files it came from; later
sessions read the Parquet. Beside each Parquet file a ``.sha256`` sidecar records its size and
hash; a file that no longer matches (changed, truncated, or written without a sidecar) is parsed
again with a warning instead of being trusted.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from . import codehash
from ._version import __version__
from .config import cache_dir, mirror_dir, unwritable_cache
from .errors import DetenteError, ParseError, UnknownSourceError
from .fetch import Progress, fetch, sha256_of
from .outputs import atomic_path
from .registry import get_source
from .sql import identifier, literal

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
        #: one lock per file being computed by ``_kept`` or parsed by ``_parse`` (so one thread
        #: computes it, others wait), and per source whose files ``_parse`` fetches
        self._making: dict[Path, threading.Lock] = {}

    def view_name(self, source_id: str, table: str) -> str:
        """The DuckDB view that holds ``table`` of ``source_id`` (materialised on demand)."""
        key = (source_id, table)
        with self._lock:
            if key in self._views:
                return self._views[key]
        path = self._parsed(source_id, table)  # without the warehouse lock: others go on meanwhile
        with self._lock:
            if key not in self._views:
                name = "src_" + "".join(c if c.isalnum() else "_" for c in f"{source_id}_{table}")
                self.con.execute(
                    f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet({literal(path)})"
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
        a small panel). Row order is kept: order ``sql`` if order matters. Like :meth:`stored`,
        the SQL runs without the warehouse lock, so other threads' queries go on meanwhile.
        """
        with self._lock:
            paths = list(self._paths.items())
        used = sorted(str(p) for v, p in paths if v in sql)
        digest = hashlib.sha256("|".join([__version__, sql, *used]).encode())
        for f in files:
            digest.update(f.read_bytes())
        key = digest.hexdigest()[:16]
        view = f"derived_{name}_{key}"
        with self._lock:
            if view in self._paths:
                return view
        # computed without the warehouse lock (one thread per file; a second reads its file)
        return self._kept(view, self.cache / "derived" / f"{name}-{key}.parquet", lambda: sql)

    def stored(self, name: str, compute: Callable[[], pa.Table | str]) -> str:
        """A view called ``name`` over a table computed once per cache, not once per process.

        ``compute`` returns the table (Arrow, or SQL over warehouse views). It runs only when
        ``<cache>/derived`` has no Parquet file for ``name`` and this detente's code (every file
        of the package: parsers, registry with the sources' pinned hashes, step code), so
        ``name`` must encode every parameter of the computation. For the step tables that take
        seconds of NumPy or SQL (similarity, expected utility, defence-diplomacy components).

        >>> wh = Warehouse(mirror="../shared/data")
        >>> wh.stored("_example_stored", lambda: pa.table({"x": [1, 2]}))
        '_example_stored'
        >>> wh.con.cursor().sql("SELECT sum(x) FROM _example_stored").fetchall()
        [(3,)]
        """
        with self._lock:
            if name in self._paths:
                return name
        # computed without the warehouse lock: other threads' views and tables go on meanwhile
        return self._kept(name, self.cache / "derived" / f"{name}-{code_digest()}.parquet", compute)

    def _kept(self, view: str, out: Path, compute: Callable[[], pa.Table | str]) -> str:
        """The view ``view`` over the Parquet file ``out``, written first (atomically) from the
        table or SQL ``compute`` returns when the file is not there yet.

        Only the view's creation holds the warehouse lock. One thread computes a given file at a
        time (a second waits, then reads the first one's file); SQL is copied out on a cursor of
        its own, so the shared connection stays free while it runs.
        """
        with self._lock:
            making = self._making.setdefault(out, threading.Lock())
        with making:
            if not out.exists():
                table = compute()
                out.parent.mkdir(parents=True, exist_ok=True)
                with atomic_path(out) as tmp:
                    if isinstance(table, str):
                        with self._lock:
                            cursor = self.con.cursor()
                        try:
                            cursor.execute(
                                f"COPY ({table}) TO {literal(tmp)} (FORMAT parquet, COMPRESSION zstd)"
                            )
                        finally:
                            cursor.close()
                    else:
                        pq.write_table(table, tmp, compression="zstd")
        reader = f"read_parquet({literal(out)})"
        with self._lock:
            self.con.execute(f"CREATE OR REPLACE VIEW {identifier(view)} AS SELECT * FROM {reader}")
            self._paths[view] = out
        return view

    def has_table(self, name: str) -> bool:
        """Whether a table or view called ``name`` exists in the warehouse's database."""
        query = """SELECT count(*) FROM (SELECT table_name AS n FROM duckdb_tables()
                   UNION ALL SELECT view_name FROM duckdb_views()) WHERE n = ?"""
        with self._lock:
            return bool(self.con.execute(query, [name]).fetchall()[0][0])

    def store(self, name: str, table: pa.Table) -> str:
        """Keep a computed Arrow table as a DuckDB table called ``name``; return the name.

        Unlike ``con.register`` (which only the registering connection sees), a stored table is
        visible to every cursor, so a panel that joins it can be streamed on a cursor of its own.

        >>> wh = Warehouse(mirror="../shared/data")
        >>> wh.store("_example", pa.table({"x": [1, 2]}))
        '_example'
        >>> wh.con.cursor().sql("SELECT sum(x) FROM _example").fetchall()
        [(3,)]
        """
        with self._lock:
            self.con.register("_detente_incoming", table)
            try:
                self.con.execute(
                    f"CREATE OR REPLACE TABLE {identifier(name)} AS SELECT * FROM _detente_incoming"
                ).fetchall()
            finally:
                self.con.unregister("_detente_incoming")
        return name

    def table(self, source_id: str, table: str) -> duckdb.DuckDBPyRelation:
        """A relation over one parsed table."""
        return self.con.table(self.view_name(source_id, table))

    def _parsed(self, source_id: str, table: str) -> Path:
        try:
            return self._parse(source_id, table)
        except OSError as exc:  # a read-only cache, or a file where a folder should be
            error = unwritable_cache(self.cache, exc)
            if error is None:
                raise
            raise error from None

    def _parse(self, source_id: str, table: str) -> Path:
        """The Parquet file of one parsed table, parsed (and its files fetched) when not cached.

        Runs without the warehouse lock. One thread at a time fetches a given source's files and
        parses a given table (a second waits, then reads the first one's file); the file is
        written atomically, so no one reads half of it.
        """
        source = get_source(source_id)
        if table not in source.tables:
            raise UnknownSourceError(
                f"source {source_id!r} has no table {table!r}; it has {sorted(source.tables)}"
            )
        with self._lock:
            fetching = self._making.setdefault(self.cache / "parsed" / source_id, threading.Lock())
        with fetching:
            files = fetch(source_id, mirror=self.mirror, cache=self.cache, progress=self.progress)
        parser = source.tables[table]
        code = codehash.digest(parser)  # the parser's module and the detente modules it imports
        key = hashlib.sha256(
            "|".join([__version__, table, *(sha256_of(p) for p in files.values())]).encode() + code
        ).hexdigest()[:16]
        out = self.cache / "parsed" / source_id / f"{table}-{key}.parquet"
        with self._lock:
            making = self._making.setdefault(out, threading.Lock())
        with making:
            if out.exists():
                problem = _check_parsed(out)
                if problem is None:
                    return out
                warnings.warn(
                    f"cached table {out} {problem}; rebuilding it from {source_id}'s files",
                    stacklevel=4,
                )
            try:
                parsed = source.tables[table](files)
            except DetenteError:
                raise
            except Exception as exc:  # a parser meeting a file it cannot read
                names = ", ".join(str(p) for p in files.values())
                raise ParseError(
                    f"{source_id}: cannot parse table {table!r} from {names}: {exc}"
                ) from exc
            out.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(out) as tmp:
                pq.write_table(parsed, tmp)
                stamp = f"{os.path.getsize(tmp)} {sha256_of(Path(tmp))}\n"
                with atomic_path(_sidecar(out)) as side:
                    Path(side).write_text(stamp)
        return out


@functools.cache
def code_digest() -> str:
    """A digest of this detente's code: its version and every file of the package (not caches)."""
    root = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _sidecar(parsed: Path) -> Path:
    return parsed.with_name(parsed.name + ".sha256")


def _check_parsed(parsed: Path) -> str | None:
    """Why a cached Parquet file cannot be trusted (None if its size and sha256 match the sidecar).

    Hashing costs about 1.5 ms per MiB, once per file and process: a file already checked in
    this process is trusted while its size, inode, mtime and ctime are unchanged (writing to a
    file always moves its ctime). The parsed tables are small beside the source files, whose
    hashes the cache key already reads.
    """
    st = parsed.stat()
    stamp = (str(parsed), st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns)
    if stamp in _VERIFIED:
        return None
    try:
        size, digest = _sidecar(parsed).read_text().split()
    except (OSError, ValueError):
        return "has no readable checksum (written by an older detente or damaged)"
    if st.st_size != int(size):
        return f"is {st.st_size} bytes, not the {size} written (truncated or changed)"
    if sha256_of(parsed) != digest:
        return "has changed since it was written (sha256 differs)"
    _VERIFIED.add(stamp)
    return None


_VERIFIED: set[tuple[str, int, int, int, int]] = set()


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
