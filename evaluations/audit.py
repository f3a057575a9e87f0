"""The audit actions of evaluations (questionnaires, intake, votes, results, blueprints): the
stored codes and their labels on the audit log (core/audit_actions.py)."""

from django.utils.translation import gettext_lazy as _

from core.audit_actions import AuditActionSet


class AuditAction(AuditActionSet):
    SESSION_EVALUATION_OPENED = "session_evaluation_opened"
    FINAL_EVALUATION_OPENED = "final_evaluation_opened"
    RESULTS_SHARED = "results_shared"
    RESULTS_HIDDEN = "results_hidden"
    INTAKE_OPENED = "intake_opened"
    VOTE_OPENED = "vote_opened"
    VOTE_CLOSED = "vote_closed"
    RESULTS_EXPORTED = "results_exported"
    SPEAKER_FEEDBACK_SENT = "speaker_feedback_sent"
    BLUEPRINT_SAVED = "blueprint_saved"
    BLUEPRINT_DELETED = "blueprint_deleted"

    labels = {
        SESSION_EVALUATION_OPENED: _("Session evaluation opened"),
        FINAL_EVALUATION_OPENED: _("Final evaluation opened"),
        RESULTS_SHARED: _("Evaluation results shared with members"),
        RESULTS_HIDDEN: _("Evaluation results hidden from members"),
        INTAKE_OPENED: _("Intake opened"),
        VOTE_OPENED: _("Vote opened"),
        VOTE_CLOSED: _("Vote closed"),
        RESULTS_EXPORTED: _("Evaluation results downloaded (CSV)"),
        SPEAKER_FEEDBACK_SENT: _("Feedback sent to a speaker"),
        BLUEPRINT_SAVED: _("Network saved as a blueprint"),
        BLUEPRINT_DELETED: _("Blueprint deleted"),
    }
