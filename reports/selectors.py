"""Reads for minutes and reports."""

from django.db.models import Count, Exists, OuterRef, Prefetch

from networks.enums import MembershipStatus
from networks.models import Membership
from reports.enums import ActionStatus
from reports.models import ActionItem, Minutes, MinutesDelivery, MinutesVersion
from sessions.enums import ABSENT_STATUSES, PRESENT_STATUSES, SessionStatus
from sessions.models import Attendance, LearningSession


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


def minutes_for_session(*, session: LearningSession) -> Minutes | None:
    return (
        Minutes.objects.filter(session=session)
        .prefetch_related(
            Prefetch("actions", queryset=ActionItem.objects.select_related("owner", "goal")),
            "item_notes",
            "comments__author",
        )
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


# Try-out actions ------------------------------------------------------------------------------


def previous_session(*, session: LearningSession) -> LearningSession | None:
    """The network's last session before ``session`` that was not cancelled: the session whose
    try-out actions come back in ``session``."""
    return (
        LearningSession.objects.filter(
            network_id=session.network_id, starts_at__lt=session.starts_at
        )
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(pk=session.pk)
        .order_by("-starts_at", "-pk")
        .first()
    )


def next_session(*, session: LearningSession) -> LearningSession | None:
    """The network's first session after ``session`` that was not cancelled."""
    return (
        LearningSession.objects.filter(
            network_id=session.network_id, starts_at__gt=session.starts_at
        )
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at", "pk")
        .first()
    )


def session_actions(*, session: LearningSession) -> list[ActionItem]:
    """The try-out actions agreed in ``session`` (its minutes draft), with owner and goal."""
    return list(
        ActionItem.objects.filter(minutes__session=session)
        .select_related("owner", "goal")
        .order_by("position", "pk")
    )


def open_actions_of(*, owner, network, before: LearningSession) -> list[ActionItem]:
    """``owner``'s open actions in ``network``, agreed in sessions before ``before`` (the "how did
    it go?" email lists them)."""
    return list(
        ActionItem.objects.filter(
            owner=owner,
            status=ActionStatus.OPEN,
            minutes__session__network=network,
            minutes__session__starts_at__lt=before.starts_at,
        )
        .exclude(minutes__session__status=SessionStatus.CANCELLED)
        .select_related("minutes__session", "goal")
        .order_by("minutes__session__starts_at", "position", "pk")
    )


def my_actions(*, user) -> list[ActionItem]:
    """The signed-in owner's try-out actions in the networks they are an active member of, of
    sessions that were not cancelled, the most recent session first (one query)."""
    member_of = Membership.objects.filter(
        user=user, status=MembershipStatus.ACTIVE, network=OuterRef("minutes__session__network")
    )
    return list(
        ActionItem.objects.filter(owner=user)
        .filter(Exists(member_of))
        .exclude(minutes__session__status=SessionStatus.CANCELLED)
        .select_related("minutes__session__network", "goal")
        .order_by("-minutes__session__starts_at", "position", "pk")
    )


def my_action(*, user, action_id: int) -> ActionItem | None:
    """One of ``user``'s own actions (else None: the view answers 404)."""
    return next((action for action in my_actions(user=user) if action.pk == action_id), None)


def goal_action_counts(*, network) -> list[dict]:
    """Per learning goal of the network (adopted or linked to an action), then "no goal": how
    many try-outs there were and how they went. A try-out carried over to a later session counts
    once, by its last row (the rows it was carried from are not counted). One query for the
    counts."""
    from evaluations.selectors import adopted_goals

    carried_on = ActionItem.objects.filter(carried_from=OuterRef("pk"))
    rows = (
        ActionItem.objects.filter(minutes__session__network=network)
        .exclude(minutes__session__status=SessionStatus.CANCELLED)
        .exclude(Exists(carried_on))
        .values("goal_id", "goal__title", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    empty = dict.fromkeys(ActionStatus.values, 0)
    goals = adopted_goals(network=network)
    table: dict = {goal.pk: {"title": goal.title, **empty} for goal in goals}
    for row in rows:
        key = row["goal_id"]
        entry = table.setdefault(key, {"title": row["goal__title"], **empty})
        entry[row["status"]] += row["n"]
    result = []
    for key, entry in table.items():
        total = sum(entry[status] for status in ActionStatus.values)
        result.append({"goal_id": key, "total": total, **entry})
    # "No goal" last.
    result.sort(key=lambda entry: entry["goal_id"] is None)
    return result
