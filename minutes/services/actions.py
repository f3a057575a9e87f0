"""Try-out actions: their owners say how they went, what was not done carries over into the
network's next session (with a feedback item on its agenda), and the owners of open actions are
asked how it went before that session (the check-in emails, outbox rows)."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import outbox
from core.errors import ApplicationError
from minutes import selectors
from minutes.enums import ActionStatus
from minutes.models import ActionCheckIn, ActionItem, Minutes
from networks.enums import NetworkStatus
from networks.selectors import active_member_ids
from sessions.enums import SessionStatus
from sessions.models import AgendaItem, LearningSession

# The owners of open try-out actions are asked how it went this long before the next session.
CHECKIN_BEFORE = datetime.timedelta(days=3)
FEEDBACK_ITEM_MINUTES = 15
# Carried over to the next session: what was not done (and, once the next session is held,
# what its owner never answered). "Partly done" counts as followed up: it is not carried.
CARRIED_STATUSES = (ActionStatus.NOT_DONE,)


def action_answer(*, action: ActionItem, status: str, outcome: str, acting_user) -> ActionItem:
    """The owner says how a try-out action went: done, partly or not done, with one line. Only
    the owner may (anyone else is refused; the view already answers 404). What is now not done
    carries over to the next planned session; what is now done no longer does."""
    if action.owner_id != acting_user.pk:
        raise ApplicationError(_("Only the owner of an action can say how it went."))
    if status not in (ActionStatus.DONE, ActionStatus.PARTLY, ActionStatus.NOT_DONE):
        raise ApplicationError(_("Choose how it went: done, partly done or not done."))
    outcome = (outcome or "").strip()
    if len(outcome) > ActionItem._meta.get_field("outcome").max_length:
        raise ApplicationError(_("Say how it went in one line (at most 300 characters)."))
    with transaction.atomic():
        locked = (
            ActionItem.objects.select_for_update()
            .select_related("minutes__session")
            .get(pk=action.pk)
        )
        if locked.minutes.session.is_cancelled:
            raise ApplicationError(_("This session was cancelled, so it has no minutes."))
        locked.status = status
        locked.outcome = outcome
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "outcome", "answered_at"])
        actions_feed_back_after(session=locked.minutes.session)
    return locked


def actions_feed_back_after(*, session: LearningSession) -> None:
    """``session``'s actions changed: feed them back into the network's next session, if it is
    still planned."""
    following = selectors.next_session(session=session)
    if following is not None and following.status == SessionStatus.PLANNED:
        actions_feed_back(session=following)


def _feedback_notes(actions: list[ActionItem], language: str) -> str:
    """The feedback item's notes, in the network's language: one line per action."""
    with translation.override(language):
        if not actions:
            return _("No try-out actions were agreed in the previous session.")
        lines = []
        nobody = _("nobody yet")
        for action in actions:
            line = f"- {action.owner_name or nobody}: {action.what} — "
            line += str(action.get_status_display())
            if action.outcome:
                line += f": {action.outcome}"
            lines.append(line)
        return "\n".join(lines)[: AgendaItem._meta.get_field("notes").max_length]


@transaction.atomic
def actions_feed_back(*, session: LearningSession) -> Minutes | None:
    """Bring the try-out actions of the network's previous session back into ``session``:

    - while ``session`` is planned, its agenda gets one item "Feedback on try-out actions"
      (FEEDBACK_ITEM_MINUTES) whose notes list those actions (owner, what, how it went, the
      owner's line), rewritten whenever they change; added once (``Minutes.feedback_item``):
      a facilitator who deletes it does not get it back;
    - every action not done (CARRIED_STATUSES, and still open ones once ``session`` is held)
      becomes a new action of ``session``'s minutes draft (created if needed) pointing at it
      (``carried_from``), once (a unique key); a carried action whose original is now done or
      partly done, and that nobody touched yet, is removed again.

    Idempotent: called when ``session`` is planned or held, and whenever the previous
    session's actions are saved or answered. Nothing for a cancelled session, or a session
    without a previous one that agreed actions."""
    if session.is_cancelled:
        return None
    previous = selectors.previous_session(session=session)
    if previous is None:
        return None
    actions = selectors.session_actions(session=previous)
    target = Minutes.objects.filter(session=session).first()
    if target is None:
        if not actions:
            return None
        target, _created = Minutes.objects.get_or_create(session=session)
    target = Minutes.objects.select_for_update().get(pk=target.pk)
    if session.is_planned and actions and target.actions_fed_back_at is None:
        position = (session.agenda.aggregate(p=Max("position"))["p"] or 0) + 1
        with translation.override(session.network.language):
            title = _("Feedback on try-out actions")
        target.feedback_item = AgendaItem.objects.create(
            session=session, position=position, title=title, duration_minutes=FEEDBACK_ITEM_MINUTES
        )
        target.actions_fed_back_at = timezone.now()
        target.save(update_fields=["feedback_item", "actions_fed_back_at"])
    if session.is_planned and target.feedback_item_id:
        AgendaItem.objects.filter(pk=target.feedback_item_id).update(
            notes=_feedback_notes(actions, session.network.language)
        )
    carried = set(CARRIED_STATUSES)
    if session.is_held:
        carried.add(ActionStatus.OPEN)
    copies = {a.carried_from_id: a for a in target.actions.filter(carried_from__isnull=False)}
    position = (target.actions.aggregate(p=Max("position"))["p"] or 0) + 1
    for action in actions:
        copy = copies.get(action.pk)
        if action.status in carried and copy is None:
            ActionItem.objects.create(
                minutes=target,
                carried_from=action,
                what=action.what,
                owner_id=action.owner_id,
                who=action.who,
                goal_id=action.goal_id,
                position=position,
            )
            position += 1
        elif (
            action.status in (ActionStatus.DONE, ActionStatus.PARTLY)
            and copy is not None
            and copy.is_open
            and not copy.outcome
            and not target.versions.exists()
        ):
            copy.delete()
    return target


def checkins_queue_due(*, now: datetime.datetime | None = None) -> int:
    """Beat: for every planned session within CHECKIN_BEFORE (three days), one "how did your
    try-out go?" email (an ``ActionCheckIn`` outbox row) to each owner of open actions agreed in
    the network's earlier sessions, who is still in the network: once per owner and session (the
    unique key; a second run creates nothing). Returns how many rows were created."""
    now = now or timezone.now()
    due = (
        LearningSession.objects.filter(
            status=SessionStatus.PLANNED, starts_at__gt=now, starts_at__lte=now + CHECKIN_BEFORE
        )
        .exclude(network__status=NetworkStatus.CLOSED)
        .only("pk", "network_id", "starts_at")
    )
    created = 0
    for session in due:
        owners = set(
            ActionItem.objects.filter(
                status=ActionStatus.OPEN,
                owner__isnull=False,
                minutes__session__network_id=session.network_id,
                minutes__session__starts_at__lt=session.starts_at,
            )
            .exclude(minutes__session__status=SessionStatus.CANCELLED)
            .values_list("owner_id", flat=True)
        )
        owners &= active_member_ids(network_id=session.network_id, include_facilitators=True)
        key = {"session": session, "resend_of": None}
        missing = owners - set(
            ActionCheckIn.objects.filter(**key).values_list("owner_id", flat=True)
        )
        if not missing:
            continue
        with transaction.atomic():
            ActionCheckIn.objects.bulk_create(
                [ActionCheckIn(session=session, owner_id=pk) for pk in sorted(missing)],
                ignore_conflicts=True,
            )
            new = list(
                ActionCheckIn.objects.filter(**key, owner_id__in=missing).values_list(
                    "pk", flat=True
                )
            )
            outbox.enqueue_many(ActionCheckIn, new)
        created += len(new)
    return created
