"""Services take the person who acts (``acting_user``) and check the facilitator rule
themselves; rules that lived in views (attendance + held in one step, the RSVP window) live in
services; each button is its own URL."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from sessions import services
from sessions.enums import AttendanceStatus, RsvpAnswer, SessionStatus
from sessions.models import Attendance, CalendarFeed, PracticeQuestion
from tests.factories import SessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

ONLY_FACILITATORS = "Only the facilitators of this network can do this."


def _past(network):
    return SessionFactory(
        network=network,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )


FACILITATOR_ACTIONS = {
    "session_cancel": lambda s, who: services.session_cancel(session=s, acting_user=who),
    "session_update": lambda s, who: services.session_update(
        session=s, data={"location": "Gent"}, acting_user=who
    ),
    "agenda_item_add": lambda s, who: services.agenda_item_add(
        session=s, data={"title": "Casus", "duration_minutes": 30}, roles={}, acting_user=who
    ),
    "agenda_apply_kickoff_template": lambda s, who: services.agenda_apply_kickoff_template(
        session=s, acting_user=who
    ),
    "speaker_add": lambda s, who: services.speaker_add(
        session=s,
        data={"name": "Griet", "organisation": "", "email": "", "topic": "Val"},
        send_email=False,
        acting_user=who,
    ),
    "attendance_register": lambda s, who: services.attendance_register(
        session=s, entries={}, acting_user=who
    ),
}


@pytest.mark.parametrize("action", sorted(FACILITATOR_ACTIONS))
def test_facilitator_action_by_a_member_is_refused_by_the_service(
    session, member, other_facilitator, action
):
    for who in (member, other_facilitator):
        with pytest.raises(ApplicationError) as error:
            FACILITATOR_ACTIONS[action](session, who)
        assert error.value.message == ONLY_FACILITATORS
    session.refresh_from_db()
    assert (session.status, session.sequence, session.agenda.count()) == (
        SessionStatus.PLANNED,
        0,
        0,
    )


def test_session_create_by_a_member_is_refused(network, member):
    start = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ApplicationError, match=ONLY_FACILITATORS):
        services.session_create(
            network=network,
            data={"title": "x", "starts_at": start, "ends_at": start + datetime.timedelta(hours=1)},
            acting_user=member,
        )
    assert not network.sessions.exists()


def test_practice_question_schedule_by_a_member_is_refused(network, session, member):
    question = services.practice_question_submit(
        network=network, data={"title": "Hoe?"}, acting_user=member
    )
    assert question.author == member

    with pytest.raises(ApplicationError, match=ONLY_FACILITATORS):
        services.practice_question_schedule(question=question, session=session, acting_user=member)
    with pytest.raises(ApplicationError, match=ONLY_FACILITATORS):
        services.practice_question_mark_discussed(question=question, acting_user=member)


def test_practice_question_from_an_outsider_is_refused(network, outsider):
    with pytest.raises(ApplicationError) as error:
        services.practice_question_submit(
            network=network, data={"title": "Hoe?"}, acting_user=outsider
        )
    assert error.value.message == "Only members of this network can submit a question."
    assert not PracticeQuestion.objects.exists()


# Attendance and "held" in one transaction ---------------------------------------------------------


def test_record_attendance_and_mark_held_together(network, member, facilitator):
    past = _past(network)

    services.session_record_attendance(
        session=past,
        entries={member.pk: {"status": AttendanceStatus.EXCUSED, "remark": ""}},
        mark_held=True,
        acting_user=facilitator,
    )

    past.refresh_from_db()
    assert past.is_held
    assert Attendance.objects.get(session=past).status == AttendanceStatus.EXCUSED


def test_record_attendance_keeps_nothing_when_marking_held_is_refused(
    network, session, member, facilitator
):
    with pytest.raises(ApplicationError) as error:
        services.session_record_attendance(
            session=session,  # starts next week: cannot be held yet
            entries={member.pk: {"status": AttendanceStatus.PRESENT, "remark": ""}},
            mark_held=True,
            acting_user=facilitator,
        )

    assert error.value.message == "A session can only be marked as held once it has started."
    assert not Attendance.objects.exists()
    session.refresh_from_db()
    assert session.is_planned


def test_record_attendance_without_mark_held_leaves_the_session_planned(
    network, member, facilitator
):
    past = _past(network)
    services.session_record_attendance(
        session=past,
        entries={member.pk: {"status": AttendanceStatus.PRESENT, "remark": ""}},
        acting_user=facilitator,
    )
    past.refresh_from_db()
    assert (past.is_planned, Attendance.objects.count()) == (True, 1)


def test_attendance_view_with_the_held_button_is_one_transaction(
    client, network, session, member, facilitator
):
    client.force_login(facilitator)
    response = client.post(
        reverse("sessions:attendance_held", kwargs={"pk": session.pk}),
        {f"status_{member.pk}": AttendanceStatus.PRESENT},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [  # the facilitator reads Dutch
        "Een bijeenkomst kan pas als gehouden gemarkeerd worden als ze begonnen is."
    ]
    assert not Attendance.objects.exists()


# The RSVP window -------------------------------------------------------------------------------


def test_rsvp_window_is_the_models_and_the_services(network, session, member, facilitator):
    assert session.rsvp_open
    services.rsvp_set(session=session, data={"answer": RsvpAnswer.ATTENDING}, acting_user=member)

    services.session_cancel(session=session, acting_user=facilitator)
    session.refresh_from_db()

    assert not session.rsvp_open
    with pytest.raises(ApplicationError) as error:
        services.rsvp_set(session=session, data={"answer": RsvpAnswer.MAYBE}, acting_user=member)
    assert error.value.message == "You can no longer answer: this session has started or ended."
    assert not _past(network).rsvp_open


def test_state_properties_answer_for_the_templates(network):
    session = SessionFactory(network=network)
    assert (session.is_planned, session.is_held, session.is_cancelled) == (True, False, False)
    session.status = SessionStatus.HELD
    assert (session.is_planned, session.is_held, session.is_cancelled) == (False, True, False)
    session.status = SessionStatus.CANCELLED
    assert (session.is_planned, session.is_held, session.is_cancelled) == (False, False, True)


# The calendar page: one URL per button ----------------------------------------------------------


def test_calendar_buttons_create_reset_and_revoke_each_at_their_own_url(client, member):
    client.force_login(member)

    client.post(reverse("sessions:calendar_feed_create"))
    first = CalendarFeed.objects.get(user=member, revoked_at__isnull=True)
    page = client.get(reverse("sessions:calendar_settings"))
    assert page.context["feed_url"] == "http://testserver" + reverse(
        "sessions:calendar_feed", kwargs={"token": first.token}
    )

    client.post(reverse("sessions:calendar_feed_reset"))
    second = CalendarFeed.objects.get(user=member, revoked_at__isnull=True)
    assert second.pk != first.pk

    response = client.post(reverse("sessions:calendar_feed_revoke"))
    assert response["Location"] == reverse("sessions:calendar_settings")
    assert not CalendarFeed.objects.filter(user=member, revoked_at__isnull=True).exists()


def test_calendar_settings_page_no_longer_accepts_a_post(client, member):
    client.force_login(member)
    response = client.post(reverse("sessions:calendar_settings"), {"action": "revoke"})
    assert response.status_code == 405
