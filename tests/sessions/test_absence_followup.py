"""'Get in touch' with a member absent twice in a row: the facilitator notes it on the attendance
overview and the task ends, until the member misses again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.todo import todos_for
from sessions import services
from sessions.enums import AttendanceStatus
from sessions.models import AbsenceFollowUp
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _held(network, facilitator, member, status, weeks_ago):
    start = timezone.now() - datetime.timedelta(weeks=weeks_ago)
    session = SessionFactory(
        network=network, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    services.session_record_attendance(
        session=session,
        entries={member.pk: {"status": status, "remark": ""}},
        mark_held=True,
        acting_user=facilitator,
    )
    return session


def _contact_tasks(user):
    return [task for task in todos_for(user=user) if task.kind == "sessions.repeated_absence"]


def test_noting_the_contact_ends_the_task_until_the_next_absence(
    client, network, member, facilitator
):
    _held(network, facilitator, member, AttendanceStatus.ABSENT, weeks_ago=4)
    _held(network, facilitator, member, AttendanceStatus.EXCUSED, weeks_ago=2)
    assert len(_contact_tasks(facilitator)) == 1
    client.force_login(facilitator)
    overview = client.get(reverse("sessions:attendance_overview", args=[network.pk]))
    url = reverse("sessions:absence_followup", args=[network.pk, member.pk])
    assert url in overview.content.decode()
    assert f"mailto:{member.email}" in overview.content.decode()

    response = client.post(url)

    assert response.status_code == 302
    assert _contact_tasks(facilitator) == []
    assert AbsenceFollowUp.objects.get().noted_by == facilitator
    again = client.get(reverse("sessions:attendance_overview", args=[network.pk]))
    assert url not in again.content.decode()

    _held(network, facilitator, member, AttendanceStatus.ABSENT, weeks_ago=1)
    assert len(_contact_tasks(facilitator)) == 1  # missed once more: get in touch again


def test_noting_a_member_who_was_not_absent_is_refused(client, network, member, facilitator):
    facilitator.language = "en"
    facilitator.save(update_fields=["language"])
    _held(network, facilitator, member, AttendanceStatus.PRESENT, weeks_ago=2)
    client.force_login(facilitator)

    response = client.post(
        reverse("sessions:absence_followup", args=[network.pk, member.pk]), follow=True
    )

    assert "This member was not absent several times in a row." in response.content.decode()
    assert not AbsenceFollowUp.objects.exists()


def test_only_the_networks_facilitators_may_note_it(client, network, member, other_facilitator):
    client.force_login(other_facilitator)

    response = client.post(reverse("sessions:absence_followup", args=[network.pk, member.pk]))

    assert response.status_code == 404
    assert not AbsenceFollowUp.objects.exists()
