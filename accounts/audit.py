"""The audit actions of accounts (deleting an account; organisation sign-in, issue 26; the
API's integrations, connected apps and the audited scopes, issue 27): the stored codes and their
labels on the audit log (core/audit_actions.py)."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditActionSet


class AuditAction(AuditActionSet):
    ACCOUNT_DELETED = "account_deleted"
    SSO_CONNECTED = "sso_connected"
    SSO_CHANGED = "sso_changed"
    SSO_REQUIRED_ON = "sso_required_on"
    SSO_REQUIRED_OFF = "sso_required_off"
    SSO_DISCONNECTED = "sso_disconnected"
    API_CLIENT_CREATED = "api_client_created"
    API_CLIENT_ROTATED = "api_client_rotated"
    API_CLIENT_REVOKED = "api_client_revoked"
    CONNECTED_APP_REVOKED = "connected_app_revoked"
    API_SCOPE_USED = "api_scope_used"

    labels = {
        ACCOUNT_DELETED: _("Account deleted"),
        SSO_CONNECTED: _("Organisation sign-in connected"),
        SSO_CHANGED: _("Organisation sign-in changed"),
        SSO_REQUIRED_ON: _("Organisation sign-in made required"),
        SSO_REQUIRED_OFF: _("Organisation sign-in no longer required"),
        SSO_DISCONNECTED: _("Organisation sign-in disconnected"),
        API_CLIENT_CREATED: _("Integration created"),
        API_CLIENT_ROTATED: _("Integration's secret replaced"),
        API_CLIENT_REVOKED: _("Integration revoked"),
        CONNECTED_APP_REVOKED: _("Connected app removed"),
        API_SCOPE_USED: _("Data read through the API"),
    }
