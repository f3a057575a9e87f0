"""The audit log: who did what to whom in which network, and when.

Services call ``audit_record`` in the same transaction as the change they make (so a change that
rolls back leaves no event, and an event never lacks its change). Facilitators read their network's
events (``audit_events_for_network``); nobody edits them (``core.models.AuditEvent``).

Each app declares the actions it records in its own ``<app>/audit.py`` (core/audit_actions.py);
core's own is the email sent again from the outbox.
"""

from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditActionSet, actions
from core.errors import ApplicationError
from core.models import AuditEvent

__all__ = [
    "AuditAction",
    "AuditEvent",
    "audit_events_for_network",
    "audit_forget_user",
    "audit_record",
]


class AuditAction(AuditActionSet):
    EMAIL_RESENT = "email_resent"

    labels = {
        EMAIL_RESENT: _("Email sent again"),
    }


def _label(user) -> str:
    """The name as it is now; never the email address (an account without a name shows its id)."""
    if user is None:
        return ""
    return (getattr(user, "full_name", "") or f"#{user.pk}")[:200]


def audit_record(*, actor, action: str, network=None, subject=None, detail: str = "") -> AuditEvent:
    """Append one event. ``actor`` is the acting user (None for the system), ``network`` a
    network or its id, ``subject`` the user the action was about, ``detail`` a short text of
    names and ids only (never text a person wrote). The names are frozen as they are now."""
    if action not in actions:
        raise ValueError(f"Unknown audit action {action!r}")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    network_id = getattr(network, "pk", network)
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=_label(actor),
        action=action,
        network_id=network_id,
        subject=subject,
        subject_label=_label(subject),
        detail=detail[:200],
    )


def audit_events_for_network(*, network_id: int, action: str = "") -> models.QuerySet:
    """A network's events, newest first, optionally of one action. No joins: the page shows the
    frozen names, so its query count does not grow with the events."""
    events = AuditEvent.objects.filter(network_id=network_id)
    if action:
        events = events.filter(action=action)
    return events.order_by("-created_at", "-pk")


def audit_forget_user(*, user, label: str) -> int:
    """The one change the log allows: an erased account's frozen name becomes ``label``
    (``core.erasure.ERASED_NAME``) wherever it acted or was acted on, so no row keeps their name.
    What, when, the links and the detail stay. Returns the number of rows changed.

    Call it after the user row is erased: on PostgreSQL the trigger (``core/0007``) lets the
    names change only to the marker and only for an erased account, and the app's role may
    update no other column. A refusal becomes an ``ApplicationError`` (the caller's transaction
    rolls back, nothing is half-erased), never a database error on a page."""
    plain = models.QuerySet(model=AuditEvent)  # the log's own manager refuses updates
    try:
        with transaction.atomic():
            changed = plain.filter(actor=user).update(actor_label=label)
            changed += plain.filter(subject=user).update(subject_label=label)
    except DatabaseError as error:
        raise ApplicationError(
            gettext("The audit log cannot be changed."), code="audit_log_refused"
        ) from error
    return changed
