"""What the minutes app asks of a person (core/todo.py). Fixed query count: the user's
memberships, one query for minutes to read (members) and one for minutes to publish
(facilitators).
"""

import datetime

from django.db.models import Count, Exists, Min, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.todo import FACILITATOR, MEMBER, ToDo
from minutes import links
from minutes.enums import ActionStatus
from minutes.models import ActionItem, MinutesRead, MinutesVersion
from networks.selectors import task_scope
from sessions.enums import ABSENT_STATUSES, SessionStatus
from sessions.models import Attendance, LearningSession


def minutes_todos(*, user, network=None) -> list[ToDo]:
    """Member: read the published minutes of a held session one was registered excused or absent
    for, until one opens the minutes page (``reports.read_minutes``; ``MinutesRead``).
    Facilitator: write and publish the minutes of a held session that has no published version
    yet, due ``Network.minutes_due_days`` after the session ended (``reports.publish_minutes``)."""
    scope = task_scope(user=user, network=network)
    published = MinutesVersion.objects.filter(minutes__session=OuterRef("pk"))
    todos = []
    if scope.member_of:
        missed = (
            LearningSession.objects.filter(
                network_id__in=list(scope.member_of), status=SessionStatus.HELD
            )
            .filter(
                Exists(
                    Attendance.objects.filter(
                        session=OuterRef("pk"), user=user, status__in=ABSENT_STATUSES
                    )
                ),
                Exists(published),
            )
            .exclude(Exists(MinutesRead.objects.filter(minutes__session=OuterRef("pk"), user=user)))
            .select_related("network")
            .order_by("starts_at", "pk")
        )
        todos += [
            ToDo.about(
                session.network,
                kind="reports.read_minutes",
                title=_("Read the minutes of session %(number)d of %(network)s, which you missed")
                % {"number": session.number, "network": session.network.name},
                url=links.minutes_path(session_id=session.pk),
                due=None,
                role=MEMBER,
            )
            for session in missed
        ]
    if scope.facilitating:
        unpublished = (
            LearningSession.objects.filter(
                network_id__in=list(scope.facilitating), status=SessionStatus.HELD
            )
            .exclude(Exists(published))
            .select_related("network")
            .order_by("ends_at", "pk")
        )
        todos += [
            ToDo.about(
                session.network,
                kind="reports.publish_minutes",
                title=_("Write and publish the minutes of session %(number)d of %(network)s")
                % {"number": session.number, "network": session.network.name},
                url=links.minutes_edit_path(session_id=session.pk),
                due=session.minutes_due_at,
                role=FACILITATOR,
            )
            for session in unpublished
        ]
    return todos


def action_todos(*, user, network=None) -> list[ToDo]:
    """Owner (member or facilitator): say how your try-out actions went (``reports.actions``),
    one to-do per network with open actions agreed in a session that was held, due at the
    earliest due date among them. One query beyond the memberships."""
    scope = task_scope(user=user, network=network)
    networks = {m.network_id: m.network for m in scope.memberships}
    if not networks:
        return []
    rows = (
        ActionItem.objects.filter(
            owner=user,
            status=ActionStatus.OPEN,
            minutes__session__network_id__in=list(networks),
            minutes__session__status=SessionStatus.HELD,
        )
        .values("minutes__session__network_id")
        .annotate(n=Count("pk"), due=Min("due"))
        .order_by()
    )
    todos = []
    for row in rows:
        current = networks[row["minutes__session__network_id"]]
        due = row["due"]
        if due is not None:
            due = timezone.make_aware(datetime.datetime.combine(due, datetime.time(23, 59)))
        todos.append(
            ToDo.about(
                current,
                kind="reports.actions",
                title=ngettext(
                    "Say how your try-out action in %(network)s went",
                    "Say how your %(count)d try-out actions in %(network)s went",
                    row["n"],
                )
                % {"count": row["n"], "network": current.name},
                url=links.my_actions_path(),
                due=due,
            )
        )
    return todos
