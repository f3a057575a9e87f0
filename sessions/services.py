"""Writes for sessions: planning, agenda, speakers, practice questions, RSVP, attendance,
calendar feeds, and the session emails (one outbox row per member and email)."""

import datetime
import enum

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import outbox
from core.audit import audit_record
from core.erasure import ERASED_NAME
from core.errors import ApplicationError
from core.fragments import WORK_FORM_CATALOGUE, fragment_changed
from core.outbox import OutboxState
from networks import rules as network_rules
from networks.enums import NetworkStatus
from networks.models import Membership, Network
from networks.selectors import active_member_ids
from sessions.audit import AuditAction
from sessions.catalogue import CATALOGUE, KICKOFF_AGENDA
from sessions.enums import (
    ABSENT_STATUSES,
    AgendaRole,
    AnnouncementAudience,
    AttendanceStatus,
    NotificationKind,
    QuestionStatus,
    RsvpAnswer,
    SessionKind,
    SessionStatus,
    SpeakerEmailKind,
)
from sessions.models import (
    ANNOUNCEMENT_BODY_MAX,
    ANNOUNCEMENT_SUBJECT_MAX,
    AbsenceFollowUp,
    AgendaItem,
    AgendaRoleAssignment,
    Announcement,
    AnnouncementEmail,
    Attendance,
    CalendarFeed,
    CatchUpInput,
    LearningSession,
    PracticeQuestion,
    Rsvp,
    SessionNotification,
    Speaker,
    SpeakerEmail,
    WorkForm,
)
from sessions.rsvp_links import rsvp_changed_since
from sessions.selectors import announcement_audience, repeatedly_absent, session_roles
from sessions.signals import session_held, session_planned

TIME_OR_PLACE = ("starts_at", "ends_at", "location", "online_url")


def _require_facilitator(acting_user, network: Network) -> None:
    """The rule behind every facilitator action here, also when a service is called directly
    (a view's permission check is not the only door: seed_demo, tasks, the shell)."""
    if not network_rules.is_facilitator(acting_user, network):
        raise ApplicationError(_("Only the facilitators of this network can do this."))


# Sessions ---------------------------------------------------------------------------------------


def _session_warnings(session: LearningSession) -> list[str]:
    """What the facilitator should know about a session just planned or changed; nothing here
    stops the save."""
    return _period_warnings(session) + _overlap_warnings(session)


def _period_warnings(session: LearningSession) -> list[str]:
    network = session.network
    if not session.is_outside_network_period:
        return []
    return [
        _(
            "This session is outside the network's period (%(start)s to %(end)s). Check the "
            "date, or change the period in the network's settings."
        )
        % {
            "start": date_format(network.start_date, "DATE_FORMAT"),
            "end": date_format(network.end_date, "DATE_FORMAT"),
        }
    ]


def _overlap_warnings(session: LearningSession) -> list[str]:
    clashes = (
        LearningSession.objects.filter(
            network_id=session.network_id,
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
        )
        .exclude(pk=session.pk)
        .exclude(status=SessionStatus.CANCELLED)
    )
    return [
        _("This session overlaps with session %(number)d (%(title)s).")
        % {"number": clash.number, "title": clash.title}
        for clash in clashes
    ]


def session_create(
    *, network: Network, data: dict, acting_user
) -> tuple[LearningSession, list[str]]:
    """Plan a session (next number in the series) and invite the members by email with the
    .ics. A kickoff starts from the suggested agenda. Returns the session and warnings."""
    _require_facilitator(acting_user, network)
    if network.status == NetworkStatus.CLOSED:
        raise ApplicationError(_("This network is closed: you cannot plan sessions."))
    with transaction.atomic():
        Network.objects.select_for_update().get(pk=network.pk)  # serialises numbering
        number = (network.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
        session = LearningSession(network=network, number=number, **data)
        session.full_clean()
        session.save()
        if session.kind == SessionKind.KICKOFF:
            agenda_apply_kickoff_template(session=session, acting_user=acting_user)
        session_planned.send(sender=LearningSession, session=session, acting_user=acting_user)
        session_notify(session=session, kind=NotificationKind.INVITATION)
    return session, _session_warnings(session)


def session_update(
    *, session: LearningSession, data: dict, acting_user
) -> tuple[LearningSession, list[str]]:
    """Change a planned session. SEQUENCE rises on every change; members get an update email
    when the time or the place changed."""
    _require_facilitator(acting_user, session.network)
    if not session.is_planned:
        raise ApplicationError(_("Only a planned session can be changed."))
    with transaction.atomic():
        locked = LearningSession.objects.select_for_update().get(pk=session.pk)
        moved = any(
            field in data and data[field] != getattr(locked, field) for field in TIME_OR_PLACE
        )
        for field, value in data.items():
            setattr(locked, field, value)
        locked.sequence = F("sequence") + 1
        locked.full_clean(exclude=["sequence"])
        locked.save()
        locked.refresh_from_db()
        if moved:
            session_notify(session=locked, kind=NotificationKind.UPDATE)
    return locked, _session_warnings(locked)


def session_cancel(*, session: LearningSession, acting_user, reason: str = "") -> LearningSession:
    """Cancel a planned session; every member gets the cancellation email with ``reason`` and a
    calendar file that removes it. A second cancel (a double confirm) is refused and sends
    nothing: the status is changed with a conditional update."""
    _require_facilitator(acting_user, session.network)
    if not session.is_planned:
        raise ApplicationError(_("Only a planned session can be cancelled."))
    with transaction.atomic():
        changed = LearningSession.objects.filter(
            pk=session.pk, status=SessionStatus.PLANNED
        ).update(
            status=SessionStatus.CANCELLED,
            sequence=F("sequence") + 1,
            cancel_reason=reason.strip()[:1000],
        )
        if not changed:
            raise ApplicationError(_("Only a planned session can be cancelled."))
        session.refresh_from_db()
        session_notify(session=session, kind=NotificationKind.CANCELLATION)
    return session


@transaction.atomic
def session_check_can_be_held(*, session: LearningSession, acting_user) -> None:
    """What marking ``session`` held needs beside the attendance (raises ApplicationError): the
    page asks it before its confirmation step, ``session_mark_held`` again when it acts."""
    _require_facilitator(acting_user, session.network)
    if not session.is_planned:
        raise ApplicationError(_("Only a planned session can be marked as held."))
    if session.starts_at > timezone.now():
        raise ApplicationError(_("A session can only be marked as held once it has started."))


def session_mark_held(*, session: LearningSession, acting_user) -> LearningSession:
    """Mark a session held. Needs attendance for every member; the excused and absent members
    become its absentees. Sends ``session_held`` (evaluations opens the session's evaluation)."""
    session_check_can_be_held(session=session, acting_user=acting_user)
    member_ids = active_member_ids(network_id=session.network_id)
    registered = set(session.attendance.values_list("user_id", flat=True))
    if member_ids - registered:
        raise ApplicationError(_("Register the attendance of every member first."))
    LearningSession.objects.filter(pk=session.pk).update(status=SessionStatus.HELD)
    session.refresh_from_db()
    audit_record(
        actor=acting_user,
        action=AuditAction.SESSION_HELD,
        network=session.network_id,
        detail=f"session {session.number}",
    )
    session_held.send(sender=LearningSession, session=session, acting_user=acting_user)
    return session


def absence_follow_up_record(*, network: Network, member_id: int, acting_user) -> None:
    """``acting_user`` (a facilitator) got in touch with a member absent at the network's latest
    held sessions: noted once for the latest held session, which ends the task. Refused for a
    member who is not (or no longer) absent several times in a row."""
    _require_facilitator(acting_user, network)
    absent = repeatedly_absent(network_ids=[network.pk]).get(network.pk, [])
    if member_id not in {member.pk for member in absent}:
        raise ApplicationError(_("This member was not absent several times in a row."))
    latest = (
        LearningSession.objects.filter(network=network, status=SessionStatus.HELD)
        .order_by("-starts_at", "-pk")
        .first()
    )
    AbsenceFollowUp.objects.get_or_create(
        session=latest, member_id=member_id, defaults={"noted_by": acting_user}
    )


# Agenda -----------------------------------------------------------------------------------------


def _assign_roles(session: LearningSession, item: AgendaItem | None, roles: dict) -> list[str]:
    """The one way roles are written, for the whole session (``item`` None) or one agenda item:
    ``roles`` maps each role to a user or None (nobody). Only the network's members and
    facilitators can hold a role. Returns the roles that changed."""
    members = active_member_ids(network_id=session.network_id, include_facilitators=True)
    for role in AgendaRole.values:
        user = roles.get(role)
        if user is not None and user.pk not in members:
            raise ApplicationError(
                _("%(name)s is not a member of this network.") % {"name": user.full_name}
            )
    current = {
        row.role: row
        for row in AgendaRoleAssignment.objects.select_for_update().filter(
            session=session, item=item
        )
    }
    changed = []
    for role in AgendaRole.values:
        user, row = roles.get(role), current.get(role)
        if row is not None and (user is None or row.user_id != user.pk):
            row.delete()
        if user is not None and (row is None or row.user_id != user.pk):
            AgendaRoleAssignment.objects.create(session=session, item=item, role=role, user=user)
        if (row.user_id if row else None) != (user.pk if user else None):
            changed.append(role)
    return changed


def _set_roles(item: AgendaItem, roles: dict) -> None:
    _assign_roles(item.session, item, roles)


def _check_work_form(session: LearningSession, work_form: WorkForm | None) -> None:
    if work_form is not None and work_form.network_id not in (None, session.network_id):
        raise ApplicationError(_("This work form belongs to another network."))


@transaction.atomic
def agenda_item_add(
    *, session: LearningSession, data: dict, roles: dict, acting_user
) -> AgendaItem:
    _require_facilitator(acting_user, session.network)
    _check_work_form(session, data.get("work_form"))
    position = (session.agenda.aggregate(p=Max("position"))["p"] or 0) + 1
    item = AgendaItem(session=session, position=position, **data)
    item.full_clean()
    item.save()
    _set_roles(item, roles)
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, data: dict, roles: dict, acting_user) -> AgendaItem:
    _require_facilitator(acting_user, item.session.network)
    _check_work_form(item.session, data.get("work_form"))
    for field, value in data.items():
        setattr(item, field, value)
    item.full_clean()
    item.save()
    _set_roles(item, roles)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, acting_user) -> None:
    _require_facilitator(acting_user, item.session.network)
    PracticeQuestion.objects.filter(agenda_item=item).update(status=QuestionStatus.OPEN)
    item.delete()


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, acting_user) -> None:
    """Swap the item with its neighbour above or below."""
    _require_facilitator(acting_user, item.session.network)
    items = list(AgendaItem.objects.select_for_update().filter(session_id=item.session_id))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


def fit_durations(minutes: list[int], total: int) -> list[int]:
    """Scale ``minutes`` so they add up to exactly ``total``, keeping their proportions: in steps
    of five minutes when the total allows it (largest remainders get the spare steps), the
    minutes that do not fill a step go to the longest item. Every item keeps at least one step."""
    if not minutes or total <= 0:
        return list(minutes)
    step = 5 if total >= 5 * len(minutes) else 1
    steps, spare = divmod(total, step)
    weight = sum(minutes)
    exact = [m * steps / weight for m in minutes]
    fitted = [max(int(x), 1) for x in exact]
    by_remainder = sorted(range(len(minutes)), key=lambda i: (fitted[i] - exact[i], i))
    index = 0
    while sum(fitted) < steps:
        fitted[by_remainder[index % len(minutes)]] += 1
        index += 1
    while sum(fitted) > steps:  # only when the one-step minimum pushed the sum over
        largest = max(range(len(fitted)), key=lambda i: fitted[i])
        fitted[largest] -= 1
    result = [f * step for f in fitted]
    result[max(range(len(result)), key=lambda i: result[i])] += spare
    return result


def agenda_apply_kickoff_template(*, session: LearningSession, acting_user) -> list[AgendaItem]:
    """Add the suggested kickoff agenda, in the network's language, fitted to the session's
    length. Only for an empty agenda: a second click (or an agenda someone already started) is
    refused with a message, so the agenda never holds the suggestion twice."""
    _require_facilitator(acting_user, session.network)
    with transaction.atomic():
        locked = LearningSession.objects.select_for_update().get(pk=session.pk)
        if locked.agenda.exists():
            raise ApplicationError(
                _(
                    "The agenda already has items: the suggested kickoff agenda is only added "
                    "to an empty agenda."
                )
            )
        forms = {form.slug: form for form in WorkForm.objects.filter(network__isnull=True)}
        english = session.network.language == "en"
        durations = fit_durations(
            [minutes for _nl, _en, minutes, _slug in KICKOFF_AGENDA], locked.duration_minutes
        )
        items = [
            AgendaItem(
                session=locked,
                position=position,
                title=title_en if english else title_nl,
                duration_minutes=minutes,
                work_form=forms.get(slug) if slug else None,
            )
            for position, ((title_nl, title_en, _default, slug), minutes) in enumerate(
                zip(KICKOFF_AGENDA, durations, strict=True), start=1
            )
        ]
        return AgendaItem.objects.bulk_create(items)


# Roles ------------------------------------------------------------------------------------------


def session_roles_set(*, session: LearningSession, roles: dict, acting_user) -> list[str]:
    """Who takes chair, note-taker, timekeeper and case owner in ``session`` (``roles``: role →
    a member or None), usually the fair suggestion (``selectors.session_roles``) as the
    facilitator accepted or changed it. Refused for a cancelled session or a role holder who is
    not a member; nothing is written then. Audited when something changed. Returns the roles
    that changed."""
    _require_facilitator(acting_user, session.network)
    if session.is_cancelled:
        raise ApplicationError(_("This session was cancelled."))
    unknown = set(roles) - set(AgendaRole.values)
    if unknown:
        raise ApplicationError(_("Choose one of the roles of a session."))
    with transaction.atomic():
        locked = LearningSession.objects.select_for_update().get(pk=session.pk)
        changed = _assign_roles(locked, None, roles)
        if changed:
            audit_record(
                actor=acting_user,
                action=AuditAction.SESSION_ROLES_SET,
                network=session.network_id,
                detail=f"session {session.number}: "
                + ", ".join(f"{role}={getattr(roles.get(role), 'pk', '-')}" for role in changed),
            )
    return changed


def session_roles_apply_suggestion(*, session: LearningSession, acting_user) -> list[str]:
    """Assign the fair suggestion as it is (seed_demo; the page's one click posts the same)."""
    suggestion = session_roles(session=session)["suggestion"]
    return session_roles_set(session=session, roles=suggestion, acting_user=acting_user)


# Work forms -------------------------------------------------------------------------------------


def work_form_create(*, network: Network, data: dict, acting_user) -> WorkForm:
    """A facilitator's own method, visible within their network (``acting_user`` becomes its
    author). Written once, shown in both languages."""
    _require_facilitator(acting_user, network)
    texts = {}
    for field in ("name", "purpose", "steps", "roles", "materials"):
        texts[f"{field}_nl"] = texts[f"{field}_en"] = data[field]
    work_form = WorkForm(
        network=network,
        slug=f"custom-{timezone.now():%Y%m%d%H%M%S%f}",
        min_group=data["min_group"],
        max_group=data["max_group"],
        duration_minutes=data["duration_minutes"],
        created_by=acting_user,
        **texts,
    )
    work_form.full_clean()
    work_form.save()
    fragment_changed(WORK_FORM_CATALOGUE)
    return work_form


def work_form_sync_catalogue() -> int:
    """Bring the curated catalogue in the database in line with sessions.catalogue."""
    for entry in CATALOGUE:
        WorkForm.objects.update_or_create(
            network=None,
            slug=entry["slug"],
            defaults={key: value for key, value in entry.items() if key != "slug"},
        )
    fragment_changed(WORK_FORM_CATALOGUE)
    return len(CATALOGUE)


# Speakers ---------------------------------------------------------------------------------------


def speaker_add(*, session: LearningSession, data: dict, send_email: bool, acting_user) -> Speaker:
    """Add an external speaker or guest (not a member, not counted in the cap)."""
    _require_facilitator(acting_user, session.network)
    speaker = Speaker(session=session, **data)
    speaker.full_clean()
    with transaction.atomic():
        speaker.save()
        if send_email:
            speaker_email(speaker=speaker, acting_user=acting_user)
    return speaker


def speaker_remove(*, speaker: Speaker, acting_user) -> None:
    _require_facilitator(acting_user, speaker.session.network)
    speaker.delete()


def speaker_email(*, speaker: Speaker, acting_user) -> SpeakerEmail:
    """Email the session's details and calendar file to the speaker (an outbox row, sent after
    commit). One row per speaker and session version: a second click while it waits finds that
    row; a click after it went out (or failed) sends it again as a resend row."""
    _require_facilitator(acting_user, speaker.session.network)
    if not speaker.email:
        raise ApplicationError(_("This speaker has no email address."))
    with transaction.atomic():
        locked = speaker_lock(speaker)
        return speaker_email_queue(
            speaker=locked,
            kind=SpeakerEmailKind.DETAILS,
            sequence=locked.session.sequence,
            acting_user=acting_user,
        )


def speaker_lock(speaker: Speaker) -> Speaker:
    """Lock the speaker's row (inside a transaction): serialises clicks for this speaker, so the
    decision that follows sees the other click's row. Raises ApplicationError when the speaker
    was removed meanwhile."""
    locked = (
        Speaker.objects.select_for_update(of=("self",))
        .select_related("session__network")
        .filter(pk=speaker.pk)
        .first()
    )
    if locked is None:
        raise ApplicationError(_("This speaker is no longer part of this session."))
    return locked


def speaker_email_queue(
    *, speaker: Speaker, kind: str, sequence: int, acting_user, body: str = ""
) -> SpeakerEmail:
    """The outbox row for one email to a locked ``speaker`` (call inside the transaction that
    locked it): a new row, the row that still waits, or a resend of the one that went out."""
    latest = (
        SpeakerEmail.objects.filter(speaker=speaker, kind=kind, sequence=sequence)
        .order_by("-pk")
        .first()
    )
    if latest is None:
        row = SpeakerEmail.objects.create(speaker=speaker, kind=kind, sequence=sequence, body=body)
        outbox.enqueue(row)
        return row
    if latest.state in (OutboxState.PENDING, OutboxState.SENDING):
        return latest
    return outbox.resend(latest, acting_user=acting_user)


def speaker_brief_save(*, speaker: Speaker, text: str, acting_user) -> Speaker:
    """Keep the facilitator's brief for ``speaker``. Sends nothing: only
    ``speaker_brief_send`` does, when the facilitator confirms. A changed text is a new version
    (its own email when sent)."""
    _require_facilitator(acting_user, speaker.session.network)
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("The brief is empty. Write something for the speaker first."))
    with transaction.atomic():
        locked = speaker_lock(speaker)
        if locked.brief == text:
            return locked
        locked.brief = text
        locked.brief_version += 1
        locked.brief_saved_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["brief", "brief_version", "brief_saved_at"])
    return locked


def speaker_brief_send(*, speaker: Speaker, acting_user) -> SpeakerEmail:
    """Email the saved brief to the speaker, with the signed link to confirm (an outbox row,
    sent after commit). Only on the facilitator's confirmed click: no task or signal calls it.
    One email per brief version: a second confirm is refused (a failed one is sent again from
    the network's email page)."""
    network = speaker.session.network
    _require_facilitator(acting_user, network)
    with transaction.atomic():
        locked = speaker_lock(speaker)
        if locked.session.is_cancelled:
            raise ApplicationError(_("This session has been cancelled: the brief is not sent."))
        if locked.session.is_held:
            raise ApplicationError(
                _("This session has already taken place: the brief is not sent.")
            )
        if not locked.email:
            raise ApplicationError(
                _("This speaker has no email address. Add it before you send the brief.")
            )
        if not locked.brief.strip():
            raise ApplicationError(_("Save the brief before you send it."))
        if speaker_brief_version_sent(speaker=locked):
            raise ApplicationError(
                _("This brief has already been sent. Change it to send a new version.")
            )
        row = SpeakerEmail.objects.create(
            speaker=locked,
            kind=SpeakerEmailKind.BRIEF,
            sequence=locked.brief_version,
            body=locked.brief,
        )
        outbox.enqueue(row)
        # From now on the speaker confirms this version (an earlier confirmation stays with
        # its own version: the facilitator sees "not confirmed yet").
        locked.brief_sent_version = locked.brief_version
        locked.save(update_fields=["brief_sent_version"])
        audit_record(
            actor=acting_user,
            action=AuditAction.SPEAKER_BRIEF_SENT,
            network=network,
            detail=f"session {locked.session.number}, speaker {locked.pk}, v{locked.brief_version}",
        )
    return row


def speaker_brief_version_sent(*, speaker: Speaker) -> bool:
    """Whether the brief as it is now has gone (or is going) to the speaker."""
    return SpeakerEmail.objects.filter(
        speaker=speaker, kind=SpeakerEmailKind.BRIEF, sequence=speaker.brief_version
    ).exists()


class SpeakerConfirmOutcome(enum.Enum):
    RECORDED = "recorded"  # this version is confirmed now
    ALREADY = "already"  # this version had been confirmed: nothing changed
    SUPERSEDED = "superseded"  # a newer version was sent since this link: nothing written


def speaker_confirm(*, speaker_id: int, version: int) -> tuple[Speaker, SpeakerConfirmOutcome]:
    """The speaker confirms ``version`` of the brief through the signed link in that version's
    email (no account, no acting user). Only the latest version sent can be confirmed: the link
    of an older one writes nothing (``SUPERSEDED``), so it never marks the newer one confirmed.
    A second confirmation of the same version changes nothing (``ALREADY``). Raises
    ``Speaker.DoesNotExist`` when the speaker was removed."""
    with transaction.atomic():
        locked = (
            Speaker.objects.select_for_update(of=("self",))
            .select_related("session__network")
            .get(pk=speaker_id)
        )
        if version != locked.brief_sent_version:
            return locked, SpeakerConfirmOutcome.SUPERSEDED
        if locked.confirmed_version == version:
            return locked, SpeakerConfirmOutcome.ALREADY
        locked.confirmed_at = timezone.now()
        locked.confirmed_version = version
        locked.save(update_fields=["confirmed_at", "confirmed_version"])
    return locked, SpeakerConfirmOutcome.RECORDED


# Practice questions -----------------------------------------------------------------------------


def practice_question_submit(*, network: Network, data: dict, acting_user) -> PracticeQuestion:
    """A question from ``acting_user``'s practice (its author), a member or facilitator."""
    if not network_rules.is_member(acting_user, network):
        raise ApplicationError(_("Only members of this network can submit a question."))
    question = PracticeQuestion(network=network, author=acting_user, **data)
    question.full_clean()
    question.save()
    return question


def practice_question_set_name_visibility(
    *, question: PracticeQuestion, name_for_facilitator_only: bool, acting_user
) -> PracticeQuestion:
    """Its author chooses again whether the board shows their name only to the facilitator."""
    if question.author_id != acting_user.pk:
        raise ApplicationError(_("Only the author of a question can change this."))
    if question.name_for_facilitator_only != name_for_facilitator_only:
        question.name_for_facilitator_only = name_for_facilitator_only
        question.save(update_fields=["name_for_facilitator_only"])
    return question


def practice_question_withdraw(*, question: PracticeQuestion, acting_user) -> None:
    """Its author takes an open question off the board (a scheduled one stays on the agenda)."""
    if question.author_id != acting_user.pk:
        raise ApplicationError(_("Only the author of a question can take it off the board."))
    if question.status != QuestionStatus.OPEN:
        raise ApplicationError(_("A scheduled question stays on the board."))
    question.delete()


@transaction.atomic
def practice_question_schedule(
    *, question: PracticeQuestion, session: LearningSession, acting_user
) -> AgendaItem:
    """Put the question on a planned session's agenda, with its author as case owner unless the
    author asked to be known only to the facilitator."""
    _require_facilitator(acting_user, question.network)
    if session.network_id != question.network_id or not session.is_planned:
        raise ApplicationError(_("Choose a planned session of this network."))
    if question.status != QuestionStatus.OPEN:
        raise ApplicationError(_("This question has already been scheduled."))
    incident = WorkForm.objects.filter(network__isnull=True, slug="incidentmethode").first()
    item = agenda_item_add(
        session=session,
        data={
            "title": question.title,
            "duration_minutes": 45,
            "work_form": incident,
            "notes": question.context,
        },
        roles={}
        if question.name_for_facilitator_only
        else {AgendaRole.CASE_OWNER: question.author},
        acting_user=acting_user,
    )
    question.agenda_item = item
    question.status = QuestionStatus.SCHEDULED
    question.save(update_fields=["agenda_item", "status"])
    return item


def practice_question_mark_discussed(
    *, question: PracticeQuestion, acting_user
) -> PracticeQuestion:
    _require_facilitator(acting_user, question.network)
    if question.status != QuestionStatus.SCHEDULED:
        raise ApplicationError(_("Only a scheduled question can be marked as discussed."))
    question.status = QuestionStatus.DISCUSSED
    question.save(update_fields=["status"])
    return question


# RSVP and attendance ----------------------------------------------------------------------------


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


# Calendar feeds ---------------------------------------------------------------------------------


def _lock_user(user) -> None:
    """Serialise a user's feed changes (a double click sends two requests at once)."""
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))


@transaction.atomic
def calendar_feed_get_or_create(*, acting_user) -> CalendarFeed:
    """The user's active feed, made if there is none. Safe to call twice at once: the second
    call finds the feed the first made (one active feed per user is also a constraint)."""
    _lock_user(acting_user)
    feed = CalendarFeed.objects.filter(user=acting_user, revoked_at__isnull=True).first()
    return feed or CalendarFeed.objects.create(user=acting_user)


@transaction.atomic
def calendar_feed_reset(*, acting_user) -> CalendarFeed:
    """Revoke the current subscription URL and make a new one."""
    _lock_user(acting_user)
    CalendarFeed.objects.filter(user=acting_user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return CalendarFeed.objects.create(user=acting_user)


def calendar_feed_revoke(*, acting_user) -> None:
    CalendarFeed.objects.filter(user=acting_user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# Announcements ----------------------------------------------------------------------------------


def announcement_recipients(
    *, network: Network, audience: str, session: LearningSession | None, acting_user
) -> list[Membership]:
    """Who an announcement would be for (``sessions.selectors.announcement_audience``), after
    the checks: a facilitator of ``network``, a known audience, a session of this network with
    attendance recorded for "present" or "absent", and at least one person. The confirmation
    page and ``announcement_send`` both ask it."""
    _require_facilitator(acting_user, network)
    if audience not in AnnouncementAudience.values:
        raise ApplicationError(_("Choose to whom the message goes."))
    if audience == AnnouncementAudience.ALL:
        session = None
    else:
        if session is None:
            raise ApplicationError(_("Choose the session whose members the message is for."))
        if session.network_id != network.pk:
            raise ApplicationError(_("This session belongs to another network."))
        if not Attendance.objects.filter(session=session).exists():
            raise ApplicationError(
                _(
                    "No attendance has been recorded for session %(number)d yet, so Leernet "
                    "does not know who was there. Record the attendance first, or write to all "
                    "members."
                )
                % {"number": session.number}
            )
    recipients = announcement_audience(network=network, audience=audience, session=session)
    if not recipients:
        if audience == AnnouncementAudience.ALL:
            raise ApplicationError(
                _("The network has no members yet: there is nobody to write to.")
            )
        if audience == AnnouncementAudience.PRESENT:
            message = _("Nobody was present at session %(number)d: there is nobody to write to.")
        else:
            message = _("Nobody was absent from session %(number)d: there is nobody to write to.")
        raise ApplicationError(message % {"number": session.number})
    return recipients


def _clean_text(value: str, *, limit: int, empty: str, too_long: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(empty)
    if len(value) > limit:
        raise ApplicationError(too_long % {"limit": limit, "length": len(value)})
    return value


def announcement_send(
    *,
    network: Network,
    subject: str,
    body: str,
    acting_user,
    audience: str = AnnouncementAudience.ALL,
    session: LearningSession | None = None,
) -> Announcement:
    """Keep a facilitator's message on the network's page and email it, after commit, to each
    person of the audience who did not turn announcement emails off: one outbox row each,
    rendered in their own language with Reply-To: the author. Audited. Nothing is written when a
    check fails."""
    subject = _clean_text(
        subject,
        limit=ANNOUNCEMENT_SUBJECT_MAX,
        empty=_("Write a subject."),
        too_long=_("The subject is %(length)d characters long; at most %(limit)d fit."),
    )
    body = _clean_text(
        body,
        limit=ANNOUNCEMENT_BODY_MAX,
        empty=_("Write a message."),
        too_long=_("The message is %(length)d characters long; at most %(limit)d fit."),
    )
    with transaction.atomic():
        recipients = announcement_recipients(
            network=network, audience=audience, session=session, acting_user=acting_user
        )
        emailed = [
            membership.user_id for membership in recipients if membership.announcement_emails
        ]
        announcement = Announcement.objects.create(
            network=network,
            audience=audience,
            session=None if audience == AnnouncementAudience.ALL else session,
            subject=subject,
            body=body,
            author=acting_user,
            audience_size=len(recipients),
            emailed_count=len(emailed),
        )
        rows = AnnouncementEmail.objects.bulk_create(
            [AnnouncementEmail(announcement=announcement, user_id=user_id) for user_id in emailed]
        )
        audit_record(
            actor=acting_user,
            action=AuditAction.ANNOUNCEMENT_SENT,
            network=network,
            detail=(
                f"announcement {announcement.pk} ({audience}"
                f"{f' session {session.pk}' if announcement.session_id else ''}): "
                f"{len(emailed)} of {len(recipients)} emailed"
            ),
        )
        outbox.enqueue_many(AnnouncementEmail, [row.pk for row in rows])
    return announcement


# Session emails ---------------------------------------------------------------------------------


def session_notify(*, session: LearningSession, kind: str) -> list[int]:
    """Create one outbox row per member for this email (once per session version) and enqueue
    the new rows after commit. Safe to call twice: existing rows are neither duplicated nor
    enqueued again (rows left pending are the outbox sweep's). Returns the new rows' ids."""
    sequence = 0 if kind == NotificationKind.REMINDER else session.sequence
    key = {"session": session, "kind": kind, "sequence": sequence, "resend_of": None}
    existing = set(SessionNotification.objects.filter(**key).values_list("user_id", flat=True))
    missing = active_member_ids(network_id=session.network_id) - existing
    if not missing:
        return []
    SessionNotification.objects.bulk_create(
        [
            SessionNotification(session=session, user_id=user_id, kind=kind, sequence=sequence)
            for user_id in sorted(missing)
        ],
        ignore_conflicts=True,
    )
    created = list(
        SessionNotification.objects.filter(**key, user_id__in=missing).values_list("pk", flat=True)
    )
    outbox.enqueue_many(SessionNotification, created)
    return created


def reminders_send_due(*, now: datetime.datetime | None = None) -> int:
    """Beat: create the reminders of planned sessions within their network's reminder window
    (one row per member and session, ever). Returns how many rows were created. Rows the broker
    lost or a killed worker left behind are the outbox sweep's (core/outbox.py)."""
    now = now or timezone.now()
    due = LearningSession.objects.filter(
        status=SessionStatus.PLANNED, starts_at__gt=now
    ).select_related("network")
    created = 0
    for session in due:
        if session.starts_at - now <= datetime.timedelta(days=session.network.reminder_days):
            with transaction.atomic():
                created += len(session_notify(session=session, kind=NotificationKind.REMINDER))
    return created


# Deleting an account (core/erasure.py) --------------------------------------------------------


def session_data_erase_user(*, user, old_email: str, old_name: str) -> None:
    """The sessions' part of deleting ``user``'s account (core/erasure.py).

    RSVPs and attendance rows stay (the group's counts) without their texts; a practice question
    nobody picked up yet is deleted, one that was scheduled or discussed keeps its title for the
    group's record and loses its context (its author is the anonymised account); calendar feeds
    and unsent notifications go; a speaker entry with their address or name is anonymised.
    """
    Rsvp.objects.filter(user=user).update(apology="", input_for_group="")
    Attendance.objects.filter(user=user).update(remark="")
    questions = PracticeQuestion.objects.filter(author=user)
    questions.filter(status=QuestionStatus.OPEN, agenda_item__isnull=True).delete()
    questions.update(context="")
    CalendarFeed.objects.filter(user=user).delete()
    SessionNotification.objects.filter(user=user, state=OutboxState.PENDING).delete()
    AnnouncementEmail.objects.filter(user=user, state=OutboxState.PENDING).delete()
    Speaker.objects.filter(email__iexact=old_email).update(email="")
    Speaker.objects.filter(session__network__memberships__user=user, name=old_name).update(
        name=ERASED_NAME, bio=""
    )
