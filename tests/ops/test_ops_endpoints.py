"""Issue 25 in one process: csv_safe, the probes, the request id, /metrics and its token, the
Redis split and cached_db sessions, the proxy hop count."""

import logging
import time

import pytest
import redis
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from core.csv import csv_safe
from core.ops.settings import redis_db_url
from evaluations.models import HeldAnswers
from tests.factories import UserFactory
from tests.networks.test_network_door import _reload_root_urls

TOKEN = "metrics-token-0123456789"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_safe_neutralises_every_formula_start(start):
    assert csv_safe(f"{start}SUM(A1)") == f"'{start}SUM(A1)"


def test_csv_safe_leaves_ordinary_text():
    assert csv_safe("Anna\tB") == "Anna\tB"
    assert csv_safe(12) == "12"


def test_redis_urls_follow_the_base_database():
    assert redis_db_url("redis://h:6379/6", 2) == "redis://h:6379/8"
    assert redis_db_url("redis://:pw@h:6379", 1) == "redis://:pw@h:6379/1"
    assert redis_db_url("", 1) == ""


@pytest.mark.django_db
def test_healthz_answers_without_session_host_or_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "Set-Cookie" not in response.headers
    assert "sessionid" not in response.cookies


@pytest.mark.django_db(transaction=True)
def test_readyz_is_ready_when_postgresql_and_redis_answer(client, require_postgres, require_redis):
    response = client.get("/readyz", HTTP_HOST="10.1.2.3")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"postgresql", "redis-broker", "redis-cache", "redis-sessions"}


@pytest.mark.django_db
def test_readyz_names_what_is_down_and_never_waits_past_its_timeout(client, caplog):
    # A listening socket that never answers (a black-holed Redis) and a closed port.
    import socket

    black_hole = socket.socket()
    black_hole.bind(("127.0.0.1", 0))
    black_hole.listen(0)
    port = black_hole.getsockname()[1]
    try:
        with override_settings(
            LEERNET_READY_TIMEOUT=1.0,
            REDIS_BROKER_URL=f"redis://127.0.0.1:{port}/0",
            REDIS_CACHE_URL="redis://127.0.0.1:1/0",
        ):
            started = time.monotonic()
            with caplog.at_level(logging.WARNING):
                response = client.get("/readyz")
            elapsed = time.monotonic() - started
    finally:
        black_hole.close()

    assert response.status_code == 503
    body = response.json()
    assert "redis-broker" in body["down"]
    assert "redis-cache" in body["down"]
    assert "postgresql" not in body["down"]
    assert elapsed < 2.5
    assert "Not ready" in caplog.text
    assert not [r for r in caplog.records if r.name == "django.request"]


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["leernet.example.org"])
@pytest.mark.django_db
def test_probes_skip_the_https_redirect_and_the_host_check(client):
    assert client.get("/healthz", HTTP_HOST="10.0.0.7").status_code == 200
    # Any other page still goes to HTTPS (and refuses a foreign host).
    assert client.get("/privacy/", HTTP_HOST="leernet.example.org").status_code == 301
    assert client.get("/privacy/", HTTP_HOST="10.0.0.7").status_code == 400


@pytest.mark.django_db
def test_a_safe_request_id_is_kept_and_returned(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234.abc:9_Z")

    assert response["X-Request-ID"] == "lb-1234.abc:9_Z"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hostile", ["x" * 65, "abc\nINFO forged line", "abc\r\nX-Evil: 1", "naïve-ü", "a b", ""]
)
def test_a_hostile_request_id_is_replaced_and_never_logged(client, caplog, hostile):
    with caplog.at_level(logging.DEBUG):
        response = client.get(reverse("privacy"), HTTP_X_REQUEST_ID=hostile)

    given = response["X-Request-ID"]
    assert given != hostile
    assert len(given) == 32
    assert given.isalnum()
    if hostile:
        assert hostile not in caplog.text
    assert any(getattr(r, "request_id", "") == given for r in caplog.records)


@pytest.mark.django_db
def test_the_request_log_line_names_the_view_not_the_path_and_probes_stay_below_info(
    client, caplog
):
    with caplog.at_level(logging.INFO, logger="leernet.request"):
        client.get(reverse("privacy"))
        client.get("/healthz")

    lines = [r.getMessage() for r in caplog.records if r.name == "leernet.request"]
    assert lines == [lines[0]]
    assert lines[0].startswith("GET privacy 200")


@pytest.fixture
def metrics_mounted():
    with override_settings(LEERNET_METRICS_TOKEN=TOKEN, LEERNET_METRICS_CACHE_SECONDS=5):
        _reload_urls()
        yield
    _reload_urls()


_reload_urls = _reload_root_urls


@pytest.mark.django_db
def test_metrics_is_not_mounted_without_a_token(client):
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404


def _comparable(response):
    headers = {k: v for k, v in response.headers.items() if k != "X-Request-ID"}
    return response.status_code, response.content, headers


@pytest.mark.django_db
def test_a_wrong_token_answers_exactly_like_a_missing_one(client, metrics_mounted):
    missing = client.get("/metrics")
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong")
    almost = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}x")
    not_bearer = client.get("/metrics", HTTP_AUTHORIZATION=TOKEN)

    assert missing.status_code == 401
    assert _comparable(missing) == _comparable(wrong) == _comparable(almost)
    assert _comparable(missing) == _comparable(not_bearer)
    assert b"leernet" not in missing.content


@pytest.mark.django_db(transaction=True)
def test_metrics_count_the_shared_state_with_one_query_per_family(
    client, metrics_mounted, django_assert_max_num_queries
):
    from tests.ops.metrics_world import make_world

    make_world()
    client.get(reverse("privacy"))
    client.get(reverse("privacy"))

    with django_assert_max_num_queries(4):
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    text = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert 'leernet_http_requests_total{method="GET",status="200",view="privacy"}' in text
    assert 'leernet_http_request_duration_seconds_count{view="privacy"}' in text
    assert 'leernet_outbox_rows{state="pending",table="accounts.AccountEmail"} 2.0' in text
    assert 'leernet_outbox_rows{state="failed",table="accounts.AccountEmail"} 1.0' in text
    (oldest,) = [
        float(line.split()[1])
        for line in text.splitlines()
        if line.startswith("leernet_outbox_oldest_pending_seconds ")
    ]
    assert 3500 < oldest < 3700
    assert "leernet_held_answers_waiting 3.0" in text
    assert 'leernet_pdfs_waiting{table="minutes.minutesversion"} 0.0' in text
    if settings.REDIS_BROKER_URL:  # `make run` has no broker: the family is empty
        assert f'leernet_celery_queue_length{{queue="{settings.CELERY_PDF_QUEUE}"}}' in text
    # Cached: a second scrape within the cache time asks the database nothing.
    with django_assert_max_num_queries(0):
        client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert HeldAnswers.objects.count() == 3


def test_sessions_cache_and_broker_use_three_redis_databases(require_redis):
    urls = {settings.REDIS_BROKER_URL, settings.REDIS_CACHE_URL, settings.REDIS_SESSION_URL}
    assert len(urls) == 3
    assert settings.CELERY_BROKER_URL == settings.REDIS_BROKER_URL
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert settings.CONN_HEALTH_CHECKS is True


@pytest.mark.django_db(transaction=True)
def test_flushing_the_cache_and_session_databases_keeps_people_signed_in(
    client, require_redis, require_postgres
):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("networks:dashboard")).status_code == 200

    for url in (settings.REDIS_CACHE_URL, settings.REDIS_SESSION_URL):
        redis.Redis.from_url(url).flushdb()

    response = client.get(reverse("networks:dashboard"))
    assert response.status_code == 200
    assert response.wsgi_request.user == user


@pytest.mark.django_db
@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
def test_expired_sessions_leave_postgresql_daily():
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from core.tasks import clear_expired_sessions

    Session.objects.create(
        session_key="old", session_data="x", expire_date=timezone.now() - timedelta(days=1)
    )
    Session.objects.create(
        session_key="new", session_data="x", expire_date=timezone.now() + timedelta(days=1)
    )

    clear_expired_sessions()

    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]
    assert (
        settings.CELERY_BEAT_SCHEDULE["clear-expired-sessions"]["task"]
        == clear_expired_sessions.name
    )
