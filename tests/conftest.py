"""Fixtures shared by the whole suite.

Under CI=true the suite must run on PostgreSQL and Redis: a missing service fails the run instead
of skipping the tests that need it.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import translation

from tests.factories import MembershipFactory, NetworkFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"

pytest_plugins = ["tests.stack_fixtures", "tests.sso_fixtures"]


def pytest_sessionstart(session):
    if not IN_CI:
        return
    problems = []
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        problems.append("DATABASE_URL must point at PostgreSQL under CI=true")
    if not settings.REDIS_URL:
        problems.append("REDIS_URL must be set under CI=true")
    if problems:
        pytest.exit("; ".join(problems), returncode=3)


@pytest.fixture
def in_english():
    """Messages, labels and errors asserted in English, their msgids (tests/test_i18n.py and the
    page tests check the Dutch). Use with ``pytest.mark.usefixtures("in_english")``; for a user
    or network that reads English, ``tests.utils.reads_english``."""
    with translation.override("en"):
        yield


def _need(what: str, available: bool) -> None:
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true and is not available")
    pytest.skip(f"{what} not configured (set it, or run under CI=true)")


@pytest.fixture
def require_postgres():
    _need("PostgreSQL (DATABASE_URL)", connection.vendor == "postgresql")


@pytest.fixture
def require_redis():
    available = False
    if settings.REDIS_URL:
        import redis

        try:
            available = bool(redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping())
        except redis.RedisError:
            available = False
    _need("Redis (REDIS_URL)", available)


@pytest.fixture
def require_haproxy():
    """HAProxy, the Debian package (`.ci/run` installs it), for the scale-out proof."""
    _need(
        "HAProxy (apt install haproxy)",
        bool(shutil.which("haproxy") or shutil.which("/usr/sbin/haproxy")),
    )


@pytest.fixture
def require_pdf():
    """WeasyPrint needs Pango from the system (Debian: libpango-1.0-0, libpangoft2-1.0-0)."""
    try:
        import weasyprint  # noqa: F401
    except OSError:
        _need("Pango for WeasyPrint", False)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request by an English-speaking user leaves
    English active in the thread (the middleware activates, nothing deactivates), which would
    make a later test's messages depend on the order tests run in."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate-limit counters live in the cache, sessions in theirs; every test starts without any."""
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def _work_form_catalogue(request):
    """Transactional tests empty every table afterwards, the catalogue that a data migration
    loaded included; put it back for the transactional tests that follow."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if transactional or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        from evaluations.blueprints import blueprint_sync_shipped
        from sessions.services import work_form_sync_catalogue

        work_form_sync_catalogue()
        blueprint_sync_shipped()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """``with on_commit(execute=True):`` runs what services enqueue after commit."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def facilitator(db):
    return UserFactory(full_name="Fien Facilitator")


@pytest.fixture
def network(facilitator):
    return NetworkFactory(created_by=facilitator, member_cap=12)


@pytest.fixture
def member(network):
    return MembershipFactory(network=network, user=UserFactory(full_name="Mona Member")).user


@pytest.fixture
def outsider(db):
    return UserFactory(full_name="Otto Outsider")


@pytest.fixture
def other_facilitator(db):
    """Facilitator of another network: no rights in ``network``."""
    return NetworkFactory(created_by=UserFactory(full_name="Andere Facilitator")).created_by
