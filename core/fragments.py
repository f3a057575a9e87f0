"""Versions for cached template fragments of what only changes on writes.

A page caches such a fragment with Django's ``{% cache %}`` tag, varying on the fragment's
version and on whatever else decides its content (language, role, the viewer's networks):

    {% cache 86400 network_header network.pk header_version LANGUAGE_CODE is_facilitator %}

The view reads the version with ``fragment_version(scope, ident)`` (one cache read); a service
that changes what the fragment shows calls ``fragment_changed(scope, ident)``, so the next
request renders it afresh. The version is a random token, bumped at once (later reads in the same
transaction see the change) and again after commit (a request that rendered the old data between
the two cannot keep it). A version evicted from the cache simply starts a new one.
"""

from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

NETWORK_HEADER = "network-header"
WORK_FORM_CATALOGUE = "work-form-catalogue"


def _key(scope: str, ident) -> str:
    return f"fragment-version:{scope}:{ident}"


def fragment_version(scope: str, ident="all") -> str:
    key = _key(scope, ident)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid4().hex, timeout=None)
        version = cache.get(key)
    return version


def fragment_changed(scope: str, ident="all") -> None:
    def bump():
        cache.set(_key(scope, ident), uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)
