"""Throttling per token, counted in the shared cache (Redis in production and under CI): every
process of every server counts the same calls. Calls without a token count per address: the
visitor's, read like the sign-in rate limits' (core/ops/proxies.py), so a made-up
X-Forwarded-For header does not make a new counter."""

from rest_framework.throttling import SimpleRateThrottle

from core.ops.proxies import client_ip


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_rate(self):
        return self.THROTTLE_RATES[self.scope]

    def allow_request(self, request, view):
        self.scope = "token" if request.auth is not None else "anonymous"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if request.auth is not None:
            ident = f"token:{request.auth.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return f"api-throttle:{ident}"

    def get_ident(self, request):
        return client_ip(request)
