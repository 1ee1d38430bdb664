"""Compact an ingest folder: each partition's many small Parquet parts become one file.

Ingest writes every input file's rows as parts of their own, so a month of 15-minute GDELT 2.0
exports leaves about 3,000 small files, and reading then pays per file (see docs/events.md).
:func:`compact` merges the parts of each partition (``<format>/source=<id>/year=<y>/month=<m>``)
into one zstd file, rows grouped by input file in name order, and points the manifest's parts at
it. Rows keep their ``ingest_file``, so a changed input file re-ingested later is filtered out of
the shared file (``ingest`` does it) and never counted twice.

One partition at a time, under a journal, so an interruption never loses or doubles rows:

1. the merged rows go to a staging file outside the dataset;
2. ``<out>/compact.journal`` (written atomically) names the new file and the parts it replaces;
3. the new file is renamed into the partition, the old parts deleted, the manifest rewritten
   (atomically) and the journal removed.

While a journal exists, readers refuse the folder (:func:`detente.events.ingest.scan` raises)
and the next :func:`compact` or ``ingest`` finishes the step or undoes it (:func:`recover`): with
the new file in place the old parts go; without it the journal goes and the old parts stay.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from ..errors import InputError
from ..outputs import atomic_path
from ..sql import literal
from .manifest import FORMATS_ORDER, read_manifest, write_manifest

JOURNAL = "compact.journal"
STAGING = ".compact-staging-"


def _repoint(out: Path, source: str, old: list[str], new: str) -> None:
    """Rewrite the manifest so that every file whose parts were ``old`` now names ``new``."""
    manifest = read_manifest(out)
    files = manifest["sources"].get(source, {}).get("files", {})
    gone = set(old)
    for record in files.values():
        parts = record.get("parts") or []
        if gone & set(parts):
            record["parts"] = sorted({new if p in gone else p for p in parts})
    write_manifest(out, manifest)


def recover(out: str | os.PathLike[str]) -> bool:
    """Finish or undo an interrupted compaction step; True if there was one."""
    out = Path(out)
    journal = out / JOURNAL
    for leftover in out.glob(STAGING + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
    if not journal.exists():
        return False
    step = json.loads(journal.read_text())
    if (out / step["new"]).exists():  # renamed into place: finish
        for part in step["old"]:
            (out / part).unlink(missing_ok=True)
        _repoint(out, step["source"], step["old"], step["new"])
    journal.unlink()
    return True


def _partitions(out: Path) -> list[Path]:
    """Partition folders (``<format>/source=/year=/month=``) holding Parquet parts, sorted."""
    pattern = "source=*/year=*/month=*/*.parquet"
    found = {p.parent for fmt in FORMATS_ORDER for p in (out / fmt).glob(pattern)}
    return sorted(found)


def _merge(parts: list[Path], staging: Path) -> tuple[Path, int]:
    """Write the rows of ``parts`` into one staging file; return it and its row count."""
    digest = hashlib.sha256("\n".join(p.name for p in parts).encode()).hexdigest()[:12]
    target = staging / f"compact-{digest}.parquet"
    files = "[" + ", ".join(literal(p) for p in parts) + "]"
    con = duckdb.connect()
    try:
        (n,) = con.execute(
            f"""COPY (SELECT * FROM read_parquet({files}, hive_partitioning = false))
                TO {literal(target)} (FORMAT parquet, COMPRESSION zstd)"""
        ).fetchone()
    finally:
        con.close()
    return target, int(n)


def compact(
    out: str | os.PathLike[str], progress: Callable[[str, int, int], None] | None = None
) -> dict[str, Any]:
    """Merge each partition's parts into one file; return partitions, parts before/after, rows moved.

    >>> import tempfile
    >>> from detente.events.ingest import ingest
    >>> lake = tempfile.mkdtemp()
    >>> _ = ingest("gdelt-2.0-sample", lake, mirror="../shared/data")
    >>> done = compact(lake)  # one input file: one part per partition, nothing to merge
    >>> done["compacted"], done["parts_before"] == done["parts_after"] == done["partitions"]
    (0, True)
    """
    out = Path(out)
    if not (out / "manifest.json").exists():
        raise InputError(f"{out}: not an ingest folder (no manifest.json; run `detente events ingest`)")
    recover(out)
    summary = {"partitions": 0, "compacted": 0, "parts_before": 0, "parts_after": 0, "rows": 0}
    for folder in _partitions(out):
        parts = sorted(folder.glob("*.parquet"))
        summary["partitions"] += 1
        summary["parts_before"] += len(parts)
        summary["parts_after"] += 1
        if len(parts) < 2:
            continue
        source = folder.parent.parent.name.removeprefix("source=")
        staging = Path(tempfile.mkdtemp(dir=out, prefix=STAGING))
        try:
            merged, rows = _merge(parts, staging)
            new = folder / merged.name
            step = {
                "source": source,
                "new": new.relative_to(out).as_posix(),
                "old": [p.relative_to(out).as_posix() for p in parts if p != new],
            }
            with atomic_path(out / JOURNAL) as tmp:
                Path(tmp).write_text(json.dumps(step))
            os.replace(merged, new)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        recover(out)  # delete the old parts, repoint the manifest, drop the journal
        summary["compacted"] += 1
        summary["rows"] += rows
        if progress:
            progress(folder.relative_to(out).as_posix(), len(parts), rows)
    return summary
