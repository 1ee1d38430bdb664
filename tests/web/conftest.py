"""Web test set-up: one app over the session's warehouse, a loopback server and headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

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


@pytest.fixture(scope="session")
def web_app(wh, event_lake):
    """The dashboard app over the session warehouse and event folder (state profiles built once)."""
    from detente.web import create_app

    app = create_app(wh, events=event_lake)
    app.state.service.states("cow")
    return app


@pytest.fixture(scope="session")
def client(web_app):
    """A TestClient for the API."""
    from fastapi.testclient import TestClient

    with TestClient(web_app) as c:
        yield c


@pytest.fixture(scope="session")
def live_url(web_app) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port."""
    from detente.web.server import running

    with running(web_app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (no downloaded browser)."""
    import os

    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (extra: browser; CI installs it)"
    )
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; CI installs it)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_url):
    """A fresh page whose relative paths go to the live server; JS errors fail the test."""
    context = browser.new_context(base_url=live_url, viewport={"width": 1100, "height": 760})
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.errors = errors  # type: ignore[attr-defined]
    yield p
    context.close()
    assert not errors, errors
