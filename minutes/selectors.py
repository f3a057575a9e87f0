"""Reads for minutes and reports."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery, TextField, Value
from django.db.models.functions import Coalesce

from evaluations.selectors import adopted_goals
from minutes.enums import ActionStatus
from minutes.models import (
    ActionItem,
    CatchUpReminder,
    Minutes,
    MinutesComment,
    MinutesDelivery,
    MinutesItemNote,
    MinutesRead,
    MinutesVersion,
)
from networks.enums import MembershipStatus
from networks.models import Membership
from sessions.enums import ABSENT_STATUSES, PRESENT_STATUSES, RsvpAnswer, SessionStatus
from sessions.models import AgendaItem, Attendance, CatchUpInput, LearningSession, Rsvp


def minutes_recipients(
    *, session: LearningSession, include_present: bool = False
) -> list[Attendance]:
    """Who gets the minutes by email, as attendance rows (``.user``, ``.status``), by name: the
    members registered excused or absent (and present or late, if asked) who are still active
    members of the network. Someone who left the network after the session is not mailed. Nobody
    before the session is marked held.

    The one definition for publishing and, through ``recipients_among``, the editor's "who
    receives the minutes" panel."""
    statuses = _recipient_statuses(session=session, include_present=include_present)
    if not statuses:
        return []
    still_member = Membership.objects.filter(
        network_id=session.network_id, user=OuterRef("user"), status=MembershipStatus.ACTIVE
    )
    return list(
        Attendance.objects.filter(session=session, status__in=statuses)
        .filter(Exists(still_member))
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )


def _recipient_statuses(*, session: LearningSession, include_present: bool) -> list[str]:
    if session.status != SessionStatus.HELD:
        return []
    return [*ABSENT_STATUSES, *(PRESENT_STATUSES if include_present else ())]


def recipients_among(users, *, session: LearningSession, include_present: bool = False) -> list:
    """Of ``users``, the network's active members and facilitators each with their
    ``attendance_status`` at ``session`` (``sessions.selectors.active_members`` with
    ``attendance_at``), those ``minutes_recipients`` names, in the same order: the editor
    already read them, so its panel asks nothing more."""
    statuses = _recipient_statuses(session=session, include_present=include_present)
    return [user for user in users if user.attendance_status in statuses]


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
    """The session's minutes with who saved them last, their actions and comments (the notes
    per agenda item come with the agenda: ``agenda_with_notes``)."""
    return (
        Minutes.objects.filter(session=session)
        .select_related("updated_by")
        .prefetch_related(
            Prefetch("actions", queryset=ActionItem.objects.select_related("owner", "goal")),
            Prefetch("comments", queryset=MinutesComment.objects.select_related("author")),
        )
        .first()
    )


def agenda_with_notes(*, session: LearningSession, minutes: Minutes | None) -> list[AgendaItem]:
    """The session's agenda, each item with ``saved_notes``: its notes in ``minutes`` ("" when
    it has none or the minutes are not saved yet), in one query."""
    agenda = AgendaItem.objects.filter(session=session)
    if minutes is None or minutes.pk is None:
        return list(agenda.annotate(saved_notes=Value("", output_field=TextField())))
    notes = MinutesItemNote.objects.filter(minutes=minutes, agenda_item=OuterRef("pk"))
    return list(
        agenda.annotate(
            saved_notes=Coalesce(
                Subquery(notes.values("notes")[:1]), Value(""), output_field=TextField()
            )
        )
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


def published_minutes_exist() -> Exists:
    """For an annotation on sessions: whether the session (``OuterRef("pk")``) has at least one
    published minutes version (``session_ids_with_minutes``'s rule, inside the same query)."""
    return Exists(MinutesVersion.objects.filter(minutes__session_id=OuterRef("pk")))


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
