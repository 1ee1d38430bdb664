"""Writing files safely: output paths checked up front, contents moved into place only when whole."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import InputError

TABLE_SUFFIXES = (".parquet", ".csv")


def check_output(path: str | os.PathLike[str]) -> Path:
    """An output path ending in .parquet or .csv whose folder exists, else InputError.

    >>> check_output("panel.txt")
    Traceback (most recent call last):
    ...
    detente.errors.InputError: output 'panel.txt': the suffix must be .parquet or .csv
    """
    out = Path(path)
    if out.suffix.lower() not in TABLE_SUFFIXES:
        raise InputError(f"output {str(out)!r}: the suffix must be .parquet or .csv")
    if not out.parent.exists():
        raise InputError(f"output {str(out)!r}: folder {str(out.parent)!r} does not exist")
    return out


@contextmanager
def atomic_path(dest: Path) -> Iterator[str]:
    """A temporary file beside ``dest`` that replaces ``dest`` only if the block succeeds.

    On any error the temporary file is removed and ``dest`` is left as it was (or absent), so
    nothing half-written is ever seen under the final name.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = Path(tmp).write_text("whole")
    >>> target.read_text()
    'whole'
    """
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` atomically (its folder must exist), e.g. a BibTeX file."""
    out = Path(path)
    if not out.parent.exists():
        raise InputError(f"output {str(out)!r}: folder {str(out.parent)!r} does not exist")
    with atomic_path(out) as tmp:
        Path(tmp).write_text(text)
    return out


def write_table(table: Any, path: str | os.PathLike[str]) -> Path:
    """Write an Arrow table to .parquet (metadata kept) or .csv (lists as text), atomically.

    >>> import pyarrow as pa, tempfile
    >>> out = write_table(pa.table({"a": [1, 2]}), Path(tempfile.mkdtemp()) / "t.csv")
    >>> out.read_text().split()
    ['a', '1', '2']
    """
    import duckdb
    import pyarrow.parquet as pq

    from .sql import literal

    out = check_output(path)
    with atomic_path(out) as tmp:
        if out.suffix.lower() == ".parquet":
            pq.write_table(table, tmp, compression="zstd")
        else:
            con = duckdb.connect()
            try:
                con.register("t", table)
                con.execute(f"COPY t TO {literal(tmp)} (FORMAT csv, HEADER)")
            finally:
                con.close()
    return out
