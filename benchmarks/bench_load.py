"""Load test: a realistic mix of dashboard and API requests at 10, 50 and 200 concurrent clients.

Run: ``python benchmarks/bench_load.py [--mirror ../shared/data] [--clients 10,50,200]
[--seconds 30]``. Ingests the mirror's GDELT 2.0 export into a temporary event folder, starts
``detente serve --events`` on a free 127.0.0.1 port in a child process, requests every URL of the
mix once (cold: computed; reported apart), then for each client count keeps that many
keep-alive connections busy for ``--seconds`` with this mix (weights in requests):

- 35 state profiles ``/api/states/{ccode}`` (18 states),
- 25 dyad profiles ``/api/dyads/{a}/{b}`` (8 dyads),
- 10 streamed panels ``/api/panel`` (state-years 1980-2016 with capabilities: 6,722 rows;
  half as CSV, half as JSON lines),
- 15 alliance networks ``/api/network/{year}`` (5 years),
- 10 event alerts ``/api/alerts``,
- 5 dashboard pages ``/country/{ccode}``.

It reports requests/s, p50/p99/max latency per kind, errors (non-200 answers, connection
resets) and server CPU per request. Targets: at 50 clients p99 under 250 ms with no errors; at
200 clients no errors. Traffic never leaves loopback; the server is stopped by its pid.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import (  # noqa: E402
    DYADS,
    HOST,
    STATES,
    cold_requests,
    cpu_seconds,
    free_port,
    percentile,
    start_server,
)

ROOT = Path(__file__).resolve().parents[1]
PANEL = "/api/panel?unit=state-years&years=1980-2016&steps=capabilities&format="
MIX: list[tuple[str, int, list[str]]] = [
    ("state", 35, [f"/api/states/{c}" for c in STATES]),
    ("dyad", 25, [f"/api/dyads/{a}/{b}" for a, b in DYADS]),
    ("panel", 10, [PANEL + "csv", PANEL + "jsonl"]),
    ("network", 15, [f"/api/network/{y}" for y in (1914, 1950, 1970, 1990, 2010)]),
    ("alerts", 10, ["/api/alerts"]),
    ("page", 5, [f"/country/{c}" for c in (2, 365, 750)]),
]
TARGET_P99_MS = 250


def schedule() -> list[tuple[str, str]]:
    """One round of the mix: (kind, url) pairs in the given proportions, interleaved."""
    out: list[tuple[str, str]] = []
    for kind, weight, urls in MIX:
        out += [(kind, urls[i % len(urls)]) for i in range(weight)]
    return sorted(out, key=lambda pair: hash(pair[1]) % 97)


async def _read_body(reader: asyncio.StreamReader, head: str) -> int:
    """Read a response body (Content-Length or chunked); return its size."""
    lines = head.split("\r\n")
    length = next((int(h.split(":")[1]) for h in lines if h.lower().startswith("content-length:")), None)
    if length is not None:
        await reader.readexactly(length)
        return length
    size = 0
    while True:  # Transfer-Encoding: chunked
        n = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        await reader.readexactly(n + 2)
        size += n
        if n == 0:
            return size


async def load(port: int, clients: int, seconds: float) -> tuple[dict[str, list[float]], list[str]]:
    """Keep ``clients`` keep-alive connections busy with the mix for ``seconds``."""
    plan = schedule()
    latencies: dict[str, list[float]] = {kind: [] for kind, _, _ in MIX}
    errors: list[str] = []
    stop = time.monotonic() + seconds

    async def worker(offset: int) -> None:
        i = offset
        conn = None
        while time.monotonic() < stop:
            kind, url = plan[i % len(plan)]
            i += 1
            try:
                if conn is None:
                    conn = await asyncio.open_connection(HOST, port)
                reader, writer = conn
                request = f"GET {url} HTTP/1.1\r\nHost: {HOST}\r\nAccept-Encoding: gzip\r\n\r\n"
                t0 = time.perf_counter()
                writer.write(request.encode())
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                await _read_body(reader, head)
                latencies[kind].append((time.perf_counter() - t0) * 1000)
                if " 200 " not in head.split("\r\n")[0]:
                    errors.append(f"{url}: {head.splitlines()[0]}")
            except (OSError, asyncio.IncompleteReadError) as exc:
                errors.append(f"{url}: {type(exc).__name__}: {exc}")
                conn = None
        if conn is not None:
            conn[1].close()

    await asyncio.gather(*(worker(k * 7) for k in range(clients)))
    return latencies, errors


def main() -> int:
    """Ingest, start the server, warm it, load it at each client count, report, stop it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mirror", default=os.environ.get("DETENTE_MIRROR", str(ROOT.parent / "shared" / "data"))
    )
    parser.add_argument("--clients", default="10,50,200")
    parser.add_argument("--seconds", type=float, default=30)
    opts = parser.parse_args()

    from detente.events.ingest import ingest

    events = Path(tempfile.mkdtemp(prefix="detente-bench-events-"))
    ingest("gdelt-2.0-sample", events, mirror=opts.mirror)
    port = free_port()
    t0 = time.perf_counter()
    proc = start_server(opts.mirror, port, "--events", str(events))
    print(f"server ready in {time.perf_counter() - t0:.1f} s; load average {os.getloadavg()[0]:.1f}")
    failed = False
    try:
        urls = [url for _, _, group in MIX for url in group]
        cold = cold_requests(f"http://{HOST}:{port}", urls, timeout=300)
        slowest = max(cold)
        print(
            f"cold: median {percentile([c[0] for c in cold], 50):.0f} ms, slowest "
            f"{slowest[0]:.0f} ms ({slowest[1]})"
        )
        print("| clients | requests/s | p50 ms | p99 ms | max ms | errors | server CPU ms/request |")
        print("|---|---|---|---|---|---|---|")
        details = []
        for clients in (int(c) for c in opts.clients.split(",")):
            t, cpu = time.perf_counter(), cpu_seconds(proc.pid)
            lat, errors = asyncio.run(load(port, clients, opts.seconds))
            wall, cpu = time.perf_counter() - t, cpu_seconds(proc.pid) - cpu
            every = [v for values in lat.values() for v in values]
            n = max(len(every), 1)
            p99 = percentile(every, 99)
            print(
                f"| {clients} | {len(every) / wall:,.0f} | {percentile(every, 50):.1f} | {p99:.1f} "
                f"| {max(every):.1f} | {len(errors)} | {cpu / n * 1000:.2f} |"
            )
            details.append((clients, lat, errors))
            if errors or (clients == 50 and p99 >= TARGET_P99_MS):
                failed = failed or clients in (50, 200)
        for clients, lat, errors in details:
            parts = ", ".join(
                f"{kind} p99 {percentile(v, 99):.0f} ms (n={len(v)})" for kind, v in lat.items() if v
            )
            print(f"{clients} clients: {parts}")
            if errors:
                print(f"  {len(errors)} errors, e.g. {errors[0]}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"targets (50 clients: p99 < {TARGET_P99_MS} ms, no errors; 200: no errors): "
        f"{'missed' if failed else 'met'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
