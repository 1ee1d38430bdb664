"""An ingest folder's bookkeeping: its datasets (one per format) and its ``manifest.json``.

The DuckDB ingest (:mod:`detente.events.ingest`), compaction (:mod:`detente.events.compact`) and
the Spark engine (:mod:`detente.events.spark`, :mod:`detente.events.spark_ingest`) all read or
write the manifest, so it lives below them all.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import InputError
from ..outputs import atomic_path

MANIFEST = "manifest.json"
#: One dataset per format, in this order
FORMATS_ORDER = ("gdelt1", "gdelt2", "icews", "plover")


def read_manifest(out: str | os.PathLike[str]) -> dict[str, Any]:
    """The manifest of an ingest folder (empty when nothing was ingested yet)."""
    path = Path(out) / MANIFEST
    if not path.exists():
        return {"detente_version": __version__, "sources": {}}
    try:
        return json.loads(path.read_text())
    except ValueError as exc:
        raise InputError(f"{path}: not a readable manifest ({exc})") from None


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically."""
    with atomic_path(out / MANIFEST) as tmp, open(tmp, "w") as fh:
        json.dump(manifest, fh, indent=1, sort_keys=True, default=str)
