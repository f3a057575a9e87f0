"""Reads for a member's learning portfolio and participation statements (issue 14), and for the
insight library (issue 14.3, at the end).

Everything here is scoped to the signed-in user: the portfolio is found through the user's own
membership of the network (``portfolio_membership``), never through another person's id. It
reads only what belongs to the user: the intake answer, their own rating of each adopted goal
in a final evaluation that was NOT anonymous (anonymous responses have no user, and the filter
on ``anonymous=False`` keeps them out even so), their attendance, roles, try-out actions,
practice questions and reflections. A fixed number of queries, however big the network.

When has a network ended? When its status is closed, or when its end date (Belgian time) has
passed: only then can a participation statement be issued (``network_has_ended``).
"""

import decimal
import re

from django.contrib.postgres.search import SearchQuery
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext

from evaluations.enums import GoalStatus, QuestionnaireKind
from evaluations.models import Answer, IntakeResponse, LearningGoal
from minutes.models import ActionItem
from networks.enums import MembershipStatus, Role
from networks.models import Membership, Network
from portfolio import library
from portfolio.models import InsightCard, ParticipationStatement, SessionReflection
from sessions.enums import PRESENT_STATUSES, SessionStatus
from sessions.models import AgendaRoleAssignment, Attendance, LearningSession, PracticeQuestion

# A member who left keeps their portfolio (and may still ask for a statement); a removed one
# or someone on the waitlist has none.
PORTFOLIO_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.LEFT)


def hours_of(minutes: int) -> decimal.Decimal:
    """Minutes as hours with two decimals (90 → 1.50)."""
    return (decimal.Decimal(minutes) / 60).quantize(decimal.Decimal("0.01"))


def network_has_ended(network: Network) -> bool:
    """Closed, or past its end date."""
    return network.is_closed or network.end_date < timezone.localdate()


def portfolio_membership(*, user, network_id: int) -> Membership | None:
    """The user's own (plain member) membership of the network, or None (the views 404)."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("network__organisation")
        .filter(
            network_id=network_id,
            user=user,
            role=Role.MEMBER,
            status__in=PORTFOLIO_STATUSES,
        )
        .first()
    )


def attended_sessions(*, user, network: Network) -> tuple[list, int]:
    """(held sessions the user attended, present or late; the number of held sessions)."""
    held = list(
        LearningSession.objects.filter(network=network, status=SessionStatus.HELD).order_by(
            "starts_at"
        )
    )
    present = set(
        Attendance.objects.filter(
            user=user, session__network=network, status__in=PRESENT_STATUSES
        ).values_list("session_id", flat=True)
    )
    return [session for session in held if session.pk in present], len(held)


def facilitator_names(network: Network) -> list[str]:
    return list(
        Membership.objects.filter(
            network=network, role=Role.FACILITATOR, status=MembershipStatus.ACTIVE
        )
        .order_by("user__full_name")
        .values_list("user__full_name", flat=True)
    )


def _roles_by_session(*, user, network: Network) -> dict[int, list[str]]:
    """The roles the user took, per session: for the whole session ("Chair") first, then on an
    agenda item, named with the item ("Case owner: Falls at night"), in agenda order."""
    roles: dict[int, list[str]] = {}
    assignments = (
        AgendaRoleAssignment.objects.filter(user=user, session__network=network)
        .select_related("item")
        .order_by("session__starts_at", F("item__position").asc(nulls_first=True), "item", "role")
    )
    for assignment in assignments:
        label = assignment.get_role_display()
        if assignment.item is not None:
            label = gettext("%(role)s: %(item)s") % {"role": label, "item": assignment.item.title}
        roles.setdefault(assignment.session_id, []).append(label)
    return roles


def portfolio(*, user, network: Network) -> dict:
    """Everything the portfolio page and PDF show, for ``user`` only."""
    intake = (
        IntakeResponse.objects.filter(intake__network=network, user=user)
        .only("personal_goals")
        .first()
    )
    ratings = dict(
        Answer.objects.filter(
            response__user=user,
            response__questionnaire__network=network,
            response__questionnaire__kind=QuestionnaireKind.FINAL,
            response__questionnaire__anonymous=False,
            question__goal__isnull=False,
            value__isnull=False,
        ).values_list("question__goal_id", "value")
    )
    goals = [
        {"goal": goal, "rating": ratings.get(goal.pk)}
        for goal in LearningGoal.objects.filter(network=network, status=GoalStatus.ADOPTED)
    ]
    held = list(
        LearningSession.objects.filter(network=network, status=SessionStatus.HELD).order_by(
            "starts_at"
        )
    )
    attendance = dict(
        Attendance.objects.filter(user=user, session__network=network).values_list(
            "session_id", "status"
        )
    )
    roles = _roles_by_session(user=user, network=network)
    reflections = dict(
        SessionReflection.objects.filter(user=user, session__network=network).values_list(
            "session_id", "text"
        )
    )
    rows = []
    for session in held:
        attended = attendance.get(session.pk) in PRESENT_STATUSES
        rows.append(
            {
                "session": session,
                "attended": attended,
                "minutes": session.duration_minutes if attended else 0,
                "hours": hours_of(session.duration_minutes) if attended else None,
                "roles": roles.get(session.pk, []),
                "reflection": reflections.get(session.pk, ""),
            }
        )
    total_minutes = sum(row["minutes"] for row in rows)
    actions = list(
        ActionItem.objects.filter(owner=user, minutes__session__network=network)
        .select_related("minutes__session", "goal")
        .order_by("minutes__session__starts_at", "position", "pk")
    )
    questions = list(
        PracticeQuestion.objects.filter(network=network, author=user)
        .select_related("agenda_item__session")
        .order_by("created_at", "pk")
    )
    return {
        "personal_goals": intake.goal_list if intake else [],
        "goals": goals,
        "rows": rows,
        "sessions_attended": sum(1 for row in rows if row["attended"]),
        "sessions_held": len(rows),
        "total_minutes": total_minutes,
        "total_hours": hours_of(total_minutes),
        "roles_taken": [(row["session"], row["roles"]) for row in rows if row["roles"]],
        "actions": actions,
        "questions": questions,
        "has_ended": network_has_ended(network),
    }


def my_statement(*, user, network: Network) -> ParticipationStatement | None:
    """The user's latest statement for the network that is not revoked."""
    return (
        ParticipationStatement.objects.filter(user=user, network=network, revoked_at__isnull=True)
        .order_by("-issued_at", "-pk")
        .first()
    )


def statement_by_token(token: str) -> ParticipationStatement | None:
    """The public lookup: an exact token, nothing else (a changed character finds nothing)."""
    if not token or len(token) > 64:
        return None
    return ParticipationStatement.objects.filter(token=token).first()


def network_statements(*, network: Network):
    """The statements issued in a network, for its facilitators (frozen names: no joins)."""
    return ParticipationStatement.objects.filter(network=network).order_by("-issued_at", "-pk")


# The insight library (issue 14.3) ----------------------------------------------------------------


def _search(cards, *, field: str, query: str, configs: list[str]):
    """``cards`` matching ``query``: PostgreSQL full-text search in the given configurations
    (any of them), or a plain ``icontains`` of each word on other databases."""
    if not query:
        return cards
    if library.uses_full_text():
        search = None
        for config in configs:
            one = SearchQuery(query, config=config, search_type="websearch")
            search = one if search is None else search | one
        return cards.filter(**{f"{field}_search_vector" if field else "search_vector": search})
    text_field = f"{field}_text" if field else "text"
    for word in re.findall(r"\w+", query):
        cards = cards.filter(**{f"{text_field}__icontains": word})
    return cards


def library_cards(
    *, network, query: str = "", goal_id: int | None = None, session_id: int | None = None
) -> list[InsightCard]:
    """The network's cards (members only: the view checks), with their session, learning goals
    and work forms; filtered by words, a learning goal and a session. Four queries."""
    cards = (
        InsightCard.objects.filter(network=network)
        .select_related("session")
        .prefetch_related("goals", "work_forms")
    )
    if goal_id:
        cards = cards.filter(goals__pk=goal_id)
    if session_id:
        cards = cards.filter(session_id=session_id)
    cards = _search(cards, field="", query=query, configs=[library.search_config(network.language)])
    return list(cards.distinct())


def theme_networks(*, network):
    """The networks whose shared cards ``network``'s members may read: the same theme
    (case-insensitive); a network that runs under an organisation shares only within it."""
    return Network.objects.filter(theme__iexact=network.theme).filter(
        Q(organisation__isnull=True) | Q(organisation_id=network.organisation_id)
    )


def theme_library_cards(*, network, query: str = "") -> list[InsightCard]:
    """The shared cards of the networks of ``network``'s theme: their text without names, the
    work forms; never a session's number or date. Two queries."""
    cards = (
        InsightCard.objects.filter(shared=True, network__in=theme_networks(network=network))
        .only("pk", "kind", "shared_text", "network_id")
        .prefetch_related("work_forms")
        .order_by("-pk")
    )
    cards = _search(
        cards, field="shared", query=query, configs=list(library.SEARCH_CONFIGS.values())
    )
    return list(cards)


def insight_card_by_pk(*, pk: int) -> InsightCard | None:
    """The insight card ``pk`` with its network, whoever asks: the network's door decides
    (pages.portfolio.library_views.InsightShareView)."""
    return InsightCard.objects.select_related("network", "session", "version").filter(pk=pk).first()
