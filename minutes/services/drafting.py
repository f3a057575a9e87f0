"""Writing the minutes of a session: the draft (its sections, the notes per agenda item and the
try-out actions), the review by those who attended, the snapshot a version freezes, and who
read the published minutes."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from evaluations.enums import GoalStatus
from evaluations.models import LearningGoal
from minutes.enums import ReadVia
from minutes.models import ActionItem, Minutes, MinutesComment, MinutesItemNote, MinutesRead
from minutes.services.actions import actions_feed_back_after
from networks.selectors import active_member_ids
from sessions.enums import PRESENT_STATUSES, AttendanceStatus
from sessions.models import Attendance, LearningSession

logger = logging.getLogger(__name__)

SECTIONS = ("summary", "insights", "agreements", "questions_next", "next_session")


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


def minutes_mark_read(*, minutes: Minutes, acting_user, via: str = ReadVia.PAGE) -> None:
    """Record that ``acting_user`` opened the published ``minutes``. Called by the GET of the
    minutes page once a version is shown, and by the POST of the catch-up pack's signed "I have
    read it" link (``via=link``): idempotent (the first reading counts; the unique key makes a
    later one a no-op) and one query whether or not the row exists, so the page's query count
    does not depend on it."""
    MinutesRead.objects.bulk_create(
        [MinutesRead(minutes=minutes, user=acting_user, via=via)], ignore_conflicts=True
    )
