import datetime

import pytest
from django.utils import timezone

from minutes import services
from sessions import services as session_services
from sessions.enums import AttendanceStatus
from tests.factories import MembershipFactory, SessionFactory, UserFactory


@pytest.fixture(autouse=True)
def _pdf(require_pdf):
    """Every test here renders PDFs."""


@pytest.fixture
def held(network, member, facilitator):
    """A held session: the fixture member present, one member excused, one absent."""
    excused = MembershipFactory(network=network, user=UserFactory(full_name="Els Excuus")).user
    absent = MembershipFactory(network=network, user=UserFactory(full_name="Bart Afwezig")).user
    session = SessionFactory(
        network=network,
        number=1,
        title="Valrisico inschatten",
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    session_services.attendance_register(
        session=session,
        entries={
            member.pk: {"status": AttendanceStatus.PRESENT, "remark": ""},
            excused.pk: {"status": AttendanceStatus.EXCUSED, "remark": "Ziek"},
            absent.pk: {"status": AttendanceStatus.ABSENT, "remark": ""},
        },
        acting_user=facilitator,
    )
    session_services.session_mark_held(session=session, acting_user=facilitator)
    return session, excused, absent


@pytest.fixture
def minutes(held, facilitator):
    session, _excused, _absent = held
    minutes = services.minutes_get_or_create(session=session, acting_user=facilitator)
    services.minutes_save_draft(
        minutes=minutes,
        data={"summary": "We bespraken **valrisico**.", "agreements": "Valmatten testen."},
        item_notes={},
        actions=[{"what": "Checklist maken", "who": "Lotte", "due": None}],
        acting_user=facilitator,
    )
    return minutes
