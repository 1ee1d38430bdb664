"""What detente's JSON writers share (the forecast report, the web answers): JSON has no NaN."""

from __future__ import annotations

import math
from typing import Any


def finite(value: Any) -> Any:
    """``value`` with every NaN and infinity made None, through dicts, lists and tuples.

    >>> finite({"a": [1.5, float("nan")], "b": (float("inf"), "x")})
    {'a': [1.5, None], 'b': [None, 'x']}
    """
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value
