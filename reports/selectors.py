"""Reads for minutes and reports."""

from django.db.models import Exists, OuterRef, Prefetch

from networks.enums import MembershipStatus
from networks.models import Membership
from reports.models import Minutes, MinutesDelivery, MinutesVersion
from sessions.enums import ABSENT_STATUSES, PRESENT_STATUSES, RsvpAnswer, SessionStatus
from sessions.models import Attendance, LearningSession, Rsvp


def minutes_recipients(
    *, session: LearningSession, include_present: bool = False
) -> list[Attendance]:
    """Who gets the minutes by email, as attendance rows (``.user``, ``.status``), by name: the
    members registered excused or absent (and present or late, if asked) who are still active
    members of the network. Someone who left the network after the session is not mailed. Nobody
    before the session is marked held.

    The one definition for the editor's "who receives the minutes" panel and for publishing."""
    if session.status != SessionStatus.HELD:
        return []
    statuses = [*ABSENT_STATUSES, *(PRESENT_STATUSES if include_present else ())]
    still_member = Membership.objects.filter(
        network_id=session.network_id, user=OuterRef("user"), status=MembershipStatus.ACTIVE
    )
    return list(
        Attendance.objects.filter(session=session, status__in=statuses)
        .filter(Exists(still_member))
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )


def contributions_from_absent(*, session: LearningSession) -> list[Rsvp]:
    """The contributions for the group ("a question or contribution") of the members who said
    they would not come, by name, for the minutes editor: the note-taker can take them into the
    minutes. The apology stays with the facilitator (session page); members who come bring
    their contribution themselves. One query."""
    return list(
        Rsvp.objects.filter(session=session, answer=RsvpAnswer.NOT_ATTENDING)
        .exclude(input_for_group="")
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )


def minutes_for_session(*, session: LearningSession) -> Minutes | None:
    return (
        Minutes.objects.filter(session=session)
        .prefetch_related("actions", "item_notes", "comments__author")
        .first()
    )


def versions(*, session: LearningSession) -> list[MinutesVersion]:
    """Published versions, newest first, without their PDF bytes."""
    return list(
        MinutesVersion.objects.filter(minutes__session=session)
        .defer("pdf")
        .select_related("published_by")
        .order_by("-number")
    )


def version_with_deliveries(*, session: LearningSession) -> list[MinutesVersion]:
    """Published versions, newest first, each with its outbox rows (resends after the row they
    resend)."""
    return list(
        MinutesVersion.objects.filter(minutes__session=session)
        .defer("pdf")
        .prefetch_related(
            Prefetch(
                "deliveries",
                queryset=MinutesDelivery.objects.select_related("recipient").order_by(
                    "recipient__full_name", "recipient_id", "created_at", "pk"
                ),
            )
        )
        .order_by("-number")
    )


def session_ids_with_minutes(session_ids) -> set[int]:
    """The sessions among ``session_ids`` (ids, or a queryset of ``pk`` values, which becomes a
    subquery) with at least one published minutes version (one query)."""
    return set(
        MinutesVersion.objects.filter(minutes__session_id__in=session_ids).values_list(
            "minutes__session_id", flat=True
        )
    )
