"""The FastAPI application: API routes, dashboard pages, local static assets and error handling."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from detente._version import __version__
from detente.errors import DetenteError, UnknownSourceError
from detente.warehouse import Warehouse

from . import api, forecast, pages, verbs
from .errors import NotFound, Unavailable
from .filters import shown
from .response_cache import ResponseCache
from .service import Service
from .shapes import plotly_js

HERE = Path(__file__).resolve().parent

DESCRIPTION = """
Tidy state-year and dyad-year panels on the military's role in diplomacy, served over HTTP.
Every endpoint calls detente's public functions (`state_years`, `dyad_years` and the registered
steps, `crisis_outcomes`, `deterrence_cases`, `sources`, `cite`; event timelines and alerts
from `detente.events` over the folder given to `detente serve --events`). Tables come as JSON or, with
`format=csv|parquet|jsonl` (or an Accept header), as downloads. Bad input gets a 4xx answer
`{"detail": "..."}` naming the value.
"""


#: Longest message sent back: a refusal names the value, it does not echo 60 KB of it.
MAX_MESSAGE = 600


def brief(message: str) -> str:
    """``message`` cut to :data:`MAX_MESSAGE` characters.

    >>> len(brief("x" * 10_000)) <= MAX_MESSAGE
    True
    """
    if len(message) <= MAX_MESSAGE:
        return message
    return message[: MAX_MESSAGE - 40] + f"... ({len(message):,} characters in all)"


def status_of(exc: Exception) -> int:
    """The HTTP status for a library or service error."""
    if isinstance(exc, NotFound | UnknownSourceError):
        return 404
    if isinstance(exc, Unavailable):
        return 501
    return 400


def validation_message(exc: RequestValidationError) -> str:
    """FastAPI's validation errors as one readable line naming each parameter and value."""
    parts = []
    for error in exc.errors():
        where = [str(x) for x in error.get("loc", ()) if x not in ("query", "path", "body")]
        got = f" (got {shown(error['input'])})" if error.get("input") is not None else ""
        parts.append(f"{' '.join(where) or 'request'}: {error.get('msg', 'invalid')}{got}")
    return "; ".join(parts)


def create_app(warehouse: Warehouse | None = None, events: str | Path | None = None) -> FastAPI:
    """The dashboard and API over ``warehouse`` (default: the process-wide one) and an event folder."""
    app = FastAPI(
        title="detente",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.service = Service(warehouse, events)

    def wants_html(request: Request) -> bool:
        """Pages get an HTML error page; /api gets JSON."""
        return not request.url.path.startswith("/api")

    @app.exception_handler(DetenteError)
    @app.exception_handler(NotFound)
    @app.exception_handler(Unavailable)
    async def library_error(request: Request, exc: Exception) -> Response:
        """A library or service refusal as a 4xx (or 501) with its message."""
        message = brief(str(exc))
        if wants_html(request):
            return pages.error_page(request, message, status_of(exc))
        return JSONResponse({"detail": message}, status_code=status_of(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        """A parameter of the wrong type as a 422 naming the parameter and value."""
        message = brief(validation_message(exc))
        if wants_html(request):
            return pages.error_page(request, message, 422)
        return JSONResponse({"detail": message}, status_code=422)

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly() -> FileResponse:
        """plotly.js from the installed plotly package (no CDN)."""
        return FileResponse(
            plotly_js(), media_type="text/javascript", headers={"Cache-Control": "max-age=86400"}
        )

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(verbs.router)
    app.include_router(pages.router)
    app.include_router(forecast.router)
    app.add_middleware(ResponseCache)  # repeated GETs are answered from memory
    return app
