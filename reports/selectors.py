"""Reads for minutes and reports."""

from django.db.models import Count, Exists, OuterRef, Prefetch

from networks.enums import MembershipStatus
from networks.models import Membership
from reports.models import CatchUpReminder, Minutes, MinutesDelivery, MinutesRead, MinutesVersion
from sessions.enums import ABSENT_STATUSES, PRESENT_STATUSES, RsvpAnswer, SessionStatus
from sessions.models import Attendance, CatchUpInput, LearningSession, Rsvp


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


def delivery_follow_up(*, session: LearningSession) -> dict:
    """For the delivery page, per recipient (user id): when they read the minutes (``reads``:
    the ``MinutesRead`` row), how many inputs they gave after the session (``inputs``), and the
    reminders sent per (version id, user id) (``reminders``). Three queries, however many
    recipients."""
    reads = {read.user_id: read for read in MinutesRead.objects.filter(minutes__session=session)}
    inputs = dict(
        CatchUpInput.objects.filter(session=session)
        .values("member_id")
        .annotate(n=Count("pk"))
        .values_list("member_id", "n")
    )
    reminders = {
        (row.version_id, row.recipient_id): row
        for row in CatchUpReminder.objects.filter(
            version__minutes__session=session, resend_of__isnull=True
        ).only("pk", "version_id", "recipient_id", "state", "sent_at")
    }
    return {"reads": reads, "inputs": inputs, "reminders": reminders}


def attendance_status(*, session: LearningSession, user) -> str | None:
    """``user``'s registered attendance at ``session`` (a status), or None."""
    return (
        Attendance.objects.filter(session=session, user=user)
        .values_list("status", flat=True)
        .first()
    )


def my_catch_up_inputs(*, session: LearningSession, user) -> list[CatchUpInput]:
    return list(
        CatchUpInput.objects.filter(session=session, member=user)
        .select_related("question")
        .order_by("created_at", "pk")
    )


def read_link_target(*, session_id: int, version_id: int, user_id: int):
    """(version, member) a signed read link names, or (None, None): the version of the
    session's minutes in the URL, the member active, still a member of the network, and one of
    the version's recipients (its minutes email went to them)."""
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if member is None:
        return None, None
    delivered = MinutesDelivery.objects.filter(version=OuterRef("pk"), recipient=member)
    still_member = Membership.objects.filter(
        network=OuterRef("minutes__session__network"),
        user=member,
        status=MembershipStatus.ACTIVE,
    )
    version = (
        MinutesVersion.objects.filter(pk=version_id, minutes__session_id=session_id)
        .filter(Exists(delivered), Exists(still_member))
        .defer("pdf")
        .select_related("minutes__session__network")
        .first()
    )
    if version is None:
        return None, None
    return version, member
