"""Answers kept in memory: a small thread-safe LRU and compact JSON bytes (NaN as null)."""

from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from typing import Any


def to_json(value: Any) -> bytes:
    """Compact JSON bytes; NaN becomes null and dates become ISO text."""
    return json.dumps(_clean(value), separators=(",", ":"), default=str).encode()


def _clean(value: Any) -> Any:
    """Replace NaN and infinities with None, recursively (JSON has no NaN)."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


class LRU:
    """A small thread-safe least-recently-used cache of computed answers."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        """The cached value or None."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        return None

    def put(self, key: Any, value: Any) -> Any:
        """Store ``value`` (evicting the oldest beyond ``size``) and return it."""
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value
