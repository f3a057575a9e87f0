"""Reminders through the real stack: the beat task, run twice by a real worker, sends exactly one
reminder per member over SMTP."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from core.outbox import OutboxState
from sessions.enums import NotificationKind
from sessions.models import SessionNotification
from sessions.tasks import send_due_reminders
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def test_beat_task_twice_sends_one_reminder_per_member(celery_worker_process, smtp_server):
    network = NetworkFactory(member_cap=10, reminder_days=2)
    members = [
        MembershipFactory(network=network, user=UserFactory(language=lang)).user
        for lang in ["nl", "nl", "en"]
    ]
    soon = SessionFactory(
        network=network,
        title="Valrisico inschatten",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        ends_at=timezone.now() + datetime.timedelta(days=1, hours=3),
    )
    SessionFactory(
        network=network,
        starts_at=timezone.now() + datetime.timedelta(days=9),
        ends_at=timezone.now() + datetime.timedelta(days=9, hours=3),
    )

    send_due_reminders.delay()
    smtp_server.wait_for(len(members))
    send_due_reminders.delay()

    messages = smtp_server.wait_for(len(members) + 1, timeout=8)
    assert sorted(tos[0] for tos, _m in messages) == sorted(m.email for m in members)
    subjects = sorted(message["Subject"] for _tos, message in messages)
    assert subjects[0].startswith(f"{network.name}: Herinnering: Valrisico inschatten")
    assert subjects[-1].startswith(f"{network.name}: Reminder: Valrisico inschatten")
    ics = next(part for part in messages[0][1].iter_attachments())
    assert ics.get_content_type() == "text/calendar"
    [event] = Calendar.from_ical(ics.get_content()).walk("VEVENT")
    assert str(event["UID"]) == f"{soon.uid}@leernet"
    rows = SessionNotification.objects.filter(kind=NotificationKind.REMINDER)
    assert list(rows.values_list("state", flat=True).distinct()) == [OutboxState.SENT]
    assert rows.count() == len(members)
    row = rows.get(user=members[0])
    message = next(m for tos, m in messages if tos == [members[0].email])
    assert message["Message-ID"] == f"<session-{row.pk}-reminder@leernet>"
    assert message["Reply-To"] == network.created_by.email
