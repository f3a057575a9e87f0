"""Core's one concrete table: the audit log (``core.audit`` writes it, nothing changes it)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from core.audit_actions import ACTION_MAX_LENGTH, action_label
from core.errors import ApplicationError


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
    what, when and the detail never change. The links to people protect: a user who appears in the
    log cannot be deleted (accounts are erased in place); the network is kept as its id, so no
    event ever loses its network and leaves that network's log. No free text a person wrote is
    stored: names and ids only.
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
    # No choices: each app declares its actions (core/audit_actions.py), so a new one migrates
    # nothing here.
    action = models.CharField(_("what"), max_length=ACTION_MAX_LENGTH)
    # The network's id as a plain number, not a link: core's schema knows no higher app. An event
    # keeps its network's id whatever happens to the network (networks close, they are not
    # deleted in the app).
    network_id = models.BigIntegerField(_("network"), null=True, blank=True)
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
        indexes = [
            models.Index(fields=["network_id", "-created_at"], name="core_audit_network_idx")
        ]

    def __str__(self) -> str:
        when = date_format(localtime(self.created_at), "SHORT_DATETIME_FORMAT")
        return f"{when} {self.actor_label}: {self.action_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ApplicationError(_("The audit log cannot be changed."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ApplicationError(_("The audit log cannot be changed."))

    @property
    def action_label(self):
        """What was done, in the reader's language (the label its app declares)."""
        return action_label(self.action)
