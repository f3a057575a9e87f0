"""Evaluation invitations and reminders through a real Celery worker and SMTP server."""

import datetime

import pytest
from django.utils import timezone

from core.outbox import OutboxState
from evaluations.models import EvaluationEmail, Questionnaire
from evaluations.tasks import send_evaluation_reminders
from sessions import services as session_services
from sessions.enums import AttendanceStatus
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def test_invitation_to_the_present_then_one_reminder(celery_worker_process, smtp_server):
    network = NetworkFactory(member_cap=10, evaluation_days=1)
    members = [MembershipFactory(network=network, user=UserFactory()).user for _ in range(3)]
    session = SessionFactory(
        network=network,
        number=1,
        title="Valrisico",
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    session_services.attendance_register(
        session=session,
        entries={
            members[0].pk: {"status": AttendanceStatus.PRESENT, "remark": ""},
            members[1].pk: {"status": AttendanceStatus.LATE, "remark": ""},
            members[2].pk: {"status": AttendanceStatus.ABSENT, "remark": ""},
        },
        acting_user=network.created_by,
    )

    session_services.session_mark_held(session=session, acting_user=network.created_by)

    invitations = smtp_server.wait_for(2)
    assert sorted(tos[0] for tos, _m in invitations) == sorted(u.email for u in members[:2])
    assert invitations[0][1]["Subject"] == "Je mening graag: Evaluatie van bijeenkomst 1: Valrisico"
    questionnaire = Questionnaire.objects.get(session=session)
    body = invitations[0][1].get_body(preferencelist=("plain",)).get_content()
    assert f"/evaluations/{questionnaire.pk}/" in body

    send_evaluation_reminders.delay()  # closes within a day: the reminder is due
    send_evaluation_reminders.delay()

    messages = smtp_server.wait_for(5, timeout=10)
    reminders = [m for _tos, m in messages if m["Subject"].startswith("Herinnering")]
    assert sorted(m["To"] for m in reminders) == sorted(u.email for u in members[:2])
    assert {m["Reply-To"] for _tos, m in messages} == {network.created_by.email}
    rows = EvaluationEmail.objects.filter(questionnaire=questionnaire)
    assert sorted(rows.values_list("kind", "state", "attempts")) == [
        ("invitation", OutboxState.SENT, 1),
        ("invitation", OutboxState.SENT, 1),
        ("reminder", OutboxState.SENT, 1),
        ("reminder", OutboxState.SENT, 1),
    ]
