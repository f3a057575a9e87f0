"""The audit actions of the minutes: the stored codes and their labels on the audit log
(core/audit_actions.py)."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditActionSet


class AuditAction(AuditActionSet):
    MINUTES_PUBLISHED = "minutes_published"
    MINUTES_DOWNLOADED = "minutes_downloaded"

    labels = {
        MINUTES_PUBLISHED: _("Minutes published"),
        MINUTES_DOWNLOADED: _("Minutes downloaded (PDF)"),
    }
