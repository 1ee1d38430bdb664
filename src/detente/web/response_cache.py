"""Whole answers kept in memory: a repeated GET is answered from bytes, without recomputing.

Everything the server shows is a function of the request, of data fixed for the server's life
(the warehouse's sources) and of the event folder, so a successful answer to a GET can be
replayed while the event folder's manifest is unchanged. The cache is an ASGI middleware: it
records the status, headers and body of 200 answers up to :data:`MAX_ENTRY` bytes (streamed
panels too, if they end below that) within a total budget, keyed by path, query and the headers
that choose the format and encoding.
"""

from __future__ import annotations

from typing import Any

from .cache import LRU

#: Largest answer kept (a 6,722-row state-year panel as CSV is about 0.6 MB).
MAX_ENTRY = 8 << 20
#: Memory for kept answers.
MAX_BYTES = 256 << 20
#: Paths whose answers change while the server runs (the forecast pages read the report file
#: ``DETENTE_FORECAST`` names, which a new ``detente forecast`` run replaces).
UNCACHED = ("/api/health", "/forecast", "/api/forecast")

Scope = dict[str, Any]


def _events_stamp(scope: Scope) -> tuple[str, int | None]:
    """Which event folder is served and when its manifest last changed: answers that show events
    are replayed only while both stay the same (a re-ingest or a removed folder changes them)."""
    app = scope.get("app")
    service = getattr(getattr(app, "state", None), "service", None)
    events = getattr(service, "events", None)
    if events is None:
        return ("", None)
    try:
        return (str(events), (events / "manifest.json").stat().st_mtime_ns)
    except OSError:
        return (str(events), -1)


class ResponseCache:
    """ASGI middleware replaying successful GET answers from memory.

    >>> ResponseCache(app=None).cache.max_bytes == MAX_BYTES
    True
    """

    def __init__(self, app: Any, max_bytes: int = MAX_BYTES, max_entry: int = MAX_ENTRY) -> None:
        self.app = app
        self.max_entry = max_entry
        self.cache = LRU(100_000, max_bytes=max_bytes)

    @staticmethod
    def key(scope: Scope) -> tuple[Any, ...] | None:
        """The cache key of a request, or None if its answer must not be replayed."""
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path = scope["path"]
        if path.startswith("/static") or path in UNCACHED:
            return None
        headers = dict(scope.get("headers") or [])
        return (
            _events_stamp(scope),
            path,
            scope.get("query_string", b""),
            headers.get(b"accept", b""),
            b"gzip" in headers.get(b"accept-encoding", b""),
        )

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        """Replay a kept answer, or run the app and keep its answer if it is a small 200."""
        key = self.key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        hit = self.cache.get(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: dict[str, Any] = {}
        parts: list[bytes] = []
        size = 0
        keep = True

        async def recording(message: dict[str, Any]) -> None:
            nonlocal size, keep
            if message["type"] == "http.response.start":
                start.update(message)
                keep = message["status"] == 200
            elif message["type"] == "http.response.body" and keep:
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_entry:
                    keep = False
                    parts.clear()
                else:
                    parts.append(chunk)
                if keep and not message.get("more_body", False):
                    headers = [
                        (k, v) for k, v in start.get("headers", []) if k.lower() != b"transfer-encoding"
                    ]
                    body = b"".join(parts)
                    headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                    headers.append((b"content-length", str(len(body)).encode()))
                    self.cache.put(key, (200, headers, body))
            await send(message)

        await self.app(scope, receive, recording)
