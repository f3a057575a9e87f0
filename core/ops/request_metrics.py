"""Request counts and latency by view for /metrics (pages/ops/metrics.py).

Several gunicorn processes: with ``PROMETHEUS_MULTIPROC_DIR`` set (before the server starts, an
empty directory per start) prometheus-client keeps these in files that every process's scrape
adds up; without it each process counts its own (one process, or `make run`)."""

import os

from prometheus_client import CollectorRegistry, Counter, Histogram

# Without multiprocess mode the request metrics live in their own registry (no process metrics
# of whichever process answers the scrape).
REGISTRY = CollectorRegistry(auto_describe=True)
MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

REQUESTS = Counter(
    "leernet_http_requests",
    "Requests answered, by view name, method and status code.",
    ["view", "method", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "leernet_http_request_duration_seconds",
    "Time from the first middleware to the response, by view name.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)


def observe(*, view: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(view=view, method=method, status=str(status)).inc()
    LATENCY.labels(view=view).observe(seconds)
