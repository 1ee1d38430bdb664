"""What every feature of the service shares: the warehouse, one lock and one answer cache.

The service is split by feature (profiles, cases, dyads, networks, events, panels); each feature is
a class built on :class:`Core`, and :class:`detente.web.service.Service` combines them.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from detente.warehouse import Warehouse, default_warehouse

from .cache import LRU

if TYPE_CHECKING:
    from .profiles import StateData


#: Memory kept for computed dyad profiles (about 100-200 dyads).
DYAD_CACHE_BYTES = 384 << 20


class Core:
    """The warehouse, the event folder, the lock serialising its DuckDB connection, and the cache."""

    def __init__(self, warehouse: Warehouse | None = None, events: str | Path | None = None) -> None:
        self.wh = warehouse or default_warehouse()
        self.events = Path(events) if events is not None else None
        self.lock = threading.RLock()
        #: held while a full dyad profile is composed on a cursor of its own (see .dyads)
        self.prepare_lock = threading.Lock()
        self._states: dict[str, StateData] = {}
        self.cache = LRU(2048)
        #: state profiles with ``extend_to`` or pinned ``versions`` (a few, each a whole panel)
        self.variants = LRU(4)
        #: dyad profiles (Arrow table and JSON, 3-5 MB each): bounded by size, not by count
        self.dyad_cache = LRU(2048, max_bytes=DYAD_CACHE_BYTES)
