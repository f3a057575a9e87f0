"""The audit actions of sessions (attendance, roles, speakers, announcements): the stored codes
and their labels on the audit log (core/audit_actions.py)."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditActionSet


class AuditAction(AuditActionSet):
    ATTENDANCE_RECORDED = "attendance_recorded"
    SESSION_HELD = "session_held"
    SESSION_ROLES_SET = "session_roles_set"
    SPEAKER_BRIEF_SENT = "speaker_brief_sent"
    ANNOUNCEMENT_SENT = "announcement_sent"

    labels = {
        ATTENDANCE_RECORDED: _("Attendance recorded"),
        SESSION_HELD: _("Session marked as held"),
        SESSION_ROLES_SET: _("Session roles assigned"),
        SPEAKER_BRIEF_SENT: _("Brief sent to a speaker"),
        ANNOUNCEMENT_SENT: _("Announcement sent"),
    }
