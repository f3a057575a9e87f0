"""The visitor's address behind ``LEERNET_TRUSTED_PROXY_COUNT`` reverse proxies: the one answer
for allauth's rate limits and sessions (accounts/adapter.py) and the API's throttle
(api/throttling.py).

Each proxy appends the address it received from to ``X-Forwarded-For``, so with N proxies the
visitor is the N-th entry from the end. A header with fewer entries than N did not come through
the whole chain (a request sent straight to the app or to an inner proxy): it is not trusted and
the connection's own address (``REMOTE_ADDR``) is used, as without the header. Unlike allauth's
own reading (ImproperlyConfigured, a server error) no request is refused; a WARNING names the
mismatch (never the addresses) so the operator can correct the count (docs/operations.md,
"Proxies and rate limits")."""

import ipaddress
import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The visitor's address: the trusted ``X-Forwarded-For`` entry, else ``REMOTE_ADDR``."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.LEERNET_TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("x-forwarded-for", "")
    if count <= 0 or not forwarded.strip():
        return remote
    hops = forwarded.split(",")
    if len(hops) < count:
        logger.warning(
            "X-Forwarded-For has %d of the %d entries LEERNET_TRUSTED_PROXY_COUNT expects: "
            "the request is keyed on its connection's address",
            len(hops),
            count,
        )
        return remote
    return _address(hops[-count]) or remote
