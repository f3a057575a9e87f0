"""allauth's emails go through the outbox: ``AccountAdapter.send_mail`` stores the rendered email
as one ``AccountEmail`` row, and core/outbox.py sends it after commit."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import AccountEmail, User
from core import outbox
from core.outbox import OutboxState
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _label(row) -> str:
    """A request through the test client activates the site's language: read the label in
    English afterwards."""
    with translation.override("en"):
        return row.kind_label


SIGNUP = {
    "full_name": "Nina Nieuw",
    "email": "nina@example.org",
    "password1": "Een-sterk-wachtw00rd",
    "password2": "Een-sterk-wachtw00rd",
}


def test_signup_stores_the_rendered_confirmation_and_sends_it_after_commit(client, on_commit):
    with on_commit() as callbacks:
        client.post(reverse("account_signup"), SIGNUP)

    row = AccountEmail.objects.get()
    assert mail.outbox == []  # nothing leaves before the signup is committed
    assert len(callbacks) == 1
    assert (row.state, row.attempts, row.to_email, row.user) == (
        OutboxState.PENDING,
        0,
        "nina@example.org",
        User.objects.get(email="nina@example.org"),
    )
    assert row.template_prefix == "account/email/email_confirmation_signup"
    assert row.subject.startswith("[Leernet] ")
    assert re.search(re.escape(settings.SITE_URL) + r"/accounts/confirm-email/\S+/", row.text_body)
    assert row.html_body == ""  # allauth's emails are text only
    assert _label(row) == "Email to confirm an address"

    callbacks[0]()  # the commit: the (eager) task sends the row

    row.refresh_from_db()
    [message] = mail.outbox
    assert (row.state, row.attempts) == (OutboxState.SENT, 1)
    assert message.to == ["nina@example.org"]
    assert (message.subject, message.body) == (row.subject, row.text_body)
    assert message.alternatives == []
    assert message.extra_headers["Message-ID"] == f"<accounts.accountemail-{row.pk}@leernet>"


def test_the_stored_email_is_sent_as_stored_not_rendered_again(on_commit):
    row = AccountEmail.objects.create(
        template_prefix="account/email/password_reset_key",
        to_email="jan@example.org",
        subject="[Leernet] Wachtwoord opnieuw instellen",
        text_body="Open https://x.test/reset/abc/ & kies een nieuw wachtwoord.",
        html_body="<p>Open &amp; kies</p>",
    )

    assert outbox.deliver(AccountEmail, row.pk) == "sent"

    [message] = mail.outbox
    assert message.subject == "[Leernet] Wachtwoord opnieuw instellen"
    assert message.body == "Open https://x.test/reset/abc/ & kies een nieuw wachtwoord."
    assert message.alternatives == [("<p>Open &amp; kies</p>", "text/html")]
    assert _label(row) == "Email to reset the password"


def test_password_reset_stores_one_row_per_request_with_the_account(client, on_commit):
    user = UserFactory(email="bekend@example.org")

    with on_commit(execute=True):
        client.post(reverse("account_reset_password"), {"email": "bekend@example.org"})
        client.post(reverse("account_reset_password"), {"email": "onbekend@example.org"})

    known, unknown = AccountEmail.objects.order_by("pk")
    assert (known.template_prefix, known.user, known.state) == (
        "account/email/password_reset_key",
        user,
        OutboxState.SENT,
    )
    assert re.search(
        re.escape(settings.SITE_URL) + r"/accounts/password/reset/key/\S+/", known.text_body
    )
    assert (unknown.template_prefix, unknown.user, unknown.to_email) == (
        "account/email/unknown_account",
        None,
        "onbekend@example.org",
    )
    assert _label(unknown) == "Other account email"
    assert sorted(m.to[0] for m in mail.outbox) == ["bekend@example.org", "onbekend@example.org"]


def test_sweep_sends_an_account_email_whose_task_was_lost():
    """An account email belongs to no network (``network_path`` is empty); the one sweep of every
    outbox table picks it up all the same."""
    row = AccountEmail.objects.create(
        template_prefix="account/email/unknown_account",
        to_email="x@example.org",
        subject="[Leernet] Onbekend account",
        text_body="Er is geen account met dit adres.",
        created_at=timezone.now() - datetime.timedelta(minutes=5),
    )

    assert AccountEmail.network_path == ""
    assert outbox.sweep() == 1  # the (eager) task runs at once

    row.refresh_from_db()
    assert row.state == OutboxState.SENT
    assert [m.to for m in mail.outbox] == [["x@example.org"]]


def test_admin_shows_account_emails_read_only_without_their_bodies(admin_client):
    from accounts.models import AccountEmail

    row = AccountEmail.objects.create(
        template_prefix="account/email/password_reset_key",
        to_email="x@example.org",
        subject="Reset",
        text_body="https://secret-link",
    )

    page = admin_client.get(f"/admin/accounts/accountemail/{row.pk}/change/")

    assert page.status_code == 200
    assert "secret-link" not in page.content.decode()
    assert admin_client.get("/admin/accounts/accountemail/add/").status_code == 403
