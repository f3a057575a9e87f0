"""The audit actions of the portfolio, the statements and the insight library: the stored codes
and their labels on the audit log (core/audit_actions.py)."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditActionSet


class AuditAction(AuditActionSet):
    INSIGHT_SHARED = "insight_shared"
    INSIGHT_UNSHARED = "insight_unshared"
    STATEMENT_ISSUED = "statement_issued"
    STATEMENT_REVOKED = "statement_revoked"

    labels = {
        INSIGHT_SHARED: _("Insight shared with networks of the same theme"),
        INSIGHT_UNSHARED: _("Insight no longer shared"),
        STATEMENT_ISSUED: _("Participation statement issued"),
        STATEMENT_REVOKED: _("Participation statement revoked"),
    }
