"""Benchmark: the web profile endpoints under 50 concurrent clients on loopback (bounded load test).

Run: ``python benchmarks/bench_web.py [--mirror ../shared/data] [--requests 10000] [--seconds 60]``.
Starts ``detente serve`` on a free 127.0.0.1 port in a child process, requests every URL once
(cold: computed; reported apart), then sends at most ``--requests`` requests within at most
``--seconds`` from ``--clients`` concurrent clients over the state and dyad profile URLs, and
reports requests/s and latency percentiles per endpoint. Target: p99 < 100 ms. Traffic never
leaves the loopback interface; the server is stopped (by its pid) at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATES = [2, 20, 200, 220, 255, 260, 265, 300, 325, 365, 710, 740, 750, 770, 630, 645, 651, 666]
DYADS = [(750, 770), (2, 365), (2, 200), (365, 710), (2, 20), (651, 666), (200, 220), (2, 710)]
HOST = "127.0.0.1"


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(mirror: str, port: int, *options: str) -> subprocess.Popen[str]:
    """``detente serve [options]`` in a child process; returns once it prints its address."""
    cmd = [sys.executable, "-m", "detente", "serve", "--host", HOST, "--port", str(port)]
    cmd += ["--mirror", mirror, *options]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 600
    assert proc.stderr is not None
    for line in proc.stderr:
        if "detente dashboard on" in line:
            break
        if time.monotonic() > deadline:
            break
    if proc.poll() is not None:
        raise SystemExit(f"detente serve exited with {proc.returncode}")
    return proc


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cold_requests(base: str, urls: list[str], timeout: float) -> list[tuple[float, str]]:
    """Each URL requested once, in turn, on a fresh server: (milliseconds, url) per request."""
    import httpx

    cold = []
    with httpx.Client(base_url=base, timeout=timeout) as client:
        for url in urls:
            t = time.perf_counter()
            client.get(url).raise_for_status()
            cold.append(((time.perf_counter() - t) * 1000, url))
    return cold


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


async def load(
    base: str, urls: list[str], clients: int, total: int, seconds: float
) -> dict[str, list[float]]:
    """Send up to ``total`` requests from ``clients`` keep-alive connections within ``seconds``.

    A minimal HTTP/1.1 client on asyncio streams (the bodies are read, not decoded), so that the
    load generator, sharing the machine's CPUs with the server, costs little; latencies in ms.
    """
    host, port = base.removeprefix("http://").split(":")
    latencies: dict[str, list[float]] = {"states": [], "dyads": []}
    failures: list[str] = []
    counter = iter(range(total))
    stop = time.monotonic() + seconds

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            for i in counter:
                if time.monotonic() > stop:
                    return
                url = urls[i % len(urls)]
                request = f"GET {url} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\n\r\n"
                t0 = time.perf_counter()
                writer.write(request.encode())
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                length = next(
                    int(h.split(":")[1]) for h in lines if h.lower().startswith("content-length:")
                )
                await reader.readexactly(length)
                elapsed = (time.perf_counter() - t0) * 1000
                if " 200 " not in lines[0]:
                    failures.append(f"{url}: {lines[0]}")
                latencies["dyads" if "/dyads/" in url else "states"].append(elapsed)
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(clients)))
    if failures:
        print(f"{len(failures)} requests failed, e.g. {failures[0]}")
    return latencies


def main() -> int:
    """Start the server, warm it, load it, report, stop it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mirror", default=os.environ.get("DETENTE_MIRROR", str(ROOT.parent / "shared" / "data"))
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60)
    opts = parser.parse_args()
    port = free_port()
    base = f"http://{HOST}:{port}"
    t0 = time.perf_counter()
    proc = start_server(opts.mirror, port)
    print(f"server ready in {time.perf_counter() - t0:.1f} s (warm-up with progress display included)")
    try:
        urls = [f"/api/states/{c}" for c in STATES] + [f"/api/dyads/{a}/{b}" for a, b in DYADS]
        cold = cold_requests(base, urls, timeout=120)
        slowest = max(cold)
        print(
            f"cold (first request per URL): median {percentile([c[0] for c in cold], 50):.0f} ms, "
            f"slowest {slowest[0]:.0f} ms ({slowest[1]})"
        )
        t, server_cpu, client_cpu = time.perf_counter(), cpu_seconds(proc.pid), time.process_time()
        lat = asyncio.run(load(base, urls, opts.clients, opts.requests, opts.seconds))
        wall = time.perf_counter() - t
        server_cpu = cpu_seconds(proc.pid) - server_cpu
        client_cpu = time.process_time() - client_cpu
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    every = lat["states"] + lat["dyads"]
    print(
        f"{len(every)} requests, {opts.clients} concurrent clients, {wall:.1f} s: "
        f"{len(every) / wall:,.0f} requests/s"
    )
    print("| endpoint | requests | p50 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|")
    for name, values in (
        ("/api/states/{ccode}", lat["states"]),
        ("/api/dyads/{a}/{b}", lat["dyads"]),
        ("all", every),
    ):
        if values:
            print(
                f"| {name} | {len(values)} | {percentile(values, 50):.1f} "
                f"| {percentile(values, 99):.1f} | {max(values):.1f} |"
            )
    n = max(len(every), 1)
    print(
        f"CPU per request: server {server_cpu / n * 1000:.2f} ms, "
        f"client {client_cpu / n * 1000:.2f} ms; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    p99 = percentile(every, 99)
    print(f"p99 {p99:.1f} ms: {'meets' if p99 < 100 else 'misses'} the 100 ms target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
