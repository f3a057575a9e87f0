"""Reads for learning goals and dot votes on the goals page and a vote's page (issue 24): the
members' personal goals from the intake as suggestions for draft goals, a vote's turnout, and
the points each goal got in the network's latest closed goals vote.

Beside ``evaluations.selectors`` (at its size limit) rather than in it. Turnout is a count of
members who voted, never who voted or what: the points stay hidden until the vote closes
(``services.vote_results``)."""

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from evaluations.enums import VoteKind
from evaluations.models import IntakeResponse, LearningGoal, Vote, VoteBallot, VoteOption
from networks.enums import MembershipStatus, Role
from networks.models import Membership, Network


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


def _voters(network_id: int):
    """The active members, as a subquery: a member who left no longer counts as having voted."""
    return Membership.objects.filter(
        network_id=network_id, status=MembershipStatus.ACTIVE, role=Role.MEMBER
    ).values("user_id")


def votes_with_turnout(*, network: Network) -> list[Vote]:
    """The network's votes, newest first, each with ``turnout`` (how many active members have
    voted: "7 of 12 voted", against ``network.member_count``) and its options; an option of a
    closed vote carries ``total`` (its points), an option of an open vote None, so no open
    vote's points are ever read. One query for the votes, one for their options."""
    now = timezone.now()
    closed = Q(vote__closed_at__isnull=False) | Q(vote__closes_at__lte=now)
    options = VoteOption.objects.annotate(total=Sum("ballots__points", filter=closed))
    return list(
        network.votes.annotate(
            turnout=Count(
                "options__ballots__user",
                distinct=True,
                filter=Q(options__ballots__user_id__in=_voters(network.pk)),
            )
        ).prefetch_related(Prefetch("options", queryset=options))
    )


def vote_turnout(*, vote: Vote) -> int:
    """How many active members have voted in ``vote`` (never who, never what)."""
    return (
        VoteBallot.objects.filter(option__vote=vote, user_id__in=_voters(vote.network_id))
        .values("user_id")
        .distinct()
        .count()
    )


def latest_goal_points(*, votes: list[Vote]) -> tuple[Vote | None, dict[int, int]]:
    """Of ``votes`` (``votes_with_turnout``, newest first): the latest closed vote on learning
    goals and the points each of its goals got. No query."""
    vote = next((v for v in votes if v.kind == VoteKind.GOALS and v.is_closed), None)
    if vote is None:
        return None, {}
    return vote, {o.goal_id: o.total or 0 for o in vote.options.all() if o.goal_id}
