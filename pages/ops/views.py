"""The operators' endpoints: /healthz, /readyz (answered by core.ops.probes.ProbeMiddleware
before sessions and the host check) and /metrics (mounted only with LEERNET_METRICS_TOKEN)."""

import hmac

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from prometheus_client import CONTENT_TYPE_LATEST

from core.ops.probes import readiness
from pages.ops.metrics import exposition


def healthz(request):
    """Liveness: the process answers. Asks nothing else."""
    return HttpResponse("ok\n", content_type="text/plain")


def readyz(request):
    """Readiness: PostgreSQL and Redis answer within LEERNET_READY_TIMEOUT; 503 names what is
    down."""
    checks = readiness()
    down = sorted(name for name, state in checks.items() if state != "ok")
    return JsonResponse(
        {"status": "down" if down else "ok", "down": down, "checks": checks},
        status=503 if down else 200,
    )


def _authorised(request) -> bool:
    expected = f"Bearer {settings.LEERNET_METRICS_TOKEN}".encode()
    given = request.META.get("HTTP_AUTHORIZATION", "").encode("utf-8", "replace")
    return bool(settings.LEERNET_METRICS_TOKEN) and hmac.compare_digest(given, expected)


def metrics(request):
    """Prometheus text for a scraper holding the bearer token; anything else, a wrong token as
    much as none, gets the same 401."""
    if not _authorised(request):
        response = HttpResponse("unauthorised\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
