"""The audit actions of reports: the stored codes and their labels on the audit log
(core/audit_actions.py), grouped as the floor plan splits the app (minutes, portfolio, reports)."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditActionSet


class AuditAction(AuditActionSet):
    # Minutes
    MINUTES_PUBLISHED = "minutes_published"
    MINUTES_DOWNLOADED = "minutes_downloaded"
    # Portfolio and insight library
    INSIGHT_SHARED = "insight_shared"
    INSIGHT_UNSHARED = "insight_unshared"
    STATEMENT_ISSUED = "statement_issued"
    STATEMENT_REVOKED = "statement_revoked"
    # Reports and exports
    REPORT_EXPORTED = "report_exported"
    ATTENDANCE_EXPORTED = "attendance_exported"
    PARTICIPATION_EXPORTED = "participation_exported"
    DATA_EXPORTED = "data_exported"

    labels = {
        # Minutes
        MINUTES_PUBLISHED: _("Minutes published"),
        MINUTES_DOWNLOADED: _("Minutes downloaded (PDF)"),
        # Portfolio and insight library
        INSIGHT_SHARED: _("Insight shared with networks of the same theme"),
        INSIGHT_UNSHARED: _("Insight no longer shared"),
        STATEMENT_ISSUED: _("Participation statement issued"),
        STATEMENT_REVOKED: _("Participation statement revoked"),
        # Reports and exports
        REPORT_EXPORTED: _("Trajectory report downloaded (PDF)"),
        ATTENDANCE_EXPORTED: _("Attendance downloaded (CSV)"),
        PARTICIPATION_EXPORTED: _("Participation report of an organisation downloaded"),
        DATA_EXPORTED: _("Personal data downloaded"),
    }
