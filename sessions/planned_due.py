"""The planned sessions that ask something of their facilitators now: ended (attendance due)
or starting soon (answers missing). One query for the to-dos and the health signal of a page
(core/memo.py)."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.memo import memoized
from networks.enums import MembershipStatus, Role
from networks.models import Membership
from sessions.enums import SessionStatus
from sessions.models import LearningSession, Rsvp
from sessions.selectors import RSVP_MISSING_WINDOW


def sessions_starting_soon(*, network_ids) -> list[LearningSession]:
    """Planned sessions of ``network_ids`` starting within ``RSVP_MISSING_WINDOW``, soonest
    first, each with ``missing``: how many active members have not answered whether they come.
    The facilitator's task and the health signal both read it (``planned_sessions_due``)."""
    now = timezone.now()
    return [session for session in planned_sessions_due(network_ids=network_ids)
            if session.starts_at > now]  # fmt: skip


def sessions_ended_unheld(*, network_ids) -> list[LearningSession]:
    """Planned sessions of ``network_ids`` that have ended: their attendance is due (the
    ``sessions.attendance`` to-do), by end (``planned_sessions_due``)."""
    now = timezone.now()
    ended = [s for s in planned_sessions_due(network_ids=network_ids) if s.ends_at <= now]
    return sorted(ended, key=lambda session: (session.ends_at, session.pk))


def planned_sessions_due(*, network_ids) -> list[LearningSession]:
    """The planned sessions of ``network_ids`` that ask something of their facilitators: ended
    (attendance due) or starting within ``RSVP_MISSING_WINDOW`` (answers missing), each with
    ``missing``. One query, read once per page (core/memo.py) for the to-dos and the health."""
    network_ids = sorted(set(network_ids))
    return memoized(
        ("sessions.planned_due", tuple(network_ids)),
        lambda: list(_planned_sessions_due(network_ids)),
    )


def _planned_sessions_due(network_ids) -> QuerySet[LearningSession]:
    now = timezone.now()
    unanswered = (
        Membership.objects.filter(
            network=OuterRef("network"), role=Role.MEMBER, status=MembershipStatus.ACTIVE
        )
        .exclude(
            Exists(Rsvp.objects.filter(session=OuterRef(OuterRef("pk")), user=OuterRef("user")))
        )
        .values("network")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        LearningSession.objects.filter(network_id__in=network_ids, status=SessionStatus.PLANNED)
        .filter(
            Q(ends_at__lte=now) | Q(starts_at__gt=now, starts_at__lte=now + RSVP_MISSING_WINDOW)
        )
        .annotate(missing=Coalesce(Subquery(unanswered[:1]), 0))
        .select_related("network")
        .order_by("starts_at", "pk")
    )
