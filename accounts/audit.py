"""The audit actions of accounts (deleting an account): the stored codes and their labels on
the audit log (core/audit_actions.py)."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditActionSet


class AuditAction(AuditActionSet):
    ACCOUNT_DELETED = "account_deleted"

    labels = {
        ACCOUNT_DELETED: _("Account deleted"),
    }
