"""What the sessions app asks of a person (core/todo.py). Fixed query count: the user's
memberships, the next session of their networks (members), and for facilitators the ended
sessions, the sessions soon to start with their missing answers, and the repeated absences
(``selectors.repeatedly_absent``: two queries).

Member to-dos are for people holding a member's seat: only they answer whether they come
(``rules.can_rsvp``) and have their attendance registered.
"""

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.todo import FACILITATOR, MEMBER, ToDo
from networks.selectors import task_scope
from sessions import links
from sessions.enums import SessionStatus
from sessions.models import LearningSession, Rsvp
from sessions.planned_due import sessions_ended_unheld, sessions_starting_soon
from sessions.selectors import (
    absence_follow_ups,
    repeatedly_absent,
)


def session_todos(*, user, network=None) -> list[ToDo]:
    """Member: answer whether you come to the next planned session while its RSVP is open
    (``sessions.rsvp``). Facilitator: register the attendance of a planned session that ended
    and mark it held, one step on one page (``sessions.attendance``); ask the members who have
    not answered for a session starting within ``RSVP_MISSING_WINDOW``
    (``sessions.rsvp_missing``); get in touch with a member absent twice in a row
    (``sessions.repeated_absence``)."""
    scope = task_scope(user=user, network=network)
    todos = []
    open_member_of = [pk for pk, network in scope.member_of.items() if not network.is_closed]
    if open_member_of:
        todos += _rsvp_todos(user, open_member_of)
    if scope.facilitating:
        todos += _facilitator_todos(scope.facilitating)
    return todos


def _rsvp_todos(user, network_ids) -> list[ToDo]:
    now = timezone.now()
    next_session = LearningSession.objects.filter(
        network=OuterRef("network"), status=SessionStatus.PLANNED, starts_at__gt=now
    ).order_by("starts_at", "pk")
    sessions = (
        LearningSession.objects.filter(network_id__in=network_ids)
        .filter(pk=Subquery(next_session.values("pk")[:1]))
        .exclude(Exists(Rsvp.objects.filter(session=OuterRef("pk"), user=user)))
        .select_related("network")
    )
    return [
        ToDo.about(
            session.network,
            kind="sessions.rsvp",
            title=_("Let %(network)s know whether you come to session %(number)d: %(title)s")
            % {"network": session.network.name, "number": session.number, "title": session.title},
            url=session.get_absolute_url(),
            due=session.starts_at,
            role=MEMBER,
        )
        for session in sessions
        if session.rsvp_open
    ]


def _facilitator_todos(networks: dict) -> list[ToDo]:
    ids = list(networks)
    todos = []
    for session in sessions_ended_unheld(network_ids=ids):
        todos.append(
            ToDo.about(
                session.network,
                kind="sessions.attendance",
                title=_(
                    "Register the attendance of session %(number)d of %(network)s and mark it held"
                )
                % {"number": session.number, "network": session.network.name},
                url=links.attendance_path(session.pk),
                due=session.ends_at,
                role=FACILITATOR,
            )
        )
    for session in sessions_starting_soon(network_ids=ids):
        if not session.missing:
            continue
        todos.append(
            ToDo.about(
                session.network,
                kind="sessions.rsvp_missing",
                title=ngettext(
                    "%(count)d member has not said whether they come to session %(number)d of "
                    "%(network)s",
                    "%(count)d members have not said whether they come to session %(number)d of "
                    "%(network)s",
                    session.missing,
                )
                % {
                    "count": session.missing,
                    "number": session.number,
                    "network": session.network.name,
                },
                url=session.get_absolute_url(),
                due=session.starts_at,
                role=FACILITATOR,
            )
        )
    contacted = absence_follow_ups(network_ids=ids)
    for network_id, members in repeatedly_absent(network_ids=ids).items():
        current = networks[network_id]
        for member in members:
            if (network_id, member.pk) in contacted:
                continue
            todos.append(
                ToDo.about(
                    current,
                    kind="sessions.repeated_absence",
                    title=_("%(name)s missed the last two sessions of %(network)s: get in touch")
                    % {"name": member.full_name, "network": current.name},
                    url=links.attendance_overview_path(current.pk),
                    role=FACILITATOR,
                )
            )
    return todos
