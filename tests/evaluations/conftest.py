import datetime

import pytest
from django.utils import timezone

from sessions import services as session_services
from sessions.enums import AttendanceStatus
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory


@pytest.fixture
def group(facilitator):
    """A network of six members; a held session where five were present and one absent."""
    network = NetworkFactory(created_by=facilitator, member_cap=10)
    members = [
        MembershipFactory(network=network, user=UserFactory(full_name=f"Lid {i}")).user
        for i in range(6)
    ]
    session = SessionFactory(
        network=network,
        number=1,
        title="Valrisico",
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    statuses = [AttendanceStatus.PRESENT] * 4 + [AttendanceStatus.LATE, AttendanceStatus.ABSENT]
    session_services.attendance_register(
        session=session,
        entries={m.pk: {"status": s, "remark": ""} for m, s in zip(members, statuses, strict=True)},
        acting_user=facilitator,
    )
    return network, session, members


@pytest.fixture
def evaluation(group, facilitator):
    """The session evaluation, opened by marking the session held."""
    _network, session, _members = group
    session_services.session_mark_held(session=session, acting_user=facilitator)
    session.refresh_from_db()
    return session.evaluation
