"""Dashboard page and API endpoint for a forecast report written by ``detente forecast``.

The server reads the report named by ``DETENTE_FORECAST`` (the ``.json`` beside the report's
HTML, or the ``.html`` itself): it never fits models while serving. ``/forecast`` ranks the
highest forecasts and shows the out-of-sample scores against every baseline; ``/api/forecast``
returns the report's numbers.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from .errors import NotFound

router = APIRouter()
ENV = "DETENTE_FORECAST"
SCORES = ("aupr", "roc_auc", "brier", "log_loss", "precision_at_k")


def load_report(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The report JSON at ``path`` (default ``$DETENTE_FORECAST``), or a 404 naming what to do.

    The report is a file that a ``detente forecast`` run writes, not part of the server.
    """
    where = path or os.environ.get(ENV)
    if not where:
        raise NotFound(
            f"no forecast report: run `detente forecast --out f.parquet --report r.html` and "
            f"start the server with {ENV}=r.json"
        )
    file = Path(where).with_suffix(".json")
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NotFound(f"{ENV}={str(where)!r}: not a readable forecast report ({exc})") from None


@router.get("/api/forecast", tags=["forecast"])
def forecast_api() -> JSONResponse:
    """The forecast report's numbers (scores per split and pooled, verdicts, top forecasts)."""
    return JSONResponse(load_report())


@router.get("/forecast", response_class=HTMLResponse, include_in_schema=False)
def forecast_page(request: Request) -> Response:
    """Dyads ranked by forecast, and how well the models did out of sample against the baselines."""
    from .pages import render

    report = load_report()
    pooled = report["pooled"]["scores"]
    table = [{"name": n, **{s: pooled[n].get(s) for s in SCORES}} for n in pooled]
    return render(
        request,
        "forecast.html",
        title="Forecasts",
        page="forecast",
        report=report,
        scores=table,
        score_names=SCORES,
    )
