"""The rules every event ingest applies, whatever engine runs it (DuckDB, or Spark's executors).

What a file must be (format and columns: :func:`detente.sources._events.sniff`), which GDELT
slots are expected between two dates, the row checks that fail a whole file (an event date on
every row; GDELT's ``Year`` equal to the year of ``SQLDATE``, since ``Year`` becomes the
partition), where a row goes (``year``/``month`` of its event date) and how a file is hashed.
The checks are DuckDB SQL (``error()``); the Spark ingest runs them in DuckDB on its executors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from ..sources._events import (  # noqa: F401  (re-exported: the schemas every engine checks)
    GDELT1_COLUMNS,
    GDELT2_COLUMNS,
    ICEWS_COLUMNS,
    sniff,
)

GDELT_SLOT = re.compile(r"^(\d{8}|\d{14})\.export\.CSV(\.zip)?$", re.IGNORECASE)
#: Hashing reads this many bytes at a time (hashlib releases the GIL on large updates).
HASH_CHUNK = 8 << 20


def slot(name: str) -> dt.datetime | None:
    """The GDELT slot a file name stands for (daily 1.0 or 15-minute 2.0 export), if any.

    >>> slot("20150218230000.export.CSV.zip")
    datetime.datetime(2015, 2, 18, 23, 0)
    """
    m = GDELT_SLOT.match(name)
    if not m:
        return None
    stamp = m.group(1)
    return dt.datetime.strptime(stamp, "%Y%m%d%H%M%S" if len(stamp) == 14 else "%Y%m%d")


def expected_slots(names: Iterable[str], between: tuple[str, str] | None = None) -> list[str]:
    """Every GDELT export name from the first to the last slot (or ``between``) at its cadence.

    >>> expected_slots(["20150218230000.export.CSV", "20150218234500.export.CSV"])
    ['20150218230000.export.CSV', '20150218231500.export.CSV', '20150218233000.export.CSV', \
'20150218234500.export.CSV']
    """
    slots = sorted((s, n) for n in names if (s := slot(n)) is not None)
    if not slots and between is None:
        return []
    fifteen = any(len(GDELT_SLOT.match(n).group(1)) == 14 for _, n in slots)  # type: ignore[union-attr]
    if between is not None:
        lo, hi = (dt.datetime.fromisoformat(b) for b in between)
        fifteen = fifteen or lo.time() != dt.time(0) or hi.time() != dt.time(0)
    else:
        lo, hi = slots[0][0], slots[-1][0]
    step = dt.timedelta(minutes=15) if fifteen else dt.timedelta(days=1)
    fmt = "%Y%m%d%H%M%S" if fifteen else "%Y%m%d"
    out, t = [], lo
    while t <= hi:
        out.append(f"{t.strftime(fmt)}.export.CSV")
        t += step
    return out


def date_column(fmt: str) -> str:
    """The (quoted) event-date column of a format's typed rows: its partition comes from it.

    >>> date_column("gdelt2"), date_column("icews")
    ('"SQLDATE"', 'event_date')
    """
    return '"SQLDATE"' if fmt.startswith("gdelt") else "event_date"


def row_checks(fmt: str) -> list[str]:
    """SQL predicates over a format's typed rows that raise (failing the file) on a bad row.

    Each is TRUE for a good row; a row without an event date, or a GDELT row whose ``Year`` is
    not the year of ``SQLDATE``, raises through DuckDB's ``error()`` with a message the manifest
    records (the Spark ingest runs these same DuckDB checks on its executors).

    >>> row_checks("icews")
    ["CASE WHEN event_date IS NULL THEN error('a row has no event date') ELSE TRUE END"]
    """
    date = date_column(fmt)
    checks = [f"CASE WHEN {date} IS NULL THEN error('a row has no event date') ELSE TRUE END"]
    if fmt.startswith("gdelt"):
        checks.append(
            """CASE WHEN "Year" IS DISTINCT FROM year("SQLDATE") """
            "THEN error('a row has a Year that is not the year of SQLDATE') ELSE TRUE END"
        )
    return checks


def sha256_file(path: str | Path) -> str:
    """The hex sha256 of a file, streamed in large chunks.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x"
    >>> _ = p.write_bytes(b"abc")
    >>> sha256_file(p)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with open(path, "rb", buffering=0) as fh:
        buf = bytearray(HASH_CHUNK)
        view = memoryview(buf)
        while n := fh.readinto(buf):
            digest.update(view[:n])
    return digest.hexdigest()
