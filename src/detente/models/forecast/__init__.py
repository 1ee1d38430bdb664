"""Forecasting dispute and crisis onsets out of sample, scored against honest baselines.

``forecast(...)`` builds the panel with the chosen steps, lags every feature, fits a regularised
logistic regression and gradient-boosted trees on rolling-origin splits, and scores them and the
baselines (base rate, peace years, previous year, capability ratio) on the years after each
training window. See docs/forecast.md. Names are imported on first use, so the CLI can register
``detente forecast`` without loading pandas, DuckDB or scikit-learn.
"""

from __future__ import annotations

import importlib
from typing import Any

_PUBLIC = {
    "ForecastRun": "run",
    "forecast": "run",
    "render_html": "report",
    "write_report": "report",
    "TARGETS": "targets",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(f"{__name__}.{_PUBLIC[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
