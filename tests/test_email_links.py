"""Every kind of email Leernet sends names Leernet, never "example.com", and every link in it
starts with settings.SITE_URL, whatever host the request came in on (allauth's emails too).

Each outbox table's ``build_message`` is rendered for each of its kinds; allauth's signup
confirmation and password reset go through the real views. A new outbox table fails
``test_every_outbox_table_is_covered`` until it is added here.
"""

import datetime
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountEmail, DigestEmail
from core import health, outbox
from core.health import WARNING, Signal
from core.registry import Registry
from core.stored_pdf import PdfState
from evaluations.models import EvaluationEmail, Intake, Questionnaire, Vote
from minutes.models import (
    ActionCheckIn,
    ActionItem,
    CatchUpReminder,
    Minutes,
    MinutesDelivery,
    MinutesVersion,
)
from networks import digest
from networks.enums import NetworkEmailKind
from networks.models import NetworkEmail
from sessions.enums import NotificationKind
from sessions.models import AnnouncementEmail, SessionNotification, Speaker, SpeakerEmail
from tests.factories import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://leernet.test"
LINK = re.compile(r"""https?://[^\s"'<>]+""")
COVERED = {
    NetworkEmail,
    SessionNotification,
    SpeakerEmail,
    AnnouncementEmail,
    EvaluationEmail,
    MinutesDelivery,
    CatchUpReminder,
    ActionCheckIn,
    AccountEmail,
    DigestEmail,
}


def _texts(message) -> list[str]:
    return [str(message.subject), message.body] + [
        content for content, _mimetype in getattr(message, "alternatives", [])
    ]


def _assert_on_site(message, what: str) -> None:
    texts = _texts(message)
    for text in texts:
        assert "example.com" not in text, what
        for link in LINK.findall(text):
            assert link.startswith(SITE + "/"), f"{what}: {link}"
    assert any(LINK.search(text) for text in texts), f"{what} has no link at all"


def test_every_outbox_table_is_covered():
    emails = {model for model in outbox.outbox_models() if issubclass(model, outbox.OutboxMessage)}
    assert emails == COVERED


@pytest.fixture
def world(network, facilitator, member):
    session = SessionFactory(network=network, number=1, title="Valrisico", location="Gent")
    return network, facilitator, member, session


@override_settings(SITE_URL=SITE)
def test_network_emails(world):
    network, facilitator, member, _session = world
    invitation = InvitationFactory(network=network)
    join_request = JoinRequestFactory(network=network)
    rows = [
        NetworkEmail(
            network=network,
            kind=NetworkEmailKind.INVITATION,
            invitation=invitation,
            to_email=invitation.email,
        ),
        NetworkEmail(
            network=network,
            kind=NetworkEmailKind.JOIN_REQUEST,
            join_request=join_request,
            user=facilitator,
            to_email=facilitator.email,
        ),
        NetworkEmail(
            network=network,
            kind=NetworkEmailKind.JOIN_DECISION,
            join_request=join_request,
            user=join_request.user,
            to_email=join_request.user.email,
        ),
        NetworkEmail(
            network=network,
            kind=NetworkEmailKind.PROMOTION,
            membership=network.memberships.get(user=member),
            promoted_at=timezone.now(),
            user=member,
            to_email=member.email,
        ),
    ]
    for row in rows:
        row.save()
        _assert_on_site(row.build_message(), row.kind)


@override_settings(SITE_URL=SITE)
@pytest.mark.parametrize("kind", NotificationKind.values)
def test_session_emails(world, kind):
    network, _facilitator, member, session = world
    row = SessionNotification.objects.create(session=session, user=member, kind=kind)
    message = row.build_message()
    _assert_on_site(message, kind)
    assert message.subject.startswith(f"{network.name}: ")


@override_settings(SITE_URL=SITE)
def test_speaker_email_names_the_network(world):
    network, facilitator, _member, session = world
    speaker = Speaker.objects.create(session=session, name="Gast", topic="Val", email="g@x.org")
    message = SpeakerEmail.objects.create(speaker=speaker).build_message()
    assert network.name in message.subject
    assert message.reply_to == [facilitator.email]
    for text in _texts(message):
        assert "example.com" not in text
        assert all(link.startswith(SITE + "/") for link in LINK.findall(text))


@override_settings(SITE_URL=SITE)
def test_announcement_email_names_the_network_and_replies_to_its_author(world):
    from sessions.services import announcement_send

    network, facilitator, member, _session = world
    announcement = announcement_send(
        network=network, subject="Zaal", body="Zie [de site](/networks/)", acting_user=facilitator
    )
    message = AnnouncementEmail.objects.get(announcement=announcement, user=member).build_message()
    _assert_on_site(message, "announcement")
    assert network.name in message.subject
    assert message.reply_to == [facilitator.email]


@override_settings(SITE_URL=SITE)
def test_evaluation_emails(world):
    network, facilitator, member, _session = world
    closes = timezone.now() + datetime.timedelta(days=7)
    questionnaire = Questionnaire.objects.create(
        network=network, kind="final", title="Eindevaluatie", closes_at=closes
    )
    intake = Intake.objects.create(network=network, deadline=closes)
    vote = Vote.objects.create(
        network=network, kind="topics", title="Onderwerpen", closes_at=closes
    )
    for about in ({"questionnaire": questionnaire}, {"intake": intake}, {"vote": vote}):
        for kind in ("invitation", "reminder"):
            row = EvaluationEmail.objects.create(network=network, user=member, kind=kind, **about)
            message = row.build_message()
            _assert_on_site(message, f"{about} {kind}")
            assert message.reply_to == [facilitator.email]


@override_settings(SITE_URL=SITE)
def test_minutes_email_names_the_network(world):
    network, facilitator, member, session = world
    minutes = Minutes.objects.create(session=session, summary="Verslag")
    version = MinutesVersion.objects.create(
        minutes=minutes, number=1, content={}, pdf=b"%PDF-1.7 test", pdf_state=PdfState.READY
    )
    row = MinutesDelivery.objects.create(version=version, recipient=member)
    message = row.build_message()
    _assert_on_site(message, "minutes")
    assert message.subject.startswith(f"{network.name}: ")
    assert message.reply_to == [facilitator.email]


@override_settings(SITE_URL=SITE)
def test_catch_up_pack_and_its_reminder_link_to_the_site(world):
    """The pack (the minutes email to an absent member) and its reminder: the read link, the
    input form, the next session and its RSVP links all on the site."""
    network, facilitator, member, session = world
    session.starts_at = timezone.now() - datetime.timedelta(days=1)
    session.ends_at = session.starts_at + datetime.timedelta(hours=2)
    session.status = "held"
    session.save()
    SessionFactory(network=network, number=2, title="Volgende")
    minutes = Minutes.objects.create(session=session, summary="Verslag")
    version = MinutesVersion.objects.create(
        minutes=minutes,
        number=1,
        content={"summary": "Verslag", "actions": [{"what": "Doen", "owner": member.pk}]},
        pdf=b"%PDF-1.7 test",
        pdf_state=PdfState.READY,
    )
    pack = MinutesDelivery.objects.create(version=version, recipient=member, was_absent=True)
    reminder = CatchUpReminder.objects.create(version=version, recipient=member)
    for row in (pack, reminder):
        message = row.build_message()
        _assert_on_site(message, row._meta.label)
        assert message.subject.startswith(f"{network.name}: ")
        assert message.reply_to == [facilitator.email]
        text = message.body
        assert f"{SITE}/sessions/{session.pk}/minutes/read/" in text
        assert f"{SITE}/sessions/{session.pk}/minutes/my-input/" in text
        assert "/rsvp/" in text


@override_settings(SITE_URL=SITE)
def test_weekly_digest(world, monkeypatch, on_commit):
    network, facilitator, _member, _session = world

    def warn(*, network):
        yield Signal(
            kind="tests.warn",
            level=WARNING,
            title="Weinig aanwezig",
            detail="3 van 12",
            action_url=reverse("sessions:attendance_overview", kwargs={"pk": network.pk}),
        )

    only_warn = Registry("health providers")
    only_warn.register("tests", warn)
    monkeypatch.setattr(health, "providers", only_warn)
    with on_commit(execute=True):
        digest.digest_send_weekly()

    row = DigestEmail.objects.get(user=facilitator)
    _assert_on_site(row.build_message(), "digest")


@override_settings(SITE_URL=SITE)
def test_allauth_signup_confirmation_and_password_reset(client, on_commit):
    with on_commit(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "full_name": "Nina Nieuw",
                "email": "nina@example.org",
                "password1": "Een-sterk-wachtw00rd",
                "password2": "Een-sterk-wachtw00rd",
            },
        )
    UserFactory(email="bekend@example.org")
    client.logout()
    with on_commit(execute=True):
        client.post(reverse("account_reset_password"), {"email": "bekend@example.org"})

    confirmation, reset = mail.outbox
    for message, path in (
        (confirmation, "/accounts/confirm-email/"),
        (reset, "/accounts/password/reset/key/"),
    ):
        _assert_on_site(message, path)
        assert SITE + path in message.body
        assert "Leernet" in message.body
    assert [row.template_prefix for row in AccountEmail.objects.order_by("pk")] == [
        "account/email/email_confirmation_signup",
        "account/email/password_reset_key",
    ]


def test_the_site_follows_the_default_setting(client, on_commit, settings):
    """Without the override the links start with the configured default (make run's address)."""
    UserFactory(email="bekend@example.org")
    with on_commit(execute=True):
        client.post(reverse("account_reset_password"), {"email": "bekend@example.org"})
    [message] = mail.outbox
    assert settings.SITE_URL + "/accounts/password/reset/key/" in message.body
    assert "example.com" not in message.body


def test_session_email_links_follow_a_changed_site_url(world):
    """`make run PORT=8101` sets SITE_URL: the links follow, RSVP links included."""
    _network, _facilitator, _member, session = world
    other = MembershipFactory(network=session.network).user
    row = SessionNotification.objects.create(session=session, user=other, kind="invitation")
    with override_settings(SITE_URL="http://127.0.0.1:8101"):
        message = row.build_message()
    assert all(link.startswith("http://127.0.0.1:8101/") for link in LINK.findall(message.body))


@override_settings(SITE_URL=SITE)
def test_tryout_checkin_names_the_network(world):
    network, facilitator, member, session = world
    earlier = SessionFactory(
        network=network, number=2, starts_at=session.starts_at - datetime.timedelta(days=30)
    )
    minutes = Minutes.objects.create(session=earlier)
    ActionItem.objects.create(minutes=minutes, what="Checklist uitproberen", owner=member)
    message = ActionCheckIn.objects.create(session=session, owner=member).build_message()
    _assert_on_site(message, "try-out check-in")
    assert message.subject.startswith(f"{network.name}: ")
    assert message.reply_to == [facilitator.email]
    assert "Checklist uitproberen" in message.body
