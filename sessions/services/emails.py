"""The session emails: one outbox row per member and email, and the reminders' beat."""

import datetime

from django.db import transaction
from django.utils import timezone

from core import outbox
from networks.selectors import active_member_ids
from sessions.enums import NotificationKind, SessionStatus
from sessions.models import LearningSession, SessionNotification


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
