import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from core import outbox
from core.errors import ApplicationError
from core.outbox import OutboxState
from sessions import selectors, services
from sessions.enums import (
    AgendaRole,
    AttendanceStatus,
    NotificationKind,
    QuestionStatus,
    RsvpAnswer,
    SessionKind,
    SessionStatus,
)
from sessions.models import AgendaItem, Attendance, SessionNotification, SpeakerEmail, WorkForm
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def _times(days=7, hour=13, hours=3):
    start = datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=days), datetime.time(hour), tzinfo=BRUSSELS
    )
    return {"starts_at": start, "ends_at": start + datetime.timedelta(hours=hours)}


def _data(**overrides):
    return {
        "title": "Kennismaking",
        "kind": SessionKind.REGULAR,
        "location": "Brugge",
        "online_url": "",
        "description": "",
        **_times(),
        **overrides,
    }


def test_catalogue_has_at_least_15_work_forms_complete_in_both_languages():
    catalogue = WorkForm.objects.filter(network__isnull=True)

    assert catalogue.count() >= 15
    for work_form in catalogue:
        for field in ("name", "purpose", "steps", "roles", "materials"):
            assert getattr(work_form, f"{field}_nl"), (work_form.slug, field)
            assert getattr(work_form, f"{field}_en"), (work_form.slug, field)
        assert work_form.name_nl != work_form.name_en or work_form.slug in {
            "fishbowl",
            "open-space",
            "brainstorm",
            "pecha-kucha",
        }


def test_work_form_shows_the_active_language():
    roddel = WorkForm.objects.get(slug="roddelmethode")

    with translation.override("nl"):
        assert roddel.name == "Roddelmethode"
    with translation.override("en"):
        assert roddel.name == "Gossip method"


def _period_around_today(network):
    """The network runs now, so sessions a week or two ahead are inside its period."""
    network.start_date = timezone.localdate() - datetime.timedelta(days=30)
    network.end_date = timezone.localdate() + datetime.timedelta(days=300)
    network.save(update_fields=["start_date", "end_date"])
    return network


def test_session_create_numbers_the_series_and_invites_members(
    network, members, on_commit, facilitator
):
    _period_around_today(network)
    with on_commit(execute=True):
        first, warnings = services.session_create(
            network=network, data=_data(), acting_user=facilitator
        )
        second, _w = services.session_create(
            network=network, data=_data(**_times(days=14)), acting_user=facilitator
        )

    assert (first.number, second.number) == (1, 2)
    assert warnings == []
    invited = sorted(m.to[0] for m in mail.outbox)
    assert invited == sorted([u.email for u in members] * 2)
    message = mail.outbox[0]
    assert message.attachments[0][0] == "leernet.ics"
    assert message.attachments[0][2] == "text/calendar"


def test_kickoff_starts_from_the_suggested_agenda(network, facilitator):
    session, _w = services.session_create(
        network=network, data=_data(kind=SessionKind.KICKOFF), acting_user=facilitator
    )

    titles = list(session.agenda.values_list("title", flat=True))
    assert titles == [
        "Welkom en doel van het netwerk",
        "Kennismaking",
        "Verwachtingen",
        "Leerdoelen",
        "Afspraken",
    ]
    assert session.agenda.get(position=2).work_form.slug == "kennismakingsronde"


def test_session_end_before_start_is_refused(network, facilitator):
    times = _times()
    with pytest.raises(ValidationError):
        services.session_create(
            network=network,
            data=_data(starts_at=times["ends_at"], ends_at=times["starts_at"]),
            acting_user=facilitator,
        )
    assert not network.sessions.exists()


def test_overlapping_session_gives_a_warning(network, facilitator):
    _period_around_today(network)
    services.session_create(network=network, data=_data(title="Eerste"), acting_user=facilitator)

    _session, warnings = services.session_create(
        network=network, data=_data(title="Tweede"), acting_user=facilitator
    )

    assert warnings == ["This session overlaps with session 1 (Eerste)."]


OUTSIDE = (
    "This session is outside the network's period (1 Jan 2027 to 31 Dec 2027). Check the date, "
    "or change the period in the network's settings."
)


@pytest.mark.parametrize(
    ("day", "outside"),
    [
        (datetime.date(2026, 12, 31), True),  # the day before the start
        (datetime.date(2027, 1, 1), False),  # the first day
        (datetime.date(2027, 12, 31), False),  # the last day
        (datetime.date(2028, 1, 1), True),  # the day after the end
    ],
)
def test_a_session_outside_the_networks_period_is_planned_with_a_warning(
    network, facilitator, day, outside
):
    assert (network.start_date, network.end_date) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 12, 31),
    )
    start = datetime.datetime.combine(day, datetime.time(13), tzinfo=BRUSSELS)

    with translation.override("en"):
        session, warnings = services.session_create(
            network=network,
            data=_data(starts_at=start, ends_at=start + datetime.timedelta(hours=3)),
            acting_user=facilitator,
        )

    assert session.pk is not None  # planned all the same
    assert warnings == ([OUTSIDE] if outside else [])


def test_a_session_moved_outside_the_period_gets_the_warning(network, facilitator):
    start = datetime.datetime.combine(datetime.date(2027, 3, 2), datetime.time(13), tzinfo=BRUSSELS)
    session, _w = services.session_create(
        network=network,
        data=_data(starts_at=start, ends_at=start + datetime.timedelta(hours=3)),
        acting_user=facilitator,
    )
    later = start.replace(year=2028)

    with translation.override("en"):
        moved, warnings = services.session_update(
            session=session,
            data={"starts_at": later, "ends_at": later + datetime.timedelta(hours=3)},
            acting_user=facilitator,
        )

    assert moved.starts_at == later
    assert warnings == [OUTSIDE]


def test_update_raises_sequence_and_mails_only_when_time_or_place_changes(
    session, members, on_commit, facilitator
):
    with on_commit(execute=True):
        services.session_update(
            session=session,
            data={
                "title": "Nieuwe titel",
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
            },
            acting_user=facilitator,
        )
    session.refresh_from_db()
    assert session.sequence == 1
    assert mail.outbox == []

    with on_commit(execute=True):
        moved, _w = services.session_update(
            session=session,
            data={"location": "Gent", "starts_at": session.starts_at},
            acting_user=facilitator,
        )

    assert moved.sequence == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members)
    assert mail.outbox[0].subject.startswith(f"{session.network.name}: Gewijzigd:")


def test_cancel_marks_cancelled_and_notifies(session, members, on_commit, facilitator):
    with on_commit(execute=True):
        services.session_cancel(session=session, acting_user=facilitator)

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert session.sequence == 1
    assert len(mail.outbox) == len(members)
    assert mail.outbox[0].subject.startswith(f"{session.network.name}: Geannuleerd:")
    with pytest.raises(ApplicationError, match="Only a planned session"):
        services.session_cancel(session=session, acting_user=facilitator)


def test_agenda_roles_only_for_members(session, members, outsider, facilitator):
    with pytest.raises(ApplicationError, match="is not a member"):
        services.agenda_item_add(
            session=session,
            data={"title": "Casus", "duration_minutes": 30},
            roles={AgendaRole.CASE_OWNER: outsider},
            acting_user=facilitator,
        )
    assert not session.agenda.exists()

    item = services.agenda_item_add(
        session=session,
        data={"title": "Casus", "duration_minutes": 30},
        roles={AgendaRole.CASE_OWNER: members[0], AgendaRole.TIMEKEEPER: members[1]},
        acting_user=facilitator,
    )
    assert {(r.role, r.user) for r in item.roles.all()} == {
        (AgendaRole.CASE_OWNER, members[0]),
        (AgendaRole.TIMEKEEPER, members[1]),
    }


def test_agenda_refuses_another_networks_work_form(session, facilitator):
    elsewhere = NetworkFactory()
    foreign = services.work_form_create(
        network=elsewhere,
        data={
            "name": "Geheim",
            "purpose": "x",
            "steps": "x",
            "roles": "",
            "materials": "",
            "min_group": 3,
            "max_group": 8,
            "duration_minutes": 20,
        },
        acting_user=elsewhere.created_by,
    )

    with pytest.raises(ApplicationError, match="another network"):
        services.agenda_item_add(
            session=session,
            data={"title": "x", "duration_minutes": 10, "work_form": foreign},
            roles={},
            acting_user=facilitator,
        )


def test_agenda_reorder_and_length_warning(session, members, facilitator):
    for title in ["A", "B", "C"]:
        services.agenda_item_add(
            session=session,
            data={"title": title, "duration_minutes": 70},
            roles={},
            acting_user=facilitator,
        )
    c = session.agenda.get(title="C")

    services.agenda_item_move(item=c, up=True, acting_user=facilitator)

    assert list(session.agenda.values_list("title", flat=True)) == ["A", "C", "B"]
    detail = selectors.session_detail(session=session, user=members[0])
    assert (detail["agenda_minutes"], detail["agenda_too_long"]) == (210, True)


def test_practice_question_scheduled_keeps_anonymity(network, session, members, facilitator):
    open_question = services.practice_question_submit(
        network=network,
        acting_user=members[0],
        data={"title": "Wie?", "context": "", "name_for_facilitator_only": False},
    )
    private = services.practice_question_submit(
        network=network,
        acting_user=members[1],
        data={"title": "Gevoelig", "context": "", "name_for_facilitator_only": True},
    )

    public_item = services.practice_question_schedule(
        question=open_question, session=session, acting_user=facilitator
    )
    private_item = services.practice_question_schedule(
        question=private, session=session, acting_user=facilitator
    )

    assert [r.user for r in public_item.roles.all()] == [members[0]]
    assert list(private_item.roles.all()) == []
    private.refresh_from_db()
    assert private.status == QuestionStatus.SCHEDULED
    with pytest.raises(ApplicationError, match="already been scheduled"):
        services.practice_question_schedule(
            question=private, session=session, acting_user=facilitator
        )
    services.practice_question_mark_discussed(question=private, acting_user=facilitator)
    private.refresh_from_db()
    assert private.status == QuestionStatus.DISCUSSED


def test_rsvp_not_attending_keeps_apology_and_input(session, members):
    rsvp = services.rsvp_set(
        session=session,
        acting_user=members[0],
        data={
            "answer": RsvpAnswer.NOT_ATTENDING,
            "apology": "Dienst",
            "input_for_group": "Vraag over valmatten",
        },
    )

    assert (rsvp.apology, rsvp.input_for_group) == ("Dienst", "Vraag over valmatten")
    again = services.rsvp_set(
        session=session,
        acting_user=members[0],
        data={"answer": RsvpAnswer.ATTENDING, "apology": "x", "input_for_group": ""},
    )
    assert again.pk == rsvp.pk
    assert again.apology == ""


def test_rsvp_after_the_start_is_refused(network, members):
    started = SessionFactory(network=network, **_times(days=-1))

    with pytest.raises(ApplicationError, match="no longer answer"):
        services.rsvp_set(
            session=started,
            acting_user=members[0],
            data={"answer": RsvpAnswer.ATTENDING, "apology": "", "input_for_group": ""},
        )
    assert not started.rsvps.exists()


def test_attendance_prefilled_from_rsvps(session, members):
    services.rsvp_set(
        session=session,
        acting_user=members[0],
        data={"answer": RsvpAnswer.ATTENDING, "apology": "", "input_for_group": ""},
    )
    services.rsvp_set(
        session=session,
        acting_user=members[1],
        data={"answer": RsvpAnswer.NOT_ATTENDING, "apology": "Ziek", "input_for_group": ""},
    )

    initial = services.attendance_initial(session=session, members=members)

    assert [initial[m.pk]["status"] for m in members] == [
        AttendanceStatus.PRESENT,
        AttendanceStatus.EXCUSED,
        "",
    ]


def test_attendance_for_non_member_is_refused_and_nothing_saved(
    session, members, outsider, facilitator
):
    entries = {m.pk: {"status": AttendanceStatus.PRESENT, "remark": ""} for m in members}
    entries[outsider.pk] = {"status": AttendanceStatus.PRESENT, "remark": ""}

    with pytest.raises(ApplicationError, match="only be registered for members"):
        services.attendance_register(session=session, entries=entries, acting_user=facilitator)

    assert not Attendance.objects.exists()


def test_held_session_has_its_absentees(network, members, facilitator):
    past = SessionFactory(network=network, **_times(days=-1))
    with pytest.raises(ApplicationError, match="every member"):
        services.session_mark_held(session=past, acting_user=facilitator)
    statuses = [AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT]
    services.attendance_register(
        session=past,
        entries={m.pk: {"status": s, "remark": ""} for m, s in zip(members, statuses, strict=True)},
        acting_user=facilitator,
    )
    assert selectors.absentees(session=past) == []

    services.session_mark_held(session=past, acting_user=facilitator)

    assert sorted(u.pk for u in selectors.absentees(session=past)) == sorted(
        [members[1].pk, members[2].pk]
    )


def test_future_session_cannot_be_marked_held(session, members, facilitator):
    services.attendance_register(
        session=session,
        entries={m.pk: {"status": AttendanceStatus.PRESENT, "remark": ""} for m in members},
        acting_user=facilitator,
    )

    with pytest.raises(ApplicationError, match="once it has started"):
        services.session_mark_held(session=session, acting_user=facilitator)


def test_attendance_overview_flags_two_absences_in_a_row(network, members, facilitator):
    statuses = {
        members[0].pk: [
            AttendanceStatus.ABSENT,
            AttendanceStatus.EXCUSED,
            AttendanceStatus.PRESENT,
        ],
        members[1].pk: [AttendanceStatus.ABSENT, AttendanceStatus.PRESENT, AttendanceStatus.ABSENT],
        members[2].pk: [AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.PRESENT],
    }
    for index in range(3):
        past = SessionFactory(network=network, **_times(days=-30 + index * 7))
        services.attendance_register(
            session=past,
            entries={pk: {"status": s[index], "remark": ""} for pk, s in statuses.items()},
            acting_user=facilitator,
        )
        services.session_mark_held(session=past, acting_user=facilitator)

    overview = selectors.attendance_overview(network=network)

    flags = {row["member"].pk: (row["rate"], row["repeated_absence"]) for row in overview["rows"]}
    assert flags == {
        members[0].pk: (33, True),
        members[1].pk: (33, False),
        members[2].pk: (100, False),
    }


def test_reminders_are_created_once_per_member_and_session(network, members, on_commit):
    soon = SessionFactory(network=network, **_times(days=1))
    SessionFactory(network=network, **_times(days=10))  # outside the 2-day window

    with on_commit(execute=True):
        services.reminders_send_due()
    with on_commit(execute=True):
        services.reminders_send_due()

    reminders = SessionNotification.objects.filter(kind=NotificationKind.REMINDER)
    assert reminders.count() == len(members)
    assert set(reminders.values_list("session", flat=True)) == {soon.pk}
    assert set(reminders.values_list("state", flat=True)) == {OutboxState.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members)
    assert mail.outbox[0].subject.startswith(f"{network.name}: Herinnering:")


def test_reminders_enqueue_only_the_rows_they_create(network, members, on_commit):
    SessionFactory(network=network, **_times(days=1))

    with on_commit() as first:
        created = services.reminders_send_due()
    with on_commit() as second:
        again = services.reminders_send_due()

    # Rows left pending are the outbox sweep's (core.outbox.sweep), not the reminder beat's.
    assert (created, len(first), again, len(second)) == (len(members), len(members), 0, 0)
    assert mail.outbox == []


def test_notification_delivered_twice_sends_once(session, members, facilitator):
    [notification_id, *_rest] = services.session_notify(
        session=session, kind=NotificationKind.INVITATION
    )

    assert outbox.deliver(SessionNotification, notification_id) == "sent"
    assert outbox.deliver(SessionNotification, notification_id) == "skipped"

    [message] = mail.outbox
    assert message.extra_headers["Message-ID"] == f"<session-{notification_id}-invitation@leernet>"
    assert message.reply_to == [facilitator.email]
    row = SessionNotification.objects.get(pk=notification_id)
    assert (row.state, row.attempts, row.subject) == (OutboxState.SENT, 1, message.subject)


def test_smtp_failure_puts_the_row_back_to_pending(session, members, settings):
    settings.EMAIL_BACKEND = "tests.sessions.failing_backend.FailingBackend"
    [notification_id, *_rest] = services.session_notify(
        session=session, kind=NotificationKind.INVITATION
    )

    assert outbox.deliver(SessionNotification, notification_id) == "retry"

    row = SessionNotification.objects.get(pk=notification_id)
    assert (row.state, row.attempts, row.last_error) == (
        OutboxState.PENDING,
        1,
        "connection refused",
    )
    assert row.next_attempt_at > timezone.now()  # the next attempt waits (core.outbox.backoff)


def test_session_email_row_names_its_kind_recipient_and_session(session, members):
    services.session_notify(session=session, kind=NotificationKind.CANCELLATION)

    rows = SessionNotification.objects.select_related("user").order_by("user__email")

    assert [(r.kind_label, r.recipient_email, r.session) for r in rows] == [
        ("Session cancellation", email, session) for email in sorted(u.email for u in members)
    ]


def test_calendar_feed_reset_revokes_the_old_token(member):
    first = services.calendar_feed_get_or_create(acting_user=member)
    assert services.calendar_feed_get_or_create(acting_user=member) == first

    second = services.calendar_feed_reset(acting_user=member)

    assert selectors.feed_by_token(token=first.token) is None
    assert selectors.feed_by_token(token=second.token) == second


def test_facilitator_work_form_visible_only_in_own_network(network, facilitator, outsider):
    own = services.work_form_create(
        network=network,
        data={
            "name": "Onze methode",
            "purpose": "Leren",
            "steps": "1. Doen",
            "roles": "",
            "materials": "",
            "min_group": 3,
            "max_group": 12,
            "duration_minutes": 30,
        },
        acting_user=facilitator,
    )

    assert own in selectors.work_forms_for_user(user=facilitator)
    assert own not in selectors.work_forms_for_user(user=outsider)
    assert own.name_nl == own.name_en == "Onze methode"


def test_closed_network_cannot_plan(facilitator):
    closed = NetworkFactory(created_by=facilitator, status="closed")

    with pytest.raises(ApplicationError, match="closed"):
        services.session_create(network=closed, data=_data(), acting_user=facilitator)


def test_member_fixture_sanity(network, members):
    assert MembershipFactory._meta.model.objects.filter(network=network).count() == 4
    assert AgendaItem.objects.count() == 0


def test_speaker_is_emailed_the_details_with_calendar_file(session, on_commit, facilitator):
    with on_commit(execute=True):
        speaker = services.speaker_add(
            session=session,
            data={
                "name": "Dr. Griet Van Damme",
                "organisation": "Expertisecentrum",
                "email": "griet@example.org",
                "topic": "Valrisico screenen",
                "bio": "",
            },
            send_email=True,
            acting_user=facilitator,
        )

    [message] = mail.outbox
    assert message.to == ["griet@example.org"]
    assert "Valrisico screenen" in message.body
    assert message.attachments[0][0] == "leernet.ics"
    assert message.reply_to == [session.network.created_by.email]
    [row] = SpeakerEmail.objects.filter(speaker=speaker)
    assert (row.state, row.sequence, row.sent_at is not None) == (OutboxState.SENT, 0, True)
    assert session.network.member_count == 0  # a speaker takes no seat


def _speaker(session):
    return services.speaker_add(
        session=session,
        data={"name": "Griet", "organisation": "", "email": "griet@example.org", "topic": "Val"},
        send_email=False,
        acting_user=session.network.created_by,
    )


def test_speaker_email_clicked_twice_while_waiting_makes_one_row(session, facilitator):
    speaker = _speaker(session)

    first = services.speaker_email(speaker=speaker, acting_user=facilitator)
    second = services.speaker_email(speaker=speaker, acting_user=facilitator)

    assert second == first
    assert SpeakerEmail.objects.filter(speaker=speaker).count() == 1
    assert outbox.deliver(SpeakerEmail, first.pk) == "sent"
    assert outbox.deliver(SpeakerEmail, first.pk) == "skipped"
    assert [m.to for m in mail.outbox] == [["griet@example.org"]]


def test_speaker_email_clicked_after_it_went_out_sends_it_again(session, facilitator):
    speaker = _speaker(session)
    first = services.speaker_email(speaker=speaker, acting_user=facilitator)
    outbox.deliver(SpeakerEmail, first.pk)

    again = services.speaker_email(speaker=speaker, acting_user=facilitator)
    assert services.speaker_email(speaker=speaker, acting_user=facilitator) == again

    assert (again.resend_of_id, again.state, again.sequence) == (
        first.pk,
        OutboxState.PENDING,
        first.sequence,
    )
    assert SpeakerEmail.objects.filter(speaker=speaker).count() == 2


def test_speaker_email_after_the_session_changed_is_a_new_version(session, facilitator):
    speaker = _speaker(session)
    first = services.speaker_email(speaker=speaker, acting_user=facilitator)
    outbox.deliver(SpeakerEmail, first.pk)
    services.session_update(session=session, data={"location": "Gent"}, acting_user=facilitator)

    second = services.speaker_email(speaker=speaker, acting_user=facilitator)

    assert (second.resend_of_id, second.sequence) == (None, first.sequence + 1)
    assert outbox.deliver(SpeakerEmail, second.pk) == "sent"
    assert "Gent" in mail.outbox[-1].body


def test_speaker_without_email_address_is_refused(session, facilitator):
    speaker = services.speaker_add(
        session=session,
        data={"name": "Griet", "organisation": "", "email": "", "topic": "Val"},
        send_email=False,
        acting_user=facilitator,
    )

    with pytest.raises(ApplicationError, match="no email address"):
        services.speaker_email(speaker=speaker, acting_user=facilitator)
    assert not SpeakerEmail.objects.exists()
