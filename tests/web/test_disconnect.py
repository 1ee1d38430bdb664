"""A client that drops a big streamed download gives its memory back: the server's resident memory
does not grow with the number of aborted downloads (it grew by about 0.9 GB per abort)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIG = "/api/panel?unit=dyad-years&years=1816-2016&steps=capabilities,alliances,contiguity&format=csv"
CUT = 20_000_000  # bytes read before hanging up (the panel is several hundred MB of CSV)


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _download(port: int, path: str, limit: int | None) -> int:
    """GET ``path`` over a raw socket; read ``limit`` bytes (all when None), then hang up."""
    got = 0
    with socket.create_connection(("127.0.0.1", port), timeout=120) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        while limit is None or got < limit:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            got += len(chunk)
    return got


@pytest.fixture(scope="module")
def server(mirror: Path, cache: Path, wh):
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to read the server's resident memory")
    port = _free_port()
    code = textwrap.dedent(f"""
        import uvicorn, detente
        from detente.web import create_app
        wh = detente.configure(mirror={str(mirror)!r}, cache={str(cache)!r})
        uvicorn.run(create_app(wh), host="127.0.0.1", port={port}, log_level="warning")
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                _download(port, "/api/health", None)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)
        yield proc, port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _settled_rss(pid: int) -> float:
    """Resident memory once the server is idle again (abandoned work has time to stop)."""
    time.sleep(3)
    return _rss_mib(pid)


def test_aborted_downloads_give_memory_back(server) -> None:
    proc, port = server
    assert _download(port, BIG, CUT) >= CUT  # the first abort warms every table
    first = _settled_rss(proc.pid)
    for _ in range(3):
        assert _download(port, BIG, CUT) >= CUT
    after = _settled_rss(proc.pid)
    print(f"server RSS: {first:.0f} MiB after one aborted download, {after:.0f} MiB after four")
    assert after - first < 400, f"{first:.0f} MiB after one aborted download, {after:.0f} after four"
    small = _download(port, "/api/panel?unit=state-years&years=1990&format=csv", None)
    assert small > 1000  # still answering
