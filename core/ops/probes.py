"""The probes a load balancer or Kubernetes asks: /healthz (liveness) and /readyz (readiness).

``ProbeMiddleware`` (right after SecurityMiddleware, whose HTTPS redirect exempts them through
SECURE_REDIRECT_EXEMPT) answers both paths (and /metrics, which checks its own token) with
their URL's view before the host check,
sessions, CSRF, the user and the rest: a probe by IP address passes without ALLOWED_HOSTS, and
costs no session or database read. ``readiness`` asks PostgreSQL and every Redis database within
``LEERNET_READY_TIMEOUT`` seconds each, in threads it never waits for longer.
"""

import logging
import threading

import redis
from django.conf import settings
from django.db import connections
from django.urls import Resolver404, resolve

from core.ops.request_id import OPS_PATHS

logger = logging.getLogger(__name__)


class ProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in OPS_PATHS and request.method in ("GET", "HEAD"):
            try:
                match = resolve(request.path_info)
            except Resolver404:  # /metrics without LEERNET_METRICS_TOKEN: not mounted
                return self.get_response(request)
            request.resolver_match = match
            response = match.func(request)
            # A 503 is logged by the view, once, at WARNING (not by django.request at ERROR).
            response._has_been_logged = True
            return response
        return self.get_response(request)


def _within(timeout: float, check) -> str:
    """ "ok", "timeout" or the error's class name: ``check()`` in a daemon thread, waited for at
    most ``timeout`` seconds (a black-holed server cannot hold the probe)."""
    outcome = {}

    def run():
        try:
            check()
            outcome["result"] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure means "down"
            outcome["result"] = error.__class__.__name__

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    return outcome.get("result", "timeout")


def _postgresql(timeout: float):
    def check():
        connection = connections.create_connection("default")
        connection.settings_dict = {
            **connection.settings_dict,
            "OPTIONS": {**connection.settings_dict.get("OPTIONS", {})},
        }
        if connection.vendor == "postgresql":
            connection.settings_dict["OPTIONS"]["connect_timeout"] = max(1, int(timeout))
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        finally:
            connection.close()

    return check


def _redis(url: str, timeout: float):
    def check():
        client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()

    return check


def redis_urls() -> dict[str, str]:
    """The Redis databases Leernet uses, by role (one entry per distinct URL)."""
    urls = {}
    for name, url in (
        ("redis-broker", settings.REDIS_BROKER_URL),
        ("redis-cache", settings.REDIS_CACHE_URL),
        ("redis-sessions", settings.REDIS_SESSION_URL),
    ):
        if url and url not in urls.values():
            urls[name] = url
    return urls


def readiness() -> dict[str, str]:
    """Each dependency's state: {"postgresql": "ok", "redis-broker": "ConnectionError", …}."""
    timeout = settings.LEERNET_READY_TIMEOUT
    checks = {"postgresql": _postgresql(timeout)}
    checks.update({name: _redis(url, timeout) for name, url in redis_urls().items()})
    results = {}
    threads = {}
    for name, check in checks.items():
        threads[name] = threading.Thread(
            target=lambda n=name, c=check: results.__setitem__(n, _within(timeout, c)),
            daemon=True,
        )
        threads[name].start()
    for name, thread in threads.items():
        thread.join(timeout + 0.5)
        results.setdefault(name, "timeout")
    down = {name: state for name, state in results.items() if state != "ok"}
    if down:
        logger.warning("Not ready: %s", ", ".join(f"{n} {s}" for n, s in sorted(down.items())))
    return dict(sorted(results.items()))
