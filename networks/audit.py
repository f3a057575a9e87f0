"""The audit actions of networks (invitations, requests to join, members, the network itself):
the stored codes and their labels on the audit log (core/audit_actions.py)."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditActionSet


class AuditAction(AuditActionSet):
    INVITATION_CREATED = "invitation_created"
    INVITATION_RESENT = "invitation_resent"
    INVITATION_REVOKED = "invitation_revoked"
    INVITATION_ACCEPTED = "invitation_accepted"
    JOIN_REQUEST_APPROVED = "join_request_approved"
    JOIN_REQUEST_DECLINED = "join_request_declined"
    MEMBER_REMOVED = "member_removed"
    MEMBER_LEFT = "member_left"
    WAITLIST_PROMOTED = "waitlist_promoted"
    FACILITATOR_ADDED = "facilitator_added"
    NETWORK_STATUS_CHANGED = "network_status_changed"
    NETWORK_CLOSED = "network_closed"
    NETWORK_REOPENED = "network_reopened"
    GROUND_RULES_CHANGED = "ground_rules_changed"
    WEBHOOK_ADDED = "webhook_added"
    WEBHOOK_DELETED = "webhook_deleted"
    WEBHOOK_DISABLED = "webhook_disabled"

    labels = {
        INVITATION_CREATED: _("Invitation sent"),
        INVITATION_RESENT: _("Invitation sent again"),
        INVITATION_REVOKED: _("Invitation withdrawn"),
        INVITATION_ACCEPTED: _("Invitation accepted"),
        JOIN_REQUEST_APPROVED: _("Request to join approved"),
        JOIN_REQUEST_DECLINED: _("Request to join declined"),
        MEMBER_REMOVED: _("Member removed"),
        MEMBER_LEFT: _("Member left"),
        WAITLIST_PROMOTED: _("Moved up from the waitlist"),
        FACILITATOR_ADDED: _("Facilitator added"),
        NETWORK_STATUS_CHANGED: _("Network status changed"),
        NETWORK_CLOSED: _("Network closed"),
        NETWORK_REOPENED: _("Network reopened"),
        GROUND_RULES_CHANGED: _("Ground rules changed"),
        WEBHOOK_ADDED: _("Webhook added"),
        WEBHOOK_DELETED: _("Webhook deleted"),
        WEBHOOK_DISABLED: _("Webhook switched off after failures"),
    }
