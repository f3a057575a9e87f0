import time

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext


def reads_english(*readers):
    """Each user or network reads English from now on (``language = "en"``, saved), so pages,
    emails and downloads made for them are in English; returns the first. For text asserted in
    the test's own language, the ``in_english`` fixture (tests/conftest.py)."""
    for reader in readers:
        reader.language = "en"
        reader.save(update_fields=["language"])
    return readers[0]


def english_client(client):
    """``client`` with the language cookie set to English (a visitor who chose English)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def count_queries(client, url: str, *, method: str = "get") -> int:
    """How many queries a GET (or ``method``) of ``url`` makes (it must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url)
    assert response.status_code == 200, url
    return len(queries)


def demo_rsvp_link(network) -> str:
    """The one-click RSVP page that a session email gives Lotte (seed_demo) for the network's
    next session she can still answer."""
    from accounts.models import User
    from sessions.models import LearningSession
    from sessions.rsvp_links import rsvp_link_token

    lotte = User.objects.get(email="lotte.maes@leernet.demo")
    upcoming = LearningSession.objects.filter(network=network, status="planned")
    session = next(s for s in upcoming.order_by("starts_at") if s.rsvp_open)
    token = rsvp_link_token(session_id=session.pk, user_id=lotte.pk, answer="attending")
    return f"/sessions/{session.pk}/rsvp/{token}/"


def demo_read_link(network) -> str:
    """The "I have read it" page of the catch-up pack that Lotte (seed_demo), absent at the
    kickoff, gets with its minutes (opening it records nothing)."""
    from accounts.models import User
    from minutes.models import MinutesVersion
    from minutes.read_links import read_link_token

    lotte = User.objects.get(email="lotte.maes@leernet.demo")
    version = MinutesVersion.objects.filter(minutes__session__network=network).latest("pk")
    token = read_link_token(version_id=version.pk, user_id=lotte.pk)
    return f"/sessions/{version.minutes.session_id}/minutes/read/{token}/"


def demo_statement_link(network) -> str:
    """The public verification page of Lotte's (seed_demo) participation statement. The demo
    network has not ended, so the statement is issued through the service while the network is
    marked closed for that moment, then the network's status is put back."""
    from accounts.models import User
    from networks.enums import NetworkStatus
    from networks.models import Network
    from portfolio import services as portfolio_services

    lotte = User.objects.get(email="lotte.maes@leernet.demo")
    status = network.status
    Network.objects.filter(pk=network.pk).update(status=NetworkStatus.CLOSED)
    network.refresh_from_db()
    try:
        statement = portfolio_services.statement_issue(network=network, acting_user=lotte)
    finally:
        Network.objects.filter(pk=network.pk).update(status=status)
        network.refresh_from_db()
    return statement.get_absolute_url()


def wait_until_sent(queryset, count: int | None = None, timeout: float = 30) -> bool:
    """The worker marks an outbox row sent right after the SMTP server accepted it: wait until
    every row of ``queryset`` is sent, or exactly ``count`` of them."""
    from core.outbox import OutboxState

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if count is None and not queryset.exclude(state=OutboxState.SENT).exists():
            return True
        if count is not None and queryset.filter(state=OutboxState.SENT).count() == count:
            return True
        time.sleep(0.1)
    return False


def plain_text(message) -> str:
    """The text/plain part of a parsed email (``email.message.EmailMessage``)."""
    return message.get_body(preferencelist=("plain",)).get_content()


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for ``secret`` (allauth's own HOTP helpers). Near
    the end of a 30-second period it waits for the next one, so the code stays valid for at
    least five seconds (allauth accepts only the current period: MFA_TOTP_TOLERANCE 0)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 5:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def report_download(client, network):
    """The trajectory report as a facilitator gets it (``stored_pdf_download``)."""
    from django.urls import reverse

    return stored_pdf_download(client, reverse("reports:report_pdf", kwargs={"pk": network.pk}))


def get_without_rendering(client, url: str):
    """GET ``url`` of a stored report (pages.reports.views.StoredPdfView); WeasyPrint must not run
    in it. Returns the response and the callbacks it left for after commit (the render task's
    enqueueing)."""
    from unittest import mock

    from django.test import TestCase

    with (
        TestCase.captureOnCommitCallbacks() as callbacks,
        mock.patch("core.pdf.html_to_pdf", side_effect=AssertionError("in the request")),
    ):
        response = client.get(url)
    return response, callbacks


def stored_pdf_download(client, url: str):
    """A report stored per version of its input (pages.reports.views.StoredPdfView) as its reader
    gets it: the first request enqueues its render (run here after commit, as the worker would;
    tasks are eager in tests), the next one downloads the stored PDF."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.get(url)
    return client.get(url)
