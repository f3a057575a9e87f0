"""A bounded load generator: ``connections`` HTTP/1.1 clients over loopback, each sending its
next request as soon as the last answer is read, for ``seconds``. It keeps a connection open
while the server allows (gunicorn's sync workers close after every response, so it reconnects;
the connect counts in the latency, as it would for a browser on such a server)."""

import asyncio
import statistics
import time
from dataclasses import dataclass


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def request_bytes(*, host: str, port: int, path: str, cookie: str) -> bytes:
    # X-Forwarded-Proto: the production settings trust it (SECURE_PROXY_SSL_HEADER), as they
    # trust the TLS-terminating proxy in front of gunicorn.
    return (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nX-Forwarded-Proto: https\r\n"
        f"Cookie: {cookie}\r\nAccept: text/html\r\nConnection: keep-alive\r\n\r\n"
    ).encode()


async def _fetch(reader, writer, payload: bytes) -> tuple[int, bool]:
    writer.write(payload)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
        close = headers.get("connection", "").lower() == "close"
    else:
        await reader.read()  # until the server closes
        close = True
    return status, close


async def _client(host, port, payload, deadline, latencies, failures):
    reader = writer = None
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            status, close = await _fetch(reader, writer, payload)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            failures.append(1)
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        latencies.append(time.perf_counter() - start)
        if status != 200:
            failures.append(status)
        if close:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _run(host, port, payload, seconds, connections):
    latencies, failures = [], []
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(
        *(_client(host, port, payload, deadline, latencies, failures) for _ in range(connections))
    )
    return latencies, failures, time.perf_counter() - start


def run(*, host: str, port: int, path: str, cookie: str, seconds: float, connections: int = 10):
    payload = request_bytes(host=host, port=port, path=path, cookie=cookie)
    latencies, failures, elapsed = asyncio.run(_run(host, port, payload, seconds, connections))
    ms = [value * 1000 for value in latencies]
    return LoadResult(
        requests=len(latencies) - len([f for f in failures if f != 1]),
        errors=len(failures),
        seconds=elapsed,
        p50_ms=statistics.median(ms) if ms else 0.0,
        p95_ms=percentile(ms, 0.95),
        p99_ms=percentile(ms, 0.99),
    )
