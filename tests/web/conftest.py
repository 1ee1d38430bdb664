"""Web test set-up: one app over the session's warehouse, a loopback server and headless Chromium."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest


@pytest.fixture(scope="session")
def web_app(wh, event_lake):
    """The dashboard app over the session warehouse and event folder (state profiles built once)."""
    from detente.web import create_app

    app = create_app(wh, events=event_lake)
    app.state.service.states("cow")
    return app


@pytest.fixture
def held_dyad(web_app, monkeypatch):
    """``with held_dyad(method, a, b) as free:`` runs the service's ``dyad(a, b)`` in a thread held
    inside ``method`` (as a slow preparation or query would hold it; only on calls ``when`` picks),
    and gives whether the service lock was free meanwhile; the block's body runs while it is held."""

    @contextmanager
    def hold(method: str, a: int, b: int, when: Callable[..., bool] = lambda *_: True) -> Iterator[bool]:
        svc = web_app.state.service
        entered, release = threading.Event(), threading.Event()
        original = getattr(type(svc), method)

        def slow(self, *args, **kwargs):
            if when(self, *args, **kwargs):
                entered.set()
                release.wait(60)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(type(svc), method, slow)
        worker = threading.Thread(target=svc.dyad, args=(a, b))
        worker.start()
        try:
            assert entered.wait(120)
            free = svc.lock.acquire(timeout=10)
            if free:
                svc.lock.release()
            yield free
        finally:
            release.set()
            worker.join(300)

    return hold


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

    from detente.web.server import CHROMIUM, launch_chromium

    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (extra: browser; CI installs it)"
    )
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; CI installs it)")
    with sync_api.sync_playwright() as pw:
        b = launch_chromium(pw)
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
