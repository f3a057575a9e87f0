"""The audit actions of the reports and exports: the stored codes and their labels on the audit
log (core/audit_actions.py)."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditActionSet


class AuditAction(AuditActionSet):
    REPORT_EXPORTED = "report_exported"
    ATTENDANCE_EXPORTED = "attendance_exported"
    PARTICIPATION_EXPORTED = "participation_exported"
    DATA_EXPORTED = "data_exported"

    labels = {
        REPORT_EXPORTED: _("Trajectory report downloaded (PDF)"),
        ATTENDANCE_EXPORTED: _("Attendance downloaded (CSV)"),
        PARTICIPATION_EXPORTED: _("Participation report of an organisation downloaded"),
        DATA_EXPORTED: _("Personal data downloaded"),
    }
