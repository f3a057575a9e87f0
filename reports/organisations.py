"""What an organisation's coordinators and people see across its networks (issue 13).

Reads only, each at a fixed number of queries however many networks, members or sessions there
are. A coordinator sees aggregates of the networks the organisation runs — seats, waitlists,
attendance rates, evaluation results that meet the anonymity threshold, health warnings, themes —
never members-only content (intake answers, practice questions, minutes): those pages stay
404 for them unless they are the network's facilitator or member (networks.rules).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Prefetch, Q, Sum

from accounts.models import Organisation, ThemeInterest, User
from evaluations.selectors import network_ratings
from networks.enums import MembershipStatus, NetworkStatus, Role, Scope
from networks.models import Membership, Network
from sessions.enums import PRESENT_STATUSES, SessionStatus
from sessions.models import Attendance

# The smallest group an aggregate about people may describe where no network's own threshold
# applies (the organisation's totals): the lowest anonymity threshold a network can have.
ORGANISATION_THRESHOLD = 3


@dataclass
class NetworkRow:
    network: Network
    facilitators: list[str]
    waitlist: int
    attendance_rate: int | None  # percent, None when no attendance was recorded
    rating: float | None  # mean of the scale answers it may show, None when hidden or none
    rating_answers: int  # responses behind ``rating`` (0 when hidden)
    rating_hidden: bool  # answers exist, but no question has k of them
    warnings: list[str] = field(default_factory=list)
    health_measured_at: object = None


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def organisation_overview(*, organisation: Organisation, language: str) -> dict:
    """The coordinators' page: one row per network the organisation runs, and the totals.
    Seven queries, whatever the number of networks."""
    networks = list(
        Network.objects.filter(organisation=organisation)
        .select_related("health_snapshot")
        .annotate(
            waiting=Count("memberships", filter=Q(memberships__status=MembershipStatus.WAITLISTED))
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(
                    role=Role.FACILITATOR, status=MembershipStatus.ACTIVE
                )
                .select_related("user")
                .order_by("user__full_name"),
                to_attr="facilitator_memberships",
            )
        )
        .order_by("-start_date", "name")
    )
    ids = [network.pk for network in networks]
    attendance = {
        row["session__network_id"]: row
        for row in Attendance.objects.filter(
            session__network_id__in=ids, session__status=SessionStatus.HELD
        )
        .values("session__network_id")
        .annotate(present=Count("pk", filter=Q(status__in=PRESENT_STATUSES)), total=Count("pk"))
    }
    # The one k rule, per question with its questionnaire's frozen threshold (evaluations).
    ratings = network_ratings(network_ids=ids)
    rows = []
    for network in networks:
        counted = attendance.get(network.pk, {"present": 0, "total": 0})
        rating = ratings.get(network.pk)
        snapshot = getattr(network, "health_snapshot", None)
        rows.append(
            NetworkRow(
                network=network,
                facilitators=[m.user.full_name for m in network.facilitator_memberships],
                waitlist=network.waiting,
                attendance_rate=_percent(counted["present"], counted["total"]),
                rating=(
                    round(rating["total"] / rating["answers"], 1)
                    if rating and rating["answers"]
                    else None
                ),
                rating_answers=rating["responses"] if rating else 0,
                rating_hidden=bool(rating and rating["hidden"] and not rating["answers"]),
                warnings=snapshot.titles(language) if snapshot else [],
                health_measured_at=snapshot.measured_at if snapshot else None,
            )
        )
    present = sum(row["present"] for row in attendance.values())
    recorded = sum(row["total"] for row in attendance.values())
    answers = sum(rating["answers"] for rating in ratings.values())
    responses = sum(rating["responses"] for rating in ratings.values())
    return {
        "rows": rows,
        "running": sum(
            1 for n in networks if n.status in (NetworkStatus.OPEN, NetworkStatus.RUNNING)
        ),
        "seats_taken": sum(n.member_count for n in networks if n.status != NetworkStatus.CLOSED),
        "seats": sum(n.member_cap for n in networks if n.status != NetworkStatus.CLOSED),
        "waitlist": sum(n.waiting for n in networks),
        "attendance_rate": _percent(present, recorded),
        "rating": (
            round(sum(r["total"] for r in ratings.values()) / answers, 1) if answers else None
        ),
        "rating_responses": responses,
        "themes": sorted({n.theme for n in networks if n.theme}, key=str.casefold),
        "interest": interest_per_theme(organisation=organisation),
    }


def interest_per_theme(*, organisation: Organisation) -> list[dict]:
    """How many people of the organisation asked for a network on each theme (counts only),
    most asked first. One query."""
    return list(
        ThemeInterest.objects.filter(organisation=organisation)
        .values("theme_key")
        .annotate(people=Count("user", distinct=True), theme=Min("theme"))
        .order_by("-people", "theme_key")
    )


def inventory(*, organisation: Organisation, user) -> dict:
    """For a person of the organisation: the networks it runs (not drafts) and the other
    networks its people take part in (open to others: not internal ones of someone else), and
    the themes this person asked for. Three queries."""
    runs = list(
        Network.objects.filter(organisation=organisation)
        .exclude(status=NetworkStatus.DRAFT)
        .order_by("-start_date", "name")
    )
    takes_part = list(
        Network.objects.filter(
            memberships__organisation=organisation,
            memberships__status=MembershipStatus.ACTIVE,
            scope=Scope.EXTERNAL,
        )
        .exclude(organisation=organisation)
        .exclude(status=NetworkStatus.DRAFT)
        .distinct()
        .order_by("-start_date", "name")
    )
    mine = list(
        ThemeInterest.objects.filter(organisation=organisation, user=user).order_by("theme_key")
    )
    return {"runs": runs, "takes_part": takes_part, "my_interests": mine}


@dataclass
class ParticipationRow:
    person: User
    network: Network
    sessions: int
    held: int
    hours: float


def _hours(duration) -> float:
    return round((duration or timedelta()).total_seconds() / 3600, 1)


def participation_report(*, organisation: Organisation) -> dict:
    """The participation report for the organisation's coordinators (training policy): per
    person who allowed it (``User.participation_visible_to_organisation``), each network they
    took part in as the organisation's member, the sessions attended of those held and the
    hours. Everyone else counts only in the totals, and the totals are not shown for fewer than
    ``ORGANISATION_THRESHOLD`` people. Four queries."""
    memberships = list(
        Membership.objects.filter(organisation=organisation, role=Role.MEMBER)
        .exclude(status=MembershipStatus.WAITLISTED)
        .select_related("user", "network")
        .order_by("user__full_name", "user_id", "network__start_date", "network_id")
    )
    network_ids = {m.network_id for m in memberships}
    user_ids = {m.user_id for m in memberships}
    duration = ExpressionWrapper(F("session__ends_at") - F("session__starts_at"), DurationField())
    attended = {
        (row["user_id"], row["session__network_id"]): row
        for row in Attendance.objects.filter(
            user_id__in=user_ids,
            session__network_id__in=network_ids,
            session__status=SessionStatus.HELD,
            status__in=PRESENT_STATUSES,
        )
        .values("user_id", "session__network_id")
        .annotate(sessions=Count("pk"), time=Sum(duration))
    }
    held = dict(
        Network.objects.filter(pk__in=network_ids)
        .annotate(held=Count("sessions", filter=Q(sessions__status=SessionStatus.HELD)))
        .values_list("pk", "held")
    )
    rows, others = [], defaultdict(lambda: {"sessions": 0, "time": timedelta()})
    for membership in memberships:
        row = attended.get((membership.user_id, membership.network_id), {})
        sessions, time = row.get("sessions", 0), row.get("time") or timedelta()
        if membership.user.participation_visible_to_organisation:
            rows.append(
                ParticipationRow(
                    person=membership.user,
                    network=membership.network,
                    sessions=sessions,
                    held=held.get(membership.network_id, 0),
                    hours=_hours(time),
                )
            )
        else:
            other = others[membership.user_id]
            other["sessions"] += sessions
            other["time"] += time
    people = len(others)
    shown = people >= ORGANISATION_THRESHOLD
    return {
        "organisation": organisation,
        "rows": rows,
        "named_people": len({row.person.pk for row in rows}),
        "named_hours": round(sum(row.hours for row in rows), 1),
        "others": {
            "shown": shown,
            "people": people if shown else None,
            "sessions": sum(o["sessions"] for o in others.values()) if shown else None,
            "hours": _hours(sum((o["time"] for o in others.values()), timedelta()))
            if shown
            else None,
        },
        "threshold": ORGANISATION_THRESHOLD,
    }
