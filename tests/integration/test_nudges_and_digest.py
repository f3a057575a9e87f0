"""Nudges and the weekly digest through the real stack: services and beat tasks write outbox
rows, a Celery worker process sends them over SMTP (aiosmtpd), each exactly once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import DigestEmail
from core.outbox import OutboxState
from evaluations import services
from evaluations.enums import VoteKind
from evaluations.models import EvaluationEmail
from evaluations.tasks import send_evaluation_reminders
from networks.tasks import send_weekly_digests
from tests.factories import JoinRequestFactory, MembershipFactory, NetworkFactory, UserFactory
from tests.utils import plain_text, wait_until_sent

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def test_a_vote_mails_each_member_once_then_one_reminder_to_who_did_not_vote(
    celery_worker_process, smtp_server
):
    network = NetworkFactory(member_cap=10, name="Valpreventie")
    members = [
        MembershipFactory(network=network, user=UserFactory(language=language)).user
        for language in ("nl", "en", "en")
    ]

    vote = services.vote_create(
        acting_user=network.created_by,
        network=network,
        kind=VoteKind.TOPICS,
        title="Welke onderwerpen?",
        points=3,
        closes_at=timezone.now() + datetime.timedelta(days=1),
        options=["Valmatten", "Medicatie"],
    )
    opened = smtp_server.wait_for(3)
    assert sorted(tos[0] for tos, _m in opened) == sorted(u.email for u in members)
    english = next(m for tos, m in opened if tos == [members[1].email])
    # An encoded (non-ASCII) header comes back with a leading space: strip it.
    assert english["Subject"].strip() == "Valpreventie: cast your vote on “Welke onderwerpen?”"
    assert f"http://testserver{vote.get_absolute_url()}" in plain_text(english)
    assert {m["Reply-To"] for _tos, m in opened} == {network.created_by.email}

    services.vote_cast(vote=vote, allocation={vote.options.first().pk: 3}, acting_user=members[0])
    send_evaluation_reminders.delay()  # closes within a day: the reminder is due
    send_evaluation_reminders.delay()

    messages = smtp_server.wait_for(6, timeout=10)
    reminders = [m for _tos, m in messages[3:]]
    assert sorted(m["To"] for m in reminders) == sorted(u.email for u in members[1:])
    assert {m["Subject"].strip() for m in reminders} == {
        "Reminder: Valpreventie votes on “Welke onderwerpen?”"
    }
    rows = EvaluationEmail.objects.filter(vote=vote)
    assert wait_until_sent(rows, 5)
    assert sorted(rows.values_list("kind", flat=True)) == ["invitation"] * 3 + ["reminder"] * 2


def test_the_digest_beat_task_twice_sends_one_digest_to_the_facilitator_with_a_task(
    celery_worker_process, smtp_server
):
    """The worker computes the facilitator's tasks with the providers the apps register: the
    pending join request is one ("networks.join_requests")."""
    busy = NetworkFactory(name="Valpreventie", created_by=UserFactory(language="en"))
    JoinRequestFactory(network=busy, user=UserFactory(full_name="Jan Janssens"))

    send_weekly_digests.delay()
    send_weekly_digests.delay()

    messages = smtp_server.wait_for(2, timeout=15)
    assert [tos for tos, _m in messages] == [[busy.created_by.email]]
    [(_tos, message)] = messages
    assert message["Subject"].startswith("Leernet: your week of ")
    body = plain_text(message)
    assert "Valpreventie" in body
    assert "http://testserver" + reverse("accounts:profile") in body
    row = DigestEmail.objects.get()
    assert (row.user, row.state) == (busy.created_by, OutboxState.SENT)
