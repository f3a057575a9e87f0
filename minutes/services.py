"""Minutes: drafting, review, publishing, the PDF (rendered once per version) and its delivery to
the recipients through the outbox (core/outbox.py). See docs/architecture.md, "The path of
published minutes"."""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Value
from django.db.models.functions import Replace
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import outbox
from core.audit import audit_record
from core.erasure import ERASED_NAME
from core.errors import ApplicationError
from core.pdf import render_pdf
from core.stored_pdf import PdfState, pdf_render_claimed
from core.tasks import enqueue_on_commit
from evaluations.enums import GoalStatus
from evaluations.models import LearningGoal
from minutes import rules, selectors, tasks
from minutes.audit import AuditAction
from minutes.enums import ActionStatus, ReadVia
from minutes.models import (
    ActionCheckIn,
    ActionItem,
    CatchUpReminder,
    Minutes,
    MinutesComment,
    MinutesDelivery,
    MinutesItemNote,
    MinutesRead,
    MinutesVersion,
)
from minutes.signals import minutes_published
from networks.enums import MembershipStatus, NetworkStatus
from networks.models import Membership
from networks.selectors import active_member_ids
from sessions.enums import ABSENT_STATUSES, PRESENT_STATUSES, AttendanceStatus, SessionStatus
from sessions.models import AgendaItem, Attendance, LearningSession

logger = logging.getLogger(__name__)

SECTIONS = ("summary", "insights", "agreements", "questions_next", "next_session")
# The owners of open try-out actions are asked how it went this long before the next session.
CHECKIN_BEFORE = datetime.timedelta(days=3)
FEEDBACK_ITEM_MINUTES = 15
# Carried over to the next session: what was not done (and, once the next session is held,
# what its owner never answered). "Partly done" counts as followed up: it is not carried.
CARRIED_STATUSES = (ActionStatus.NOT_DONE,)


def minutes_require_editable(*, session: LearningSession) -> None:
    """Minutes are written for a session that takes place: a cancelled one has none."""
    if session.is_cancelled:
        raise ApplicationError(
            _("This session was cancelled, so it has no minutes."), code="cancelled"
        )


def minutes_get_or_create(*, session: LearningSession, acting_user) -> Minutes:
    """The session's draft, created on first use (by a POST: the editor's GET only reads). A
    cancelled session has no minutes: refused."""
    minutes_require_editable(session=session)
    minutes, _created = Minutes.objects.get_or_create(
        session=session, defaults={"updated_by": acting_user}
    )
    return minutes


@transaction.atomic
def minutes_save_draft(
    *, minutes: Minutes, data: dict, item_notes: dict[int, str], actions: list[dict], acting_user
) -> Minutes:
    """Save the draft: the sections, notes per agenda item and the try-out actions. Refused for a
    cancelled session.

    An action with an ``id`` (one of these minutes' actions; another id is refused) is updated
    in place, so how it went (status, outcome) and what it carries over survive every save;
    one without is new; a saved action the draft no longer has is deleted. An ``owner_id`` must
    be an active member (or facilitator) of the network and a ``goal_id`` one of its adopted
    learning goals: else refused, with nothing written."""
    minutes_require_editable(session=minutes.session)
    session = minutes.session
    for field in SECTIONS:
        setattr(minutes, field, data.get(field, ""))
    minutes.updated_by = acting_user
    minutes.save()
    item_ids = set(session.agenda.values_list("pk", flat=True))
    for item_id, notes in item_notes.items():
        if item_id not in item_ids:
            raise ApplicationError(_("This agenda item is not part of the session."))
        MinutesItemNote.objects.update_or_create(
            minutes=minutes, agenda_item_id=item_id, defaults={"notes": notes}
        )
    _actions_save(minutes=minutes, actions=[a for a in actions if a.get("what")])
    actions_feed_back_after(session=session)
    return minutes


def _actions_save(*, minutes: Minutes, actions: list[dict]) -> None:
    network_id = minutes.session.network_id
    saved = {a.pk: a for a in ActionItem.objects.filter(minutes=minutes).select_for_update()}
    # An owner who left the network may stay on the action they already had.
    owners = {
        a["owner_id"]
        for a in actions
        if a.get("owner_id")
        and not (a.get("id") in saved and saved[a["id"]].owner_id == a["owner_id"])
    }
    if owners - active_member_ids(network_id=network_id, include_facilitators=True):
        raise ApplicationError(
            _(
                "An action's owner is not a member of the network: choose a member, or write the "
                "name of someone outside."
            ),
            code="not_a_member",
        )
    goals = {
        a["goal_id"]
        for a in actions
        if a.get("goal_id")
        and not (a.get("id") in saved and saved[a["id"]].goal_id == a["goal_id"])
    }
    if goals - set(
        LearningGoal.objects.filter(
            network_id=network_id, status=GoalStatus.ADOPTED, pk__in=goals
        ).values_list("pk", flat=True)
    ):
        raise ApplicationError(_("Choose one of the network's adopted learning goals."))
    kept = set()
    for position, data in enumerate(actions):
        action_id = data.get("id")
        if action_id and action_id not in saved:
            raise ApplicationError(
                _("This action is no longer part of these minutes: reload the page.")
            )
        action = saved[action_id] if action_id else ActionItem(minutes=minutes)
        action.what = data["what"]
        action.owner_id = data.get("owner_id") or None
        action.who = "" if action.owner_id else data.get("who", "")
        action.due = data.get("due")
        action.goal_id = data.get("goal_id") or None
        action.position = position
        action.save()
        kept.add(action.pk)
    ActionItem.objects.filter(minutes=minutes).exclude(pk__in=kept).delete()


def minutes_open_review(*, minutes: Minutes, acting_user) -> Minutes:
    """Attendees may comment on the draft for the network's ``minutes_review_days``."""
    days = minutes.session.network.minutes_review_days
    if not days:
        raise ApplicationError(_("This network does not review minutes before publishing."))
    minutes.review_until = timezone.now() + datetime.timedelta(days=days)
    minutes.save(update_fields=["review_until", "updated_at"])
    logger.info("user %s opened the review of minutes %s", acting_user.pk, minutes.pk)
    return minutes


def minutes_review_open(minutes: Minutes | None) -> bool:
    return bool(minutes and minutes.review_until and minutes.review_until > timezone.now())


def minutes_comment(*, minutes: Minutes, acting_user, text: str) -> MinutesComment:
    """Attendees (present or late) comment on the draft while the review window is open; the
    comment is ``acting_user``'s."""
    if not minutes_review_open(minutes):
        raise ApplicationError(_("The review of these minutes is closed."))
    attended = Attendance.objects.filter(
        session=minutes.session, user=acting_user, status__in=PRESENT_STATUSES
    ).exists()
    if not attended:
        raise ApplicationError(_("Only members who attended can comment on the draft."))
    if not text.strip():
        raise ApplicationError(_("Write a comment first."))
    return MinutesComment.objects.create(minutes=minutes, author=acting_user, text=text.strip())


def minutes_content(*, minutes: Minutes) -> dict:
    """The snapshot a version freezes: sections, notes per agenda item, actions, attendance."""
    session = minutes.session
    notes = {note.agenda_item_id: note.notes for note in minutes.item_notes.all()}
    attendance = {status: [] for status in AttendanceStatus.values}
    for row in Attendance.objects.filter(session=session).select_related("user"):
        attendance[row.status].append(row.user.full_name)
    return {
        **{field: getattr(minutes, field) for field in SECTIONS},
        "items": [
            {"title": item.title, "notes": notes.get(item.pk, "")} for item in session.agenda.all()
        ],
        "actions": [
            {
                "what": a.what,
                "who": a.owner_name,
                "due": a.due.isoformat() if a.due else "",
                "goal": a.goal.title if a.goal_id else "",
                # The member who owns it (None for an outsider): the catch-up pack shows each
                # absent member their own actions.
                "owner": a.owner_id,
            }
            for a in minutes.actions.select_related("owner", "goal")
        ],
        "attendance": {status: sorted(names) for status, names in attendance.items()},
    }


def _is_empty(content: dict) -> bool:
    return not (
        any(content[field].strip() for field in SECTIONS)
        or any(item["notes"].strip() for item in content["items"])
        or content["actions"]
    )


def minutes_mark_read(*, minutes: Minutes, acting_user, via: str = ReadVia.PAGE) -> None:
    """Record that ``acting_user`` opened the published ``minutes``. Called by the GET of the
    minutes page once a version is shown, and by the POST of the catch-up pack's signed "I have
    read it" link (``via=link``): idempotent (the first reading counts; the unique key makes a
    later one a no-op) and one query whether or not the row exists, so the page's query count
    does not depend on it."""
    MinutesRead.objects.bulk_create(
        [MinutesRead(minutes=minutes, user=acting_user, via=via)], ignore_conflicts=True
    )


def minutes_publish(
    *, minutes: Minutes, acting_user, change_note: str = "", include_present: bool = False
) -> MinutesVersion:
    """Publish the draft as a new version. In the same transaction, one outbox row
    (``MinutesDelivery``) per recipient of ``minutes.selectors.minutes_recipients``: the excused or
    absent members who are still members (and the present ones if asked). After commit the PDF is
    rendered once; the render task then enqueues the rows (they are not ready before).

    ``acting_user`` must be a facilitator, or a note-taker when the network allows it
    (``minutes.rules.can_publish_minutes``); anyone else is refused and nothing is written.
    """
    session = minutes.session
    if not rules.can_publish_minutes(acting_user, session):
        raise ApplicationError(
            _(
                "Only a facilitator can publish the minutes: publishing emails them to the "
                "absent members. Propose the draft for review instead."
            ),
            code="not_allowed",
        )
    if session.status != SessionStatus.HELD:
        raise ApplicationError(_("Minutes can be published once the session is marked as held."))
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
        content = minutes_content(minutes=locked)
        if _is_empty(content):
            raise ApplicationError(_("The minutes are empty: write something first."))
        previous = locked.versions.order_by("-number").first()
        if previous is not None:
            if previous.content == content:
                raise ApplicationError(
                    _("Nothing changed since version %(number)d.") % {"number": previous.number}
                )
            if not change_note.strip():
                raise ApplicationError(_("Say briefly what changed in this version."))
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = MinutesVersion.objects.create(
            minutes=locked,
            number=number,
            content=content,
            change_note=change_note.strip(),
            include_present=include_present,
            published_by=acting_user,
        )
        audit_record(
            actor=acting_user,
            action=AuditAction.MINUTES_PUBLISHED,
            network=session.network_id,
            detail=f"session {session.number}, version {number}",
        )
        MinutesDelivery.objects.bulk_create(
            [
                MinutesDelivery(
                    version=version,
                    recipient_id=row.user_id,
                    was_absent=row.status in ABSENT_STATUSES,
                )
                for row in selectors.minutes_recipients(
                    session=session, include_present=include_present
                )
            ]
        )
        # The insight library (portfolio) rebuilds the session's cards, in this transaction.
        minutes_published.send(sender=Minutes, session=session, version=version)
        enqueue_on_commit(tasks.render_minutes_pdf, version_id=version.pk)
    return version


# Try-out actions --------------------------------------------------------------------------------


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


# PDF ------------------------------------------------------------------------------------------


def version_render_pdf(*, version_id: int) -> bool:
    """Render the version's PDF if nobody has (``pdf_render_claimed``), then enqueue the
    version's pending outbox rows, which are ready from then on. Returns whether this call
    rendered."""
    claimed = pdf_render_claimed(
        MinutesVersion.objects.select_related("minutes__session__network"),
        version_id,
        lambda version: minutes_pdf_bytes(version=version),
    )
    if MinutesVersion.objects.filter(pk=version_id, pdf_state=PdfState.READY).exists():
        # Also when another call rendered: enqueueing twice is harmless (every send claims its
        # row first), and it covers a renderer that died right after storing the PDF.
        outbox.enqueue_many(
            MinutesDelivery,
            MinutesDelivery.objects.filter(
                version_id=version_id, state=outbox.OutboxState.PENDING
            ).values_list("pk", flat=True),
        )
    return claimed


def minutes_pdf_bytes(*, version: MinutesVersion) -> bytes:
    session = version.minutes.session
    network = session.network
    return render_pdf(
        template="reports/pdf/minutes.html",
        context={
            "version": version,
            "content": version.content,
            "session": session,
            "network": network,
            "recipients": list(
                version.deliveries.filter(resend_of__isnull=True)
                .select_related("recipient")
                .order_by("recipient__full_name")
            ),
        },
        language=network.language,
    )


# Delivery -------------------------------------------------------------------------------------


def delivery_resend(*, delivery: MinutesDelivery, acting_user) -> MinutesDelivery:
    """Send one row's email again (after a failure, or on request): a new outbox row that points
    at ``delivery`` (``core.outbox.resend``). A row still waiting or being sent is refused with a
    message, and no second row is made. The caller checks that ``acting_user`` may manage the
    delivery of this session."""
    return outbox.resend(delivery, acting_user=acting_user)


# The catch-up pack's reminder ---------------------------------------------------------------

REMINDER_AFTER = datetime.timedelta(days=5)
# A pack sent longer ago than this gets no reminder any more (nor does one sent before the
# reminders existed, when they are first switched on).
REMINDER_WINDOW = datetime.timedelta(days=14)


def catch_up_reminders_due(*, now: datetime.datetime | None = None) -> int:
    """Beat: one reminder to each absent member whose catch-up pack (a minutes email to a member
    who missed the session) went out at least five days ago and who has not read the minutes
    since (no ``MinutesRead``, on the page or by the link) and is still a member. At most one
    per version and recipient, whatever the number of runs: the reminder's unique key, and a
    conditional insert (``ignore_conflicts``). The rows are outbox rows, sent after commit.
    Returns how many were made."""
    now = now or timezone.now()
    read = MinutesRead.objects.filter(
        minutes_id=OuterRef("version__minutes_id"), user_id=OuterRef("recipient_id")
    )
    reminded = CatchUpReminder.objects.filter(
        version_id=OuterRef("version_id"), recipient_id=OuterRef("recipient_id")
    )
    still_member = Membership.objects.filter(
        network_id=OuterRef("version__minutes__session__network_id"),
        user_id=OuterRef("recipient_id"),
        status=MembershipStatus.ACTIVE,
    )
    due = (
        MinutesDelivery.objects.filter(
            was_absent=True,
            resend_of__isnull=True,
            state=outbox.OutboxState.SENT,
            sent_at__lte=now - REMINDER_AFTER,
            sent_at__gt=now - REMINDER_WINDOW,
            recipient__is_active=True,
        )
        .filter(~Exists(read), ~Exists(reminded), Exists(still_member))
        .values_list("version_id", "recipient_id")
    )
    made = 0
    for version_id, recipient_id in list(due):
        try:
            with transaction.atomic():
                row = CatchUpReminder.objects.create(
                    version_id=version_id, recipient_id=recipient_id
                )
                outbox.enqueue(row)  # after commit
        except IntegrityError:
            continue  # another run made it meanwhile: the unique key keeps it to one
        made += 1
    if made:
        logger.info("catch-up reminders: %s made", made)
    return made


# Deleting an account (core/erasure.py) --------------------------------------------------------


def minutes_erase_user(*, user, old_email: str, old_name: str) -> None:
    """The minutes' part of deleting ``user``'s account (core/erasure.py).

    Their comments on drafts go. Their name leaves the group's record: where drafts, notes and
    actions spell it out it becomes ``ERASED_NAME``, and so in the attendance of published
    versions, whose PDF is rendered again (the sweep and the task below pick it up). Minutes
    emails to them that were not sent are dropped."""
    MinutesComment.objects.filter(author=user).delete()
    MinutesDelivery.objects.filter(recipient=user, state=outbox.OutboxState.PENDING).delete()
    CatchUpReminder.objects.filter(recipient=user, state=outbox.OutboxState.PENDING).delete()
    if not old_name:
        return
    renamed = {field: Replace(field, Value(old_name), Value(ERASED_NAME)) for field in SECTIONS}
    Minutes.objects.filter(session__network__memberships__user=user).distinct().update(**renamed)
    MinutesItemNote.objects.filter(notes__contains=old_name).update(
        notes=Replace("notes", Value(old_name), Value(ERASED_NAME))
    )
    ActionItem.objects.filter(who__contains=old_name).update(
        who=Replace("who", Value(old_name), Value(ERASED_NAME))
    )
    versions = MinutesVersion.objects.filter(
        minutes__session__network__memberships__user=user
    ).exclude(pdf_state=PdfState.DELETED)
    for version in versions.distinct().only("pk", "content"):
        content = _content_renamed(version.content, old_name)
        if content == version.content:
            continue
        MinutesVersion.objects.filter(pk=version.pk).update(
            content=content, pdf=None, pdf_state=PdfState.PENDING, pdf_error=""
        )
        enqueue_on_commit(tasks.render_minutes_pdf, version_id=version.pk)


def _content_renamed(content, old_name: str):
    """``content`` (a version's JSON) with every string's ``old_name`` replaced."""
    if isinstance(content, str):
        return content.replace(old_name, ERASED_NAME)
    if isinstance(content, list):
        return [_content_renamed(item, old_name) for item in content]
    if isinstance(content, dict):
        return {key: _content_renamed(value, old_name) for key, value in content.items()}
    return content
