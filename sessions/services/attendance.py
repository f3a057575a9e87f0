"""RSVP and attendance: members' answers, input after a missed session, the register."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from networks.selectors import active_member_ids
from sessions.audit import AuditAction
from sessions.enums import ABSENT_STATUSES, AttendanceStatus, RsvpAnswer
from sessions.models import Attendance, CatchUpInput, LearningSession, Rsvp
from sessions.rsvp_links import rsvp_changed_since
from sessions.services.common import _require_facilitator
from sessions.services.planning import session_mark_held
from sessions.services.questions import practice_question_submit


class RsvpChangedError(ApplicationError):
    """The member's answer changed since the version a link or page was made against, to
    something else: saving would override it unseen (``sessions.rsvp_links.rsvp_changed_since``).
    ``rsvp`` is the answer as it is now."""

    def __init__(self, rsvp: Rsvp):
        super().__init__(_("Your answer changed since this page was made."), code="changed")
        self.rsvp = rsvp


def rsvp_set(
    *, session: LearningSession, data: dict, acting_user, seen_version: int | None = None
) -> Rsvp:
    """``acting_user``'s answer. The RSVP window (``LearningSession.rsvp_open``): it can be
    given and changed while the session is planned and has not started. Every change is a new
    ``version``. With ``seen_version`` (a link from an email, or its page): refused with
    ``RsvpChangedError``, nothing written, when the answer changed since to another one."""
    if not session.rsvp_open:
        raise ApplicationError(_("You can no longer answer: this session has started or ended."))
    if acting_user.pk not in active_member_ids(
        network_id=session.network_id, include_facilitators=True
    ):
        raise ApplicationError(_("Only members can answer."))
    if data["answer"] != RsvpAnswer.NOT_ATTENDING:
        data = {**data, "apology": ""}
    with transaction.atomic():
        current = Rsvp.objects.select_for_update().filter(session=session, user=acting_user)
        current = current.first()
        if seen_version is not None and rsvp_changed_since(
            current, version=seen_version, answer=data["answer"]
        ):
            raise RsvpChangedError(current)
        rsvp, created = Rsvp.objects.update_or_create(
            session=session,
            user=acting_user,
            defaults={**data, "version": F("version") + 1},
            create_defaults={**data, "version": 1},
        )
    if not created:
        rsvp.refresh_from_db(fields=["version"])
    return rsvp


CATCH_UP_MAX_LENGTH = 4000
QUESTION_TITLE_MAX_LENGTH = 200


@transaction.atomic
def catch_up_input_give(
    *,
    session: LearningSession,
    text: str,
    acting_user,
    to_board: bool = False,
    title: str = "",
    name_for_facilitator_only: bool = False,
) -> CatchUpInput:
    """Input from ``acting_user``, who missed the held ``session`` (excused or absent) and is
    still a member, after reading its minutes. For the facilitator (shown on the network's next
    session, ``sessions.selectors.catch_up_inputs_for``), or with ``to_board`` a practice
    question on the board (its ``title``, the text as its context; the member's name only to
    the facilitator if asked), made by ``practice_question_submit``. A member who was there is
    refused: they use the normal channels. Nothing is written when refused."""
    if not session.is_held:
        raise ApplicationError(_("Input can be given once the session has been held."))
    if acting_user.pk not in active_member_ids(
        network_id=session.network_id, include_facilitators=True
    ):
        raise ApplicationError(_("Only members of this network can give input."))
    status = (
        Attendance.objects.filter(session=session, user=acting_user)
        .values_list("status", flat=True)
        .first()
    )
    if status not in ABSENT_STATUSES:
        raise ApplicationError(
            _(
                "You were there: use the normal channels — the next session's page, your answer "
                "to its invitation, or the practice question board."
            ),
            code="was_present",
        )
    text = (text or "").strip()
    title = (title or "").strip()
    if not text:
        raise ApplicationError(_("Write your input first."))
    if len(text) > CATCH_UP_MAX_LENGTH:
        raise ApplicationError(
            _("Your input is too long: at most %(limit)d characters.")
            % {"limit": CATCH_UP_MAX_LENGTH}
        )
    question = None
    if to_board:
        if not title:
            raise ApplicationError(_("Give your question a title for the board."))
        if len(title) > QUESTION_TITLE_MAX_LENGTH:
            raise ApplicationError(
                _("The title is too long: at most %(limit)d characters.")
                % {"limit": QUESTION_TITLE_MAX_LENGTH}
            )
        question = practice_question_submit(
            network=session.network,
            data={
                "title": title,
                "context": text,
                "name_for_facilitator_only": name_for_facilitator_only,
            },
            acting_user=acting_user,
        )
    return CatchUpInput.objects.create(
        session=session, member=acting_user, text=text, to_board=to_board, question=question
    )


RSVP_TO_ATTENDANCE = {
    RsvpAnswer.ATTENDING: AttendanceStatus.PRESENT,
    RsvpAnswer.NOT_ATTENDING: AttendanceStatus.EXCUSED,
}


def attendance_initial(*, session: LearningSession, members: list) -> dict[int, dict]:
    """What the attendance form starts from: what was registered, else what members answered."""
    registered = {a.user_id: a for a in session.attendance.all()}
    answers = {r.user_id: r.answer for r in session.rsvps.all()}
    initial = {}
    for member in members:
        if member.pk in registered:
            row = registered[member.pk]
            initial[member.pk] = {"status": row.status, "remark": row.remark}
        else:
            initial[member.pk] = {
                "status": RSVP_TO_ATTENDANCE.get(answers.get(member.pk), ""),
                "remark": "",
            }
    return initial


@transaction.atomic
def attendance_register(*, session: LearningSession, entries: dict[int, dict], acting_user) -> None:
    """Save present / late / excused / absent with a remark, for members of the network only."""
    _require_facilitator(acting_user, session.network)
    if session.is_cancelled:
        raise ApplicationError(_("This session was cancelled."))
    strangers = set(entries) - active_member_ids(network_id=session.network_id)
    if strangers:
        raise ApplicationError(_("Attendance can only be registered for members of this network."))
    for user_id, entry in entries.items():
        if entry["status"] not in AttendanceStatus.values:
            raise ApplicationError(_("Choose an attendance status for every member."))
        Attendance.objects.update_or_create(
            session=session,
            user_id=user_id,
            defaults={"status": entry["status"], "remark": entry.get("remark", "")[:300]},
        )


@transaction.atomic
def session_record_attendance(
    *, session: LearningSession, entries: dict[int, dict], mark_held: bool = False, acting_user
) -> LearningSession:
    """Register the attendance and, with ``mark_held``, mark the session held — in one
    transaction: when marking held is refused (the session has not started yet, a member has no
    status), the attendance is not saved either, so the page and the database never disagree."""
    attendance_register(session=session, entries=entries, acting_user=acting_user)
    audit_record(
        actor=acting_user,
        action=AuditAction.ATTENDANCE_RECORDED,
        network=session.network_id,
        detail=f"session {session.number}",
    )
    if mark_held:
        session = session_mark_held(session=session, acting_user=acting_user)
    return session
