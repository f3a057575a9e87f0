"""The audit actions of accounts (deleting an account, organisation sign-in): the stored codes
and their labels on the audit log (core/audit_actions.py)."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditActionSet


class AuditAction(AuditActionSet):
    ACCOUNT_DELETED = "account_deleted"
    SSO_CONNECTED = "sso_connected"
    SSO_CHANGED = "sso_changed"
    SSO_REQUIRED_ON = "sso_required_on"
    SSO_REQUIRED_OFF = "sso_required_off"
    SSO_DISCONNECTED = "sso_disconnected"

    labels = {
        ACCOUNT_DELETED: _("Account deleted"),
        SSO_CONNECTED: _("Organisation sign-in connected"),
        SSO_CHANGED: _("Organisation sign-in changed"),
        SSO_REQUIRED_ON: _("Organisation sign-in made required"),
        SSO_REQUIRED_OFF: _("Organisation sign-in no longer required"),
        SSO_DISCONNECTED: _("Organisation sign-in disconnected"),
    }
