"""Forecasting dispute and crisis onsets out of sample, scored against honest baselines.

``forecast(...)`` builds the panel with the chosen steps, lags every feature, fits a regularised
logistic regression and gradient-boosted trees on rolling-origin splits, and scores them and the
baselines (base rate, peace years, previous year, capability ratio) on the years after each
training window. See docs/forecast.md.
"""

from .report import render_html, write_report
from .run import ForecastRun, forecast
from .targets import TARGETS

__all__ = ["TARGETS", "ForecastRun", "forecast", "render_html", "write_report"]
