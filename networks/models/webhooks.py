"""Webhooks (issue 27): where a network's facilitators, or an organisation's coordinators, want
Leernet to POST its events, and one outbox row (core/outbox.py) per event and endpoint.
Delivery, signing, the safe-address checks and the chat formats are in networks/webhooks.py."""

import datetime
import urllib.parse

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.outbox import OutboxRow

URL_MAX = 500


class WebhookKind(models.TextChoices):
    JSON = "json", _("Generic JSON")
    TEAMS = "teams", _("Microsoft Teams (Workflows)")
    SLACK = "slack", _("Slack")
    MATTERMOST = "mattermost", _("Mattermost")
    MATRIX = "matrix", _("Matrix (hookshot)")


class WebhookEndpoint(models.Model):
    """One receiver of the events of a network, or of an organisation (its own events and those
    of the networks it runs: ``Network.organisation``). The secret is stored sealed
    (core/crypto.py) and shown once, when the endpoint is made."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="webhooks", null=True
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="webhooks", null=True
    )
    url = models.URLField(_("address"), max_length=URL_MAX)
    kind = models.CharField(
        _("kind"), max_length=10, choices=WebhookKind.choices, default=WebhookKind.JSON
    )
    events = models.JSONField(_("events"), default=list)
    secret_sealed = models.BinaryField()
    active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(network__isnull=False, organisation__isnull=True)
                | models.Q(network__isnull=True, organisation__isnull=False),
                name="webhook_of_a_network_or_an_organisation",
            )
        ]

    def __str__(self) -> str:
        if self.network_id is None:
            return f"webhook {self.pk} of organisation {self.organisation_id}"
        return f"webhook {self.pk} of network {self.network_id}"

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.url).hostname or ""


class WebhookDelivery(OutboxRow):
    """One event to one endpoint: the row core/outbox.py claims, signs and posts, retried with
    back-off for about a day (14 attempts, at most 4 hours apart). ``event_id`` is the
    ``webhook-id`` of every attempt, so a receiver drops the rare duplicate."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.CharField(max_length=40)
    event_type = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)

    network_path = "endpoint__network"
    send_related = ("endpoint__network", "endpoint__organisation")
    # Each delivery is its own line on the emails page (core/sendings.py).
    sending_fields = ("event_id",)
    max_attempts = 14
    backoff_max = datetime.timedelta(hours=4)

    class Meta(OutboxRow.Meta):
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="networks_webhook_due_idx")
        ]
        constraints = [
            *OutboxRow.Meta.constraints,
            # once per endpoint; a resend (core/outbox.resend) carries its original's event id
            models.UniqueConstraint(
                fields=["endpoint", "event_id"],
                condition=models.Q(resend_of__isnull=True),
                name="webhook_event_once",
            ),
        ]

    @property
    def kind_label(self) -> str:
        return str(_("Webhook"))

    @property
    def recipient_email(self) -> str:
        """Where it went (the page's "to" column): the receiver's host, never its path."""
        return self.endpoint.host

    @property
    def subject(self) -> str:
        return self.event_type

    @property
    def sending_about(self) -> str:
        """The emails page's line: "Webhook · minutes.published → hooks.example.org"."""
        return f"{self.event_type} → {self.endpoint.host}"

    def transmit(self) -> None:
        from networks import webhooks  # noqa: PLC0415 (cycle: networks.webhooks imports the models)

        webhooks.post(self)

    def after_failed(self) -> None:
        from networks import webhooks  # noqa: PLC0415 (cycle: networks.webhooks imports the models)

        webhooks.endpoint_disable(self.endpoint_id, reason=self.last_error_now())

    def last_error_now(self) -> str:
        return (
            type(self).objects.filter(pk=self.pk).values_list("last_error", flat=True).first() or ""
        )
