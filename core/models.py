"""Core's one concrete table: the audit log (``core.audit`` writes it, nothing changes it)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError


class AuditAction(models.TextChoices):
    """What was done: a stable code (stored, filtered on) with a translated label (shown)."""

    INVITATION_CREATED = "invitation_created", _("Invitation sent")
    INVITATION_RESENT = "invitation_resent", _("Invitation sent again")
    INVITATION_REVOKED = "invitation_revoked", _("Invitation withdrawn")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    JOIN_REQUEST_APPROVED = "join_request_approved", _("Request to join approved")
    JOIN_REQUEST_DECLINED = "join_request_declined", _("Request to join declined")
    MEMBER_REMOVED = "member_removed", _("Member removed")
    MEMBER_LEFT = "member_left", _("Member left")
    WAITLIST_PROMOTED = "waitlist_promoted", _("Moved up from the waitlist")
    FACILITATOR_ADDED = "facilitator_added", _("Facilitator added")
    ATTENDANCE_RECORDED = "attendance_recorded", _("Attendance recorded")
    SESSION_HELD = "session_held", _("Session marked as held")
    SESSION_ROLES_SET = "session_roles_set", _("Session roles assigned")
    MINUTES_PUBLISHED = "minutes_published", _("Minutes published")
    INSIGHT_SHARED = "insight_shared", _("Insight shared with networks of the same theme")
    INSIGHT_UNSHARED = "insight_unshared", _("Insight no longer shared")
    SESSION_EVALUATION_OPENED = "session_evaluation_opened", _("Session evaluation opened")
    FINAL_EVALUATION_OPENED = "final_evaluation_opened", _("Final evaluation opened")
    RESULTS_SHARED = "results_shared", _("Evaluation results shared with members")
    RESULTS_HIDDEN = "results_hidden", _("Evaluation results hidden from members")
    INTAKE_OPENED = "intake_opened", _("Intake opened")
    VOTE_OPENED = "vote_opened", _("Vote opened")
    VOTE_CLOSED = "vote_closed", _("Vote closed")
    RESULTS_EXPORTED = "results_exported", _("Evaluation results downloaded (CSV)")
    ATTENDANCE_EXPORTED = "attendance_exported", _("Attendance downloaded (CSV)")
    REPORT_EXPORTED = "report_exported", _("Trajectory report downloaded (PDF)")
    MINUTES_DOWNLOADED = "minutes_downloaded", _("Minutes downloaded (PDF)")
    NETWORK_STATUS_CHANGED = "network_status_changed", _("Network status changed")
    NETWORK_CLOSED = "network_closed", _("Network closed")
    NETWORK_REOPENED = "network_reopened", _("Network reopened")
    GROUND_RULES_CHANGED = "ground_rules_changed", _("Ground rules changed")
    EMAIL_RESENT = "email_resent", _("Email sent again")
    SPEAKER_BRIEF_SENT = "speaker_brief_sent", _("Brief sent to a speaker")
    SPEAKER_FEEDBACK_SENT = "speaker_feedback_sent", _("Feedback sent to a speaker")
    ANNOUNCEMENT_SENT = "announcement_sent", _("Announcement sent")
    PARTICIPATION_EXPORTED = (
        "participation_exported",
        _("Participation report of an organisation downloaded"),
    )
    ACCOUNT_DELETED = "account_deleted", _("Account deleted")
    DATA_EXPORTED = "data_exported", _("Personal data downloaded")
    STATEMENT_ISSUED = "statement_issued", _("Participation statement issued")
    STATEMENT_REVOKED = "statement_revoked", _("Participation statement revoked")
    BLUEPRINT_SAVED = "blueprint_saved", _("Network saved as a blueprint")
    BLUEPRINT_DELETED = "blueprint_deleted", _("Blueprint deleted")


class AuditEventQuerySet(models.QuerySet):
    """No bulk update or delete: the log only grows (the database trigger refuses them too)."""

    def update(self, **kwargs):
        raise ApplicationError(_("The audit log cannot be changed."))

    def delete(self):
        raise ApplicationError(_("The audit log cannot be changed."))


class AuditEvent(models.Model):
    """One action of a facilitator or administrator that touched people or their data.

    Append-only: ``save`` of an existing row, ``delete`` and the queryset's ``update``/``delete``
    raise, and on PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE (migration
    ``core/0007``). The one exception is forgetting a person whose account was erased: their
    frozen name becomes ``core.erasure.ERASED_NAME`` (``core.audit.audit_forget_user``); links,
    what, when and the detail never change. The links protect: a user or network that appears in
    the log cannot be deleted (accounts are erased in place, networks close), so no event loses
    its network and leaves that network's log. No free text a person wrote is stored: names and
    ids only.
    """

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("who (name then)"), max_length=200, blank=True)
    action = models.CharField(_("what"), max_length=40, choices=AuditAction.choices)
    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("about whom"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_label = models.CharField(_("about whom (name then)"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["network", "-created_at"], name="core_audit_network_idx")]

    def __str__(self) -> str:
        when = date_format(localtime(self.created_at), "SHORT_DATETIME_FORMAT")
        return f"{when} {self.actor_label}: {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ApplicationError(_("The audit log cannot be changed."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ApplicationError(_("The audit log cannot be changed."))
