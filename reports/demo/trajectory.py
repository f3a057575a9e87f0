"""The care network's trajectory so far (demo.toml's ``[sessions]``): two held sessions, one
that ended without attendance, two planned ones.

The kickoff: Lotte and Jef absent, Sara excused; its minutes are published (Lotte has them to
read) and its evaluation's results shared. The second session: Jef absent again (absent twice
in a row), its evaluation open (Lotte has not answered), its minutes a draft nobody published
yet. The third ended two days ago without attendance. The fourth is the next one: everyone but
Lotte answered its RSVP. Every session has its chair, note-taker, timekeeper and case owner (the
fair suggestion, accepted)."""

import datetime

from evaluations import selectors as evaluation_selectors
from portfolio import services as portfolio_services
from reports.demo import learning, record
from reports.demo.data import cast, demo, moment
from sessions import selectors as session_selectors
from sessions import services as session_services
from sessions.enums import AttendanceStatus, RsvpAnswer, SessionKind
from sessions.models import WorkForm

SESSION_HOUR = 13
SESSION_MINUTES = 180


def trajectory_play(network, facilitator) -> None:
    sessions = demo()["sessions"]
    members = session_selectors.active_members(network=network)
    kickoff = _plan(network, facilitator, sessions["kickoff"])
    _hold(kickoff, members, sessions["kickoff"]["attendance"], facilitator)
    record.kickoff_minutes(kickoff, facilitator)
    second = _plan(network, facilitator, sessions["second"])
    _guest_speaker(second, sessions["second"], facilitator)
    _hold(second, members, sessions["second"]["attendance"], facilitator)
    record.draft_minutes(second, facilitator)
    portfolio_services.reflection_save(
        network=network,
        session_id=second.pk,
        text=sessions["second"]["reflection"],
        acting_user=next(m for m in members if m.full_name == cast("every_task")),
    )
    _plan(network, facilitator, sessions["ended"])
    upcoming = _plan(network, facilitator, sessions["upcoming"])
    _plan(network, facilitator, sessions["later"])
    _practice_question(network, members, upcoming, facilitator)
    _rsvps(upcoming, members)
    # Fair roles for every session, in order: the suggestion as the facilitator accepts it
    # (the next session's skips the member who said they won't come).
    for session in network.sessions.order_by("starts_at", "pk"):
        session_services.session_roles_apply_suggestion(session=session, acting_user=facilitator)
    record.catch_up(kickoff, {member.full_name: member for member in members})
    learning.learning_play(network, kickoff, second, members)
    _speaker_brief(upcoming, sessions["upcoming"]["speaker"], facilitator)
    _announcement(network, facilitator, upcoming)
    record.tryouts(network, second, members, facilitator)


def _plan(network, facilitator, spec: dict):
    """A session planned from demo.toml: 13:00 for three hours, ``days`` from today."""
    start = moment(spec["days"], SESSION_HOUR)
    session, _warnings = session_services.session_create(
        network=network,
        data={
            "title": spec["title"],
            "kind": SessionKind(spec["kind"]),
            "location": spec["location"],
            "description": spec.get("description", ""),
            "starts_at": start,
            "ends_at": start + datetime.timedelta(minutes=SESSION_MINUTES),
        },
        acting_user=facilitator,
    )
    return session


def _hold(session, members, attendance: dict, facilitator) -> None:
    """The session marked held: everyone present but those in ``attendance``."""
    by_name = {member.full_name: member for member in members}
    entries = {m.pk: {"status": AttendanceStatus.PRESENT, "remark": ""} for m in members}
    for name, (status, remark) in attendance.items():
        entries[by_name[name].pk] = {"status": AttendanceStatus(status), "remark": remark}
    session_services.session_record_attendance(
        session=session, entries=entries, mark_held=True, acting_user=facilitator
    )


def _guest_speaker(session, spec: dict, facilitator) -> None:
    """An agenda item with the catalogue's guest-speaker work form, and the speaker (no email:
    nobody behind the demo's addresses)."""
    item = spec["agenda_item"]
    session_services.agenda_item_add(
        session=session,
        data={
            "title": item["title"],
            "duration_minutes": item["duration_minutes"],
            "work_form": WorkForm.objects.get(network__isnull=True, slug=item["work_form"]),
        },
        roles={},
        acting_user=facilitator,
    )
    session_services.speaker_add(
        session=session, data=dict(spec["speaker"]), send_email=False, acting_user=facilitator
    )


def _practice_question(network, members, upcoming, facilitator) -> None:
    """The third member's practice question, scheduled for the next session."""
    question = session_services.practice_question_submit(
        network=network, acting_user=members[2], data=dict(demo()["practice_question"])
    )
    session_services.practice_question_schedule(
        question=question, session=upcoming, acting_user=facilitator
    )


def _rsvps(upcoming, members) -> None:
    """Everyone but Lotte answers the next session's RSVP; who won't come apologises and
    leaves input for the group (shown in the minutes editor of that session)."""
    rsvps = demo()["rsvps"]
    others = [m for m in members if m.full_name != cast("every_task")]
    for member, answer in zip(others, rsvps["answers"], strict=False):
        away = answer == RsvpAnswer.NOT_ATTENDING
        session_services.rsvp_set(
            session=upcoming,
            data={
                "answer": RsvpAnswer(answer),
                "apology": rsvps["apology"] if away else "",
                "input_for_group": rsvps["input_for_group"] if away else "",
            },
            acting_user=member,
        )


def _speaker_brief(session, speaker_data: dict, facilitator) -> None:
    """A guest speaker for the next session, with a brief drafted from what the group said
    and saved, not sent (only the facilitator's confirmed click sends it)."""
    speaker = session_services.speaker_add(
        session=session, data=dict(speaker_data), send_email=False, acting_user=facilitator
    )
    session.learning_goals.add(*session.network.learning_goals.filter(status="adopted")[:2])
    session_services.speaker_brief_save(
        speaker=speaker,
        text=evaluation_selectors.speaker_brief_draft(speaker=speaker),
        acting_user=facilitator,
    )


def _announcement(network, facilitator, upcoming) -> None:
    """A word to the group about the next session (issue 12): on the network's page."""
    announcement = demo()["announcement"]
    session_services.announcement_send(
        network=network,
        subject=announcement["subject"],
        body=announcement["body"].format(title=upcoming.title),
        acting_user=facilitator,
    )
