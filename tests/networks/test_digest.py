"""The weekly digest for facilitators (networks/digest.py, rows in accounts.DigestEmail).

A facilitator's real task in these tests is a pending join request for their network, which the
networks task provider (networks/todo.py, "networks.join_request") reports: the tests that need it
are marked in their docstring and pass once that provider is merged.
"""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import DigestEmail
from core import health, todo
from core.health import WARNING, Signal
from core.outbox import OutboxState
from networks import digest
from networks.enums import NetworkStatus
from networks.models import Network
from networks.tasks import send_weekly_digests
from tests.factories import JoinRequestFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db

# Thursday 3 December 2026, 09:00 in Brussels: the week starts on Monday 30 November.
THURSDAY = datetime.datetime(2026, 12, 3, 8, 0, tzinfo=datetime.UTC)
MONDAY = datetime.date(2026, 11, 30)


@pytest.fixture
def facilitators(db):
    """Two facilitators, each of an open network; only the first has a pending join request."""
    busy = NetworkFactory(name="Valpreventie", created_by=UserFactory(language="en"))
    quiet = NetworkFactory(name="Wondzorg", created_by=UserFactory(language="en"))
    JoinRequestFactory(network=busy, user=UserFactory(full_name="Jan Janssens"))
    return busy.created_by, quiet.created_by


@pytest.fixture
def no_warnings(monkeypatch):
    """Tasks only: whatever health signals the apps register, none here (a quiet network's
    warnings would otherwise send its facilitator a digest, which is not what these tests ask)."""
    monkeypatch.setattr(health, "_providers", [])


@pytest.fixture
def no_signals(monkeypatch):
    """No task or health provider at all: whatever the apps register, nothing is due."""
    monkeypatch.setattr(todo, "_providers", [])
    monkeypatch.setattr(health, "_providers", [])


@pytest.fixture
def warning_for(monkeypatch):
    """A health provider that warns about the networks named in the returned set."""
    names: set[str] = set()

    def provider(*, network):
        if network.name in names:
            yield Signal(
                kind="tests.quiet",
                level=WARNING,
                title="Nobody answered",
                detail="0 of 12 members answered",
                action_url=reverse("networks:detail", kwargs={"pk": network.pk}),
                action_label="Open the network",
            )

    monkeypatch.setattr(health, "_providers", [*health._providers, provider])
    return names


def test_week_start_is_the_monday_in_brussels():
    assert digest.week_start(THURSDAY) == MONDAY
    # Sunday 23:30 UTC is already Monday 00:30 in Brussels: a new week.
    sunday_night = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)
    assert digest.week_start(sunday_night) == datetime.date(2026, 12, 7)


def test_nothing_is_sent_when_no_task_and_no_warning_is_due(facilitators, no_signals, on_commit):
    """Passes before the task providers are merged too: the digest itself adds nothing."""
    with on_commit(execute=True):
        assert digest.digest_send_weekly(now=THURSDAY) == 0

    assert mail.outbox == []
    assert not DigestEmail.objects.exists()


def test_twice_in_one_week_sends_one_digest_per_facilitator_with_tasks(
    facilitators, no_warnings, on_commit
):
    """Needs the networks task provider ("networks.join_request")."""
    busy, quiet = facilitators

    with on_commit(execute=True):
        first = digest.digest_send_weekly(now=THURSDAY)
    with on_commit(execute=True):
        again = digest.digest_send_weekly(now=THURSDAY + datetime.timedelta(days=1))

    assert (first, again) == (1, 0)
    assert [m.to for m in mail.outbox] == [[busy.email]]
    row = DigestEmail.objects.get()
    assert (row.user, row.week_start, row.state) == (busy, MONDAY, OutboxState.SENT)
    message = mail.outbox[0]
    assert message.subject == "Leernet: your week of 30 Nov 2026"
    assert "Valpreventie" in message.body
    assert settings.SITE_URL + reverse("accounts:profile") in message.body


def test_next_week_sends_again(facilitators, no_warnings, on_commit):
    """Needs the networks task provider ("networks.join_request")."""
    busy, _quiet = facilitators
    with on_commit(execute=True):
        digest.digest_send_weekly(now=THURSDAY)
    with on_commit(execute=True):
        digest.digest_send_weekly(now=THURSDAY + datetime.timedelta(days=7))

    assert sorted(DigestEmail.objects.values_list("user", "week_start")) == [
        (busy.pk, MONDAY),
        (busy.pk, MONDAY + datetime.timedelta(days=7)),
    ]


def test_no_digest_when_the_facilitator_turned_it_off(facilitators, no_warnings, on_commit):
    """Needs the networks task provider to prove anything: without it nothing is due anyway."""
    busy, _quiet = facilitators
    busy.weekly_digest = False
    busy.save(update_fields=["weekly_digest"])
    with on_commit(execute=True):
        assert digest.digest_send_weekly(now=THURSDAY) == 0
    assert mail.outbox == []


def test_no_digest_to_an_unverified_address(facilitators, no_warnings, on_commit):
    """Needs the networks task provider to prove anything: without it nothing is due anyway."""
    busy, _quiet = facilitators
    EmailAddress.objects.filter(user=busy).update(verified=False)
    with on_commit(execute=True):
        assert digest.digest_send_weekly(now=THURSDAY) == 0
    assert mail.outbox == []


def test_warnings_alone_send_a_digest_in_the_users_language(facilitators, warning_for, on_commit):
    _busy, quiet = facilitators
    warning_for.add("Wondzorg")
    network = Network.objects.get(name="Wondzorg")

    with on_commit(execute=True):
        digest.digest_send_weekly(now=THURSDAY)

    message = next(m for m in mail.outbox if m.to == [quiet.email])
    network_url = settings.SITE_URL + reverse("networks:detail", kwargs={"pk": network.pk})
    assert f"Wondzorg\n- Nobody answered: 0 of 12 members answered\n  {network_url}\n" in (
        message.body
    )
    html = message.alternatives[0][0]
    assert f'<a href="{network_url}">Open the network</a>' in html
    assert message.reply_to == []  # to the facilitator themselves: no one to reply to


def test_settings_off_and_unverified_hold_for_warnings_too(facilitators, warning_for, on_commit):
    busy, quiet = facilitators
    warning_for.update({"Valpreventie", "Wondzorg"})
    busy.weekly_digest = False
    busy.save(update_fields=["weekly_digest"])
    EmailAddress.objects.filter(user=quiet).update(verified=False)

    with on_commit(execute=True):
        assert digest.digest_send_weekly(now=THURSDAY) == 0
    assert mail.outbox == []


def test_a_closed_network_raises_no_warning(facilitators, warning_for, on_commit):
    _busy, quiet = facilitators
    warning_for.add("Wondzorg")
    Network.objects.filter(name="Wondzorg").update(status=NetworkStatus.CLOSED)

    with on_commit(execute=True):
        digest.digest_send_weekly(now=THURSDAY)

    assert quiet.email not in [m.to[0] for m in mail.outbox]


def test_the_beat_task_is_scheduled_monday_at_eight_in_brussels():
    entry = settings.CELERY_BEAT_SCHEDULE["weekly-digest"]
    assert entry["task"] == send_weekly_digests.name
    schedule = entry["schedule"]
    assert (schedule.hour, schedule.minute, schedule.day_of_week) == ({8}, {0}, {1})
    assert settings.CELERY_TIMEZONE == "Europe/Brussels"


def test_the_profile_turns_the_digest_off(client):
    user = UserFactory()
    client.force_login(user)
    data = {"full_name": user.full_name, "language": "en", "organisation": "", "job_function": ""}

    page = client.get(reverse("accounts:profile"))
    client.post(reverse("accounts:profile"), data)

    assert 'name="weekly_digest"' in page.content.decode()
    user.refresh_from_db()
    assert user.weekly_digest is False
    client.post(reverse("accounts:profile"), {**data, "weekly_digest": "on"})
    user.refresh_from_db()
    assert user.weekly_digest is True


def test_the_digest_is_on_by_default():
    assert UserFactory.build().weekly_digest is True
