"""A loopback HTTP server standing in for publishers (no real network), shared by the fetch tests.

``tests/conftest.py`` serves it as the ``loopback`` fixture, and as ``publisher`` for a test
module that declares ``PUBLISHED``: a registered source with only one file's URL replaced.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from detente.config import MIRROR_ENV
from detente.errors import HashMismatchError
from detente.fetch import fetch_file, is_cached
from detente.registry import Source, SourceFile, get_source


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def assert_refused_until_accepted(
    source: Source, file: SourceFile, cache: object, name: str, body: bytes
) -> None:
    """A published file detente holds no hash for is refused, the error naming the
    ``--accept-hash name=<sha256 of body>`` that would take it, and nothing is cached."""
    with pytest.raises(HashMismatchError) as err:
        fetch_file(source, file, cache=cache)
    assert f"--accept-hash {name}={sha(body)}" in str(err.value)
    assert not is_cached(source, file, cache)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@dataclass
class Route:
    body: bytes
    status: int = 200
    truncate: bool = False  # announce more bytes than are sent, then close


@dataclass
class Server:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def serve(self, path: str, body: bytes, **kw: object) -> str:
        """Serve ``body`` at ``path``; return its full URL."""
        self.routes[path] = Route(body, **kw)  # type: ignore[arg-type]
        return self.base + path

    def clear(self) -> Server:
        """No routes and no requests seen."""
        self.routes.clear()
        self.requests.clear()
        return self


def _handler(state: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(self.path)
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            self.send_response(route.status)
            self.send_header("Content-Type", "application/octet-stream")
            extra = 1000 if route.truncate else 0
            self.send_header("Content-Length", str(len(route.body) + extra))
            self.end_headers()
            self.wfile.write(route.body)
            self.wfile.flush()
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def running() -> Iterator[Server]:
    """A loopback server on a free port, stopped on exit."""
    state = Server(base="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    host, port = httpd.server_address[:2]
    state.base = f"http://{host}:{port}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=2)


def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No inherited mirror, and no proxy between requests and the loopback server."""
    monkeypatch.delenv(MIRROR_ENV, raising=False)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@dataclass(frozen=True)
class Published:
    """What a test module's ``publisher`` serves: ``body`` at ``path`` as ``file`` of ``source``."""

    source: str
    file: str
    path: str
    body: bytes


def publish(server: Server, what: Published) -> tuple[Source, SourceFile]:
    """The registered source with only ``what.file``'s URL replaced by the loopback one."""
    url = server.clear().serve(what.path, what.body)
    source = get_source(what.source)
    file = dataclasses.replace(source.file(what.file), url=url)
    return dataclasses.replace(source, files=(file,)), file
