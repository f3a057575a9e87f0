"""Planning sessions: plan, change, cancel, mark held; the facilitator's follow-up of an
absent member."""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from networks import webhooks
from networks.enums import NetworkStatus
from networks.models import Network
from networks.selectors import active_member_ids
from sessions.audit import AuditAction
from sessions.enums import NotificationKind, SessionKind, SessionStatus
from sessions.models import AbsenceFollowUp, LearningSession
from sessions.selectors import repeatedly_absent
from sessions.services.agenda import agenda_apply_kickoff_template
from sessions.services.common import _require_facilitator
from sessions.services.emails import session_notify
from sessions.signals import session_held, session_planned

TIME_OR_PLACE = ("starts_at", "ends_at", "location", "online_url")


def _session_event(session: LearningSession, event_type: str) -> None:
    """The webhook event of a session change (ids and its number only)."""
    webhooks.emit(
        session.network_id,
        event_type,
        data={"session_id": session.pk, "session_number": session.number},
    )


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
    .ics. A kickoff starts from the suggested agenda. A session whose start has passed is only
    recorded: no email, no RSVP links. Returns the session and warnings."""
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
        if session.rsvp_open:  # a session that has started is not announced (issue 24)
            session_notify(session=session, kind=NotificationKind.INVITATION)
        _session_event(session, "session.planned")
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
        if moved and locked.rsvp_open:  # nothing to announce for a session that has started
            session_notify(session=locked, kind=NotificationKind.UPDATE)
        _session_event(locked, "session.updated")
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
        _session_event(session, "session.cancelled")
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
    _session_event(session, "session.held")
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
