"""``detente serve``: warm the warehouse with a progress display, print the address, run uvicorn."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from detente.errors import InputError
from detente.warehouse import configure

from .app import create_app
from .dyads import PAGE_STEPS
from .events import event_folder_problem
from .shapes import world_geojson

#: Debian's Chromium (``apt-get install chromium``), which Playwright drives headless for the
#: browser tests and the screenshots (no downloaded browser), and the flags it runs with.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def warm_app(
    mirror: Path | None = None, console: Console | None = None, events: Path | None = None
) -> FastAPI:
    """An app over a fresh warehouse, sources fetched, state profiles and event tables built (the
    full dyad profiles' all-dyad tables are then prepared in the background)."""
    console = console or Console(stderr=True)
    problem = event_folder_problem(events) if events is not None else None
    if problem:  # refused before any work, in one line, like a missing mirror
        raise InputError(f"--events: {problem}")
    columns = [SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("opening the warehouse")

        def report(source: str, file: str, how: str) -> None:
            progress.update(task, description=f"{source}/{file} ({how})")

        wh = configure(mirror=mirror, progress=report)  # no --mirror: DETENTE_MIRROR or downloads
        app = create_app(wh, events)
        app.state.service.states("cow", progress=lambda text: progress.update(task, description=text))
        progress.update(task, description="preparing dyad pages")
        app.state.service.dyad(2, 200, steps=PAGE_STEPS)  # what a dyad page shows
        if events is not None:
            progress.update(task, description=f"computing event indicators and alerts from {events}")
            app.state.service.event_indicators()
            app.state.service.event_alerts()
        progress.update(task, description="reading country shapes")
        shapes = world_geojson()
    wh.progress = None
    # the API's full dyad profiles need all-dyad tables (similarity, expected utility): prepared
    # meanwhile on a cursor of their own, so neither the start nor any page waits for them
    app.state.service.prepare_in_background()
    if shapes is None:
        console.print(
            "[yellow]note:[/yellow] country shapes are missing (detente/web/data/world-atlas), "
            "so the map cannot draw; reinstall detente"
        )
    return app


def serve(
    host: str = "127.0.0.1", port: int = 8000, mirror: Path | None = None, events: Path | None = None
) -> None:
    """Run the API and dashboard until interrupted (the first start builds the profiles)."""
    import uvicorn

    console = Console(stderr=True)
    app = warm_app(mirror, console, events)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"detente dashboard on [bold]http://{shown}:{port}/[/bold] (API docs: /docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@contextmanager
def running(app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run ``app`` with uvicorn in a background thread (tests, screenshots); yields its base URL."""
    import uvicorn

    if port == 0:
        with socket.socket() as probe:
            probe.bind((host, 0))
            port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="detente-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the web server did not start on {host}:{port}")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def launch_chromium(playwright: Any) -> Any:
    """Debian's headless Chromium from a started Playwright (``sync_playwright()``), as the browser
    tests and ``scripts/screenshots.py`` use it; close it when done."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
