"""Deleting an account (core/erasure.py): the sessions' part."""

from core.erasure import ERASED_NAME
from core.outbox import OutboxState
from sessions.enums import QuestionStatus
from sessions.models import (
    AnnouncementEmail,
    Attendance,
    CalendarFeed,
    PracticeQuestion,
    Rsvp,
    SessionNotification,
    Speaker,
)


def session_data_erase_user(*, user, old_email: str, old_name: str) -> None:
    """The sessions' part of deleting ``user``'s account (core/erasure.py).

    RSVPs and attendance rows stay (the group's counts) without their texts; a practice question
    nobody picked up yet is deleted, one that was scheduled or discussed keeps its title for the
    group's record and loses its context (its author is the anonymised account); calendar feeds
    and unsent notifications go; a speaker entry with their address or name is anonymised.
    """
    Rsvp.objects.filter(user=user).update(apology="", input_for_group="")
    Attendance.objects.filter(user=user).update(remark="")
    questions = PracticeQuestion.objects.filter(author=user)
    questions.filter(status=QuestionStatus.OPEN, agenda_item__isnull=True).delete()
    questions.update(context="")
    CalendarFeed.objects.filter(user=user).delete()
    SessionNotification.objects.filter(user=user, state=OutboxState.PENDING).delete()
    AnnouncementEmail.objects.filter(user=user, state=OutboxState.PENDING).delete()
    Speaker.objects.filter(email__iexact=old_email).update(email="")
    Speaker.objects.filter(session__network__memberships__user=user, name=old_name).update(
        name=ERASED_NAME, bio=""
    )
