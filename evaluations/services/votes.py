"""Dot votes: on learning goals, topics or work forms; opened, cast, closed and counted."""

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from evaluations.audit import AuditAction
from evaluations.enums import GoalStatus, VoteKind
from evaluations.models import Vote, VoteBallot, VoteOption
from evaluations.services.emails import emails_queue
from evaluations.services.guards import require_facilitator
from networks.models import Network
from networks.selectors import active_member_ids


@transaction.atomic
def vote_create(
    *,
    network: Network,
    kind: str,
    title: str,
    points: int,
    closes_at,
    options: list[str],
    acting_user,
) -> Vote:
    """A dot vote. For learning goals the options are the proposed goals. Each active member
    gets one email with the link (after commit); ``reminders_send_due`` reminds those who have
    not voted when it nears its close."""
    require_facilitator(acting_user, network)
    if closes_at <= timezone.now():
        raise ApplicationError(_("The vote must close in the future."))
    vote = Vote.objects.create(
        network=network, kind=kind, title=title, points=points, closes_at=closes_at
    )
    if kind == VoteKind.GOALS:
        goals = list(network.learning_goals.filter(status=GoalStatus.PROPOSED))
        VoteOption.objects.bulk_create(
            [VoteOption(vote=vote, title=goal.title, goal=goal) for goal in goals]
        )
    else:
        titles = [title.strip() for title in options if title.strip()]
        if any(len(title) > VoteOption._meta.get_field("title").max_length for title in titles):
            raise ApplicationError(_("An option can have at most 200 characters."))
        VoteOption.objects.bulk_create([VoteOption(vote=vote, title=t) for t in titles])
    if vote.options.count() < 2:
        raise ApplicationError(_("A vote needs at least two options."))
    audit_record(
        actor=acting_user, action=AuditAction.VOTE_OPENED, network=network, detail=f"vote {vote.pk}"
    )
    emails_queue(
        network_id=network.pk,
        user_ids=active_member_ids(network_id=network.pk),
        kind="invitation",
        vote=vote,
    )
    return vote


def vote_cast(*, vote: Vote, allocation: dict[int, int], acting_user) -> None:
    """Spread ``acting_user``'s (a member's) points over the options; replaces an earlier
    ballot."""
    if vote.is_closed:
        raise ApplicationError(
            _("This vote closed before your points were saved. The results are below.")
        )
    if acting_user.pk not in active_member_ids(network_id=vote.network_id):
        raise ApplicationError(_("Only members can vote."))
    option_ids = set(vote.options.values_list("pk", flat=True))
    if set(allocation) - option_ids:
        raise ApplicationError(_("Vote only for the options of this vote."))
    if any(points < 0 for points in allocation.values()):
        raise ApplicationError(_("Points cannot be negative."))
    total = sum(allocation.values())
    if total > vote.points:
        raise ApplicationError(
            _("You have %(allowed)d points to spread; you used %(used)d.")
            % {"allowed": vote.points, "used": total}
        )
    if total == 0:
        raise ApplicationError(_("Give at least one point."))
    with transaction.atomic():
        # Closing locks the same row: a vote closed while this member was choosing (the page
        # still open, ``vote`` read before the close) is refused here, never half-counted.
        locked = Vote.objects.select_for_update().get(pk=vote.pk)
        if locked.is_closed:
            raise ApplicationError(
                _("This vote closed before your points were saved. The results are below.")
            )
        VoteBallot.objects.filter(option__vote=vote, user=acting_user).delete()
        VoteBallot.objects.bulk_create(
            [
                VoteBallot(option_id=option_id, user=acting_user, points=points)
                for option_id, points in allocation.items()
                if points
            ]
        )


def vote_close(*, vote: Vote, acting_user) -> Vote:
    require_facilitator(acting_user, vote.network)
    if vote.is_closed:
        raise ApplicationError(_("This vote is already closed."))
    with transaction.atomic():
        locked = Vote.objects.select_for_update().get(pk=vote.pk)
        if locked.closed_at is not None:
            raise ApplicationError(_("This vote is already closed."))
        vote.closed_at = timezone.now()
        vote.save(update_fields=["closed_at"])
        audit_record(
            actor=acting_user,
            action=AuditAction.VOTE_CLOSED,
            network=vote.network_id,
            detail=f"vote {vote.pk}",
        )
    return vote


def vote_results(*, vote: Vote) -> list[dict] | None:
    """Points per option, most first — or None while the vote is open."""
    if not vote.is_closed:
        return None
    totals = {
        row["option"]: row["total"]
        for row in VoteBallot.objects.filter(option__vote=vote)
        .values("option")
        .annotate(total=Sum("points"))
    }
    results = [
        {"option": option, "points": totals.get(option.pk, 0)} for option in vote.options.all()
    ]
    return sorted(results, key=lambda row: (-row["points"], row["option"].pk))
