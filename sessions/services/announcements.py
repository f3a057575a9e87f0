"""The facilitators' announcements: who they reach, kept and emailed."""

from django.db import transaction
from django.utils.translation import gettext as _

from core import outbox
from core.audit import audit_record
from core.errors import ApplicationError
from networks.models import Membership, Network
from sessions.audit import AuditAction
from sessions.enums import AnnouncementAudience
from sessions.models import (
    ANNOUNCEMENT_BODY_MAX,
    ANNOUNCEMENT_SUBJECT_MAX,
    Announcement,
    AnnouncementEmail,
    Attendance,
    LearningSession,
)
from sessions.selectors import announcement_audience
from sessions.services.common import _require_facilitator


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
