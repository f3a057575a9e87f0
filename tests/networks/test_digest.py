"""The weekly digest for facilitators (networks/digest.py, rows in accounts.DigestEmail).

Everything here is real state read by the real providers: a facilitator's task is a pending join
request for their network ("networks.join_requests"), a warning is a network with fewer members
than the health threshold ("networks.seats"). The networks of ten members have neither.
"""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.models import DigestEmail
from core.health import health_for
from core.outbox import OutboxState
from core.todo import todos_for
from networks import digest
from networks.enums import NetworkStatus
from networks.models import JoinRequest, Network
from networks.tasks import send_weekly_digests
from tests.factories import JoinRequestFactory, MembershipFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db

# Thursday 3 December 2026, 09:00 in Brussels: the week starts on Monday 30 November.
THURSDAY = datetime.datetime(2026, 12, 3, 8, 0, tzinfo=datetime.UTC)
MONDAY = datetime.date(2026, 11, 30)


def _network(name: str, members: int) -> Network:
    network = NetworkFactory(name=name, created_by=UserFactory(language="en"))
    for _ in range(members):
        MembershipFactory(network=network)
    return network


@pytest.fixture
def facilitators(db):
    """Two facilitators of healthy networks (ten members); only the first has a pending join
    request, so only the first has something due."""
    busy = _network("Valpreventie", members=10)
    quiet = _network("Wondzorg", members=10)
    JoinRequestFactory(network=busy, user=UserFactory(full_name="Jan Janssens"))
    assert [s for s in health_for(network=busy) + health_for(network=quiet) if s.is_warning] == []
    # Only the method's next step (reports.method), which the digest leaves out.
    assert [t for t in todos_for(user=quiet.created_by) if t.in_digest] == []
    return busy.created_by, quiet.created_by


@pytest.fixture
def thin(db):
    """A third facilitator, with no task but a real warning: a network of three members."""
    network = _network("Thuiszorg", members=3)
    assert [t for t in todos_for(user=network.created_by) if t.in_digest] == []
    return network


def _recipients():
    return [message.to[0] for message in mail.outbox]


def test_week_start_is_the_monday_in_brussels():
    assert digest.week_start(THURSDAY) == MONDAY
    # Sunday 23:30 UTC is already Monday 00:30 in Brussels: a new week.
    sunday_night = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)
    assert digest.week_start(sunday_night) == datetime.date(2026, 12, 7)


def test_nothing_is_sent_when_no_task_and_no_warning_is_due(facilitators, on_commit):
    JoinRequest.objects.all().delete()
    with on_commit(execute=True):
        assert digest.digest_send_weekly(now=THURSDAY) == 0

    assert mail.outbox == []
    assert not DigestEmail.objects.exists()


def test_twice_in_one_week_sends_one_digest_per_facilitator_with_tasks(facilitators, on_commit):
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


def test_next_week_sends_again(facilitators, on_commit):
    busy, _quiet = facilitators
    with on_commit(execute=True):
        digest.digest_send_weekly(now=THURSDAY)
    with on_commit(execute=True):
        digest.digest_send_weekly(now=THURSDAY + datetime.timedelta(days=7))

    assert sorted(DigestEmail.objects.values_list("user", "week_start")) == [
        (busy.pk, MONDAY),
        (busy.pk, MONDAY + datetime.timedelta(days=7)),
    ]


def test_no_digest_when_the_facilitator_turned_it_off(facilitators, on_commit):
    busy, _quiet = facilitators
    busy.weekly_digest = False
    busy.save(update_fields=["weekly_digest"])
    with on_commit(execute=True):
        assert digest.digest_send_weekly(now=THURSDAY) == 0
    assert mail.outbox == []


def test_no_digest_to_an_unverified_address(facilitators, on_commit):
    busy, _quiet = facilitators
    EmailAddress.objects.filter(user=busy).update(verified=False)
    with on_commit(execute=True):
        assert digest.digest_send_weekly(now=THURSDAY) == 0
    assert mail.outbox == []


def test_warnings_alone_send_a_digest_in_the_users_language(facilitators, thin, on_commit):
    _busy, quiet = facilitators
    with translation.override("en"):
        warning = next(signal for signal in health_for(network=thin) if signal.is_warning)

    with on_commit(execute=True):
        digest.digest_send_weekly(now=THURSDAY)

    assert quiet.email not in _recipients()
    message = next(m for m in mail.outbox if m.to == [thin.created_by.email])
    action_url = settings.SITE_URL + warning.action_url
    assert f"Thuiszorg\n- {warning.title}: {warning.detail}\n  {action_url}\n" in message.body
    html = message.alternatives[0][0]
    assert f'<a href="{action_url}">{warning.action_label}</a>' in html
    assert message.reply_to == []  # to the facilitator themselves: no one to reply to


def test_settings_off_and_unverified_hold_for_warnings_too(thin, on_commit):
    facilitator = thin.created_by
    facilitator.weekly_digest = False
    facilitator.save(update_fields=["weekly_digest"])
    with on_commit(execute=True):
        assert digest.digest_send_weekly(now=THURSDAY) == 0

    facilitator.weekly_digest = True
    facilitator.save(update_fields=["weekly_digest"])
    EmailAddress.objects.filter(user=facilitator).update(verified=False)
    with on_commit(execute=True):
        assert digest.digest_send_weekly(now=THURSDAY) == 0
    assert mail.outbox == []


def test_a_closed_network_raises_no_warning(thin, on_commit):
    Network.objects.filter(pk=thin.pk).update(status=NetworkStatus.CLOSED)

    with on_commit(execute=True):
        digest.digest_send_weekly(now=THURSDAY)

    assert thin.created_by.email not in _recipients()


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
