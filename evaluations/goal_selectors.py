"""Reads for learning goals and dot votes on the goals page and a vote's page (issue 24): the
members' personal goals from the intake as suggestions for draft goals, a vote's turnout, and
the points each goal got in the network's latest closed goals vote.

Beside ``evaluations.selectors`` (at its size limit) rather than in it. Turnout is a count of
members who voted, never who voted or what: the points stay hidden until the vote closes
(``services.vote_results``)."""

from django.db.models import Count, Q, Sum
from django.utils import timezone

from evaluations.enums import VoteKind
from evaluations.models import IntakeResponse, LearningGoal, Vote, VoteBallot
from networks.models import Network
from networks.selectors import active_member_ids


def personal_goal_suggestions(*, network: Network, goals: list[LearningGoal]) -> list[dict]:
    """Each personal goal the members wrote in the intake once (the same words from two members
    are one suggestion), with who wrote it and whether it is a goal of the network already
    (same words, case aside). In the intake's order; one query (``goals`` is read already)."""
    existing = {goal.title.casefold() for goal in goals}
    suggestions: dict[str, dict] = {}
    responses = (
        IntakeResponse.objects.filter(intake__network=network).select_related("user").order_by("pk")
    )
    for response in responses:
        for text in response.goal_list:
            key = text.casefold()
            row = suggestions.setdefault(
                key, {"text": text, "names": [], "is_goal": key in existing}
            )
            row["names"].append(response.user.full_name)
    return list(suggestions.values())


def intake_goal_texts(*, network: Network) -> set[str]:
    """The personal goals of the network's intake, as written (what may become a draft goal)."""
    return {
        text
        for response in IntakeResponse.objects.filter(intake__network=network)
        for text in response.goal_list
    }


def votes_turnout(*, network: Network) -> tuple[dict[int, int], int]:
    """How many active members have voted in each of the network's votes, and how many active
    members there are: "7 of 12 voted". Two queries, however many votes."""
    members = active_member_ids(network_id=network.pk)
    voted = dict(
        VoteBallot.objects.filter(option__vote__network=network, user_id__in=members)
        .values("option__vote")
        .annotate(people=Count("user", distinct=True))
        .values_list("option__vote", "people")
    )
    return voted, len(members)


def latest_goal_points(*, network: Network) -> tuple[Vote | None, dict[int, int]]:
    """The network's latest closed vote on learning goals and the points each goal got in it
    (goals nobody gave a point are absent). Results of a closed vote only."""
    now = timezone.now()
    vote = (
        Vote.objects.filter(network=network, kind=VoteKind.GOALS)
        .filter(Q(closed_at__isnull=False) | Q(closes_at__lte=now))
        .order_by("-created_at", "-pk")
        .first()
    )
    if vote is None:
        return None, {}
    points = dict(
        VoteBallot.objects.filter(option__vote=vote, option__goal__isnull=False)
        .values("option__goal")
        .annotate(total=Sum("points"))
        .values_list("option__goal", "total")
    )
    return vote, points
