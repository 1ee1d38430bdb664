"""Answers kept in memory: a small thread-safe LRU and compact JSON bytes (NaN as null)."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any

from .._json import finite


def to_json(value: Any) -> bytes:
    """Compact JSON bytes; NaN becomes null and dates become ISO text."""
    return json.dumps(finite(value), separators=(",", ":"), default=str).encode()


def weigh(value: Any) -> int:
    """Roughly how many bytes a cached answer holds (bytes, Arrow tables, dicts and lists of them).

    >>> weigh(b"x" * 1000) >= 1000
    True
    """
    if isinstance(value, bytes | bytearray | str):
        return len(value) + 64
    nbytes = getattr(value, "nbytes", None)  # Arrow tables and arrays
    if isinstance(nbytes, int):
        return nbytes + 256
    if isinstance(value, dict):
        return 256 + sum(weigh(v) for v in value.values())
    if isinstance(value, list | tuple):
        return 64 + sum(weigh(v) for v in value[:50]) * max(1, len(value) // 50 if value else 1)
    return 64


class LRU:
    """A small thread-safe least-recently-used cache of computed answers.

    ``size`` bounds the number of entries; ``max_bytes`` (optional) bounds their total weight as
    :func:`weigh` estimates it, so a cache of big answers cannot grow to gigabytes.
    """

    def __init__(self, size: int = 512, max_bytes: int | None = None) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self.bytes = 0
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._weights: dict[Any, int] = {}
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
        weight = 0
        if self.max_bytes is not None:  # a bytes key (a body keyed by itself) is held too
            weight = weigh(value) + (len(key) if isinstance(key, bytes) else 0)
        with self._lock:
            self.bytes += weight - self._weights.get(key, 0)
            self._data[key] = value
            self._weights[key] = weight
            self._data.move_to_end(key)
            while len(self._data) > self.size or (
                self.max_bytes is not None and self.bytes > self.max_bytes and len(self._data) > 1
            ):
                old, _ = self._data.popitem(last=False)
                self.bytes -= self._weights.pop(old)
        return value
