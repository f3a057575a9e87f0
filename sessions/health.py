"""Health signals of a network about its sessions (registry: core/health.py): attendance,
repeated absence, missing RSVPs and practice questions that keep waiting."""

from django.db.models import Count, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.health import OK, WARNING, Signal, percent
from networks.models import Network
from sessions import links
from sessions.enums import PRESENT_STATUSES, QuestionStatus, SessionStatus
from sessions.models import Attendance, LearningSession, PracticeQuestion
from sessions.planned_due import sessions_starting_soon
from sessions.selectors import (
    REPEATED_ABSENCE,
    held_session_count,
    repeatedly_absent,
)

# Attendance is measured over this many latest held sessions ...
ATTENDANCE_SESSIONS = 3
# ... and warns below this percentage of the registered members present (or late).
ATTENDANCE_MIN_PERCENT = 70
# An open practice question asked before this many held sessions has waited too long.
QUESTION_WAITING_SESSIONS = 2


def attendance_signal(*, network: Network) -> Signal | None:
    """Present (or late) of the registered members at the latest held sessions (one query)."""
    latest = (
        LearningSession.objects.filter(network=network, status=SessionStatus.HELD)
        .order_by("-starts_at")
        .values("pk")[:ATTENDANCE_SESSIONS]
    )
    totals = Attendance.objects.filter(session__in=latest).aggregate(
        sessions=Count("session", distinct=True),
        registered=Count("pk"),
        present=Count("pk", filter=Q(status__in=PRESENT_STATUSES)),
    )
    registered, present = totals["registered"], totals["present"]
    if not registered:
        return None
    below = present * 100 < ATTENDANCE_MIN_PERCENT * registered
    return Signal(
        kind="sessions.attendance",
        level=WARNING if below else OK,
        title=_("Attendance is low") if below else _("Attendance"),
        detail=ngettext(
            "At the last session %(present)d of %(registered)d members came (%(rate)d%%).",
            "Over the last %(sessions)d sessions members came %(present)d of %(registered)d "
            "times (%(rate)d%%).",
            totals["sessions"],
        )
        % {
            "sessions": totals["sessions"],
            "present": present,
            "registered": registered,
            "rate": percent(present, registered),
        },
        action_url=links.attendance_overview_path(network.pk),
        action_label=_("See the attendance overview"),
    )


def absence_signal(*, network: Network) -> Signal | None:
    """Members absent at the latest ``REPEATED_ABSENCE`` held sessions in a row, by the one rule
    the facilitator's task uses too (``selectors.repeatedly_absent``: 2 queries, and one to know
    whether that many sessions were held, which a page's memo spares: ``held_session_count``)."""
    # The same queries whatever the network holds (the page's query count stays flat).
    absent = repeatedly_absent(network_ids=[network.pk]).get(network.pk, [])
    held = held_session_count(network_id=network.pk)
    if held < REPEATED_ABSENCE:
        return None
    names = [member.full_name for member in absent]
    url = links.attendance_overview_path(network.pk)
    if not names:
        return Signal(
            kind="sessions.absence",
            level=OK,
            title=_("Absence"),
            detail=_("No member was absent at the last %(count)d sessions in a row.")
            % {"count": REPEATED_ABSENCE},
            action_url=url,
            action_label=_("See the attendance overview"),
        )
    return Signal(
        kind="sessions.absence",
        level=WARNING,
        title=_("Members absent several times in a row"),
        detail=ngettext(
            "%(count)d member was absent at the last %(sessions)d sessions or more: %(names)s.",
            "%(count)d members were absent at the last %(sessions)d sessions or more: %(names)s.",
            len(names),
        )
        % {"count": len(names), "sessions": REPEATED_ABSENCE, "names": ", ".join(names)},
        action_url=url,
        action_label=_("See the attendance overview"),
    )


def rsvp_signal(*, network: Network) -> Signal | None:
    """Members who have not answered for the next planned session, once it starts within
    ``RSVP_MISSING_WINDOW`` (one query, ``selectors.sessions_starting_soon``, as the
    facilitator's task)."""
    soon = sessions_starting_soon(network_ids=[network.pk])
    if not soon:
        return None
    session = soon[0]
    missing = session.missing
    values = {"missing": missing, "members": network.member_count, "number": session.number}
    if not missing:
        return Signal(
            kind="sessions.rsvps",
            level=OK,
            title=_("Who is coming"),
            detail=_("Every member answered for session %(number)d.") % values,
            action_url=session.get_absolute_url(),
            action_label=_("Open the session"),
        )
    return Signal(
        kind="sessions.rsvps",
        level=WARNING,
        title=_("Not everyone said whether they come"),
        detail=ngettext(
            "%(missing)d of %(members)d members has not said yet whether they come to "
            "session %(number)d.",
            "%(missing)d of %(members)d members have not said yet whether they come to "
            "session %(number)d.",
            missing,
        )
        % values,
        action_url=session.get_absolute_url(),
        action_label=_("Open the session"),
    )


def questions_signal(*, network: Network) -> Signal | None:
    """Open practice questions asked before the latest ``QUESTION_WAITING_SESSIONS`` held
    sessions (one query). Nothing until that many sessions were held."""
    # The start of the QUESTION_WAITING_SESSIONS-th latest held session (NULL if fewer).
    cutoff = Subquery(
        LearningSession.objects.filter(network=network, status=SessionStatus.HELD)
        .order_by("-starts_at")
        .values("starts_at")[QUESTION_WAITING_SESSIONS - 1 : QUESTION_WAITING_SESSIONS]
    )
    counts = PracticeQuestion.objects.filter(network=network, status=QuestionStatus.OPEN).aggregate(
        open=Count("pk"),
        waiting=Count("pk", filter=Q(created_at__lt=cutoff)),
    )
    if not counts["open"]:
        return None
    waiting = counts["waiting"]
    return Signal(
        kind="sessions.questions",
        level=WARNING if waiting else OK,
        title=_("Practice questions waiting") if waiting else _("Practice questions"),
        detail=(
            ngettext(
                "%(count)d open question was asked before the last %(sessions)d sessions.",
                "%(count)d open questions were asked before the last %(sessions)d sessions.",
                waiting,
            )
            % {"count": waiting, "sessions": QUESTION_WAITING_SESSIONS}
            if waiting
            else ngettext(
                "%(count)d open question, none waiting for more than %(sessions)d sessions.",
                "%(count)d open questions, none waiting for more than %(sessions)d sessions.",
                counts["open"],
            )
            % {"count": counts["open"], "sessions": QUESTION_WAITING_SESSIONS}
        ),
        action_url=links.questions_path(network.pk),
        action_label=_("Schedule the questions"),
    )


def session_health(*, network: Network):
    """The provider registered in ``LearningSessionsConfig.ready()``."""
    for build in (attendance_signal, absence_signal, rsvp_signal, questions_signal):
        signal = build(network=network)
        if signal is not None:
            yield signal
