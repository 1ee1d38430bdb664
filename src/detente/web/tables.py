"""Declared verbs (:mod:`detente.tables`) for the web: parsed by the verb, computed once, cached."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from detente.tables import get_verb

from .core import Core


def _frozen(value: Any) -> Any:
    """A hashable copy of a parsed parameter value (lists become tuples)."""
    return tuple(value) if isinstance(value, list) else value


class Tables(Core):
    """Any declared verb's table for the texts of a request, computed once per parameters."""

    def table(
        self, name: str, raw: Mapping[str, str | Sequence[str]]
    ) -> tuple[pa.Table, dict[str, Any]]:
        """The verb's table and the parameters as parsed (InputError for bad or unknown ones)."""
        verb = get_verb(name)
        typed = verb.parse(raw)
        key = ("verb", name, tuple(sorted((k, _frozen(v)) for k, v in typed.items())))
        hit = self.cache.get(key)
        if hit is None:
            with self.lock:
                hit = self.cache.put(key, verb.function(**typed, warehouse=self.wh))
        return hit, typed
