"""Outbox case of the evaluations app: the invitation to a session evaluation."""

import datetime

from django.utils import timezone

from evaluations.models import EvaluationEmail
from sessions import services as session_services
from sessions.enums import AttendanceStatus
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.integration.outbox_cases import case


@case("evaluations.EvaluationEmail")
def evaluation_invitation():
    """Marking held a session that its one member attended opens the evaluation: one invitation."""
    network = NetworkFactory(member_cap=10)
    member = MembershipFactory(network=network, user=UserFactory()).user
    session = SessionFactory(
        network=network,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    session_services.attendance_register(
        session=session,
        entries={member.pk: {"status": AttendanceStatus.PRESENT, "remark": ""}},
        acting_user=network.created_by,
    )
    session_services.session_mark_held(session=session, acting_user=network.created_by)
    return EvaluationEmail.objects.get(questionnaire__session=session), member.email
