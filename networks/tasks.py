"""Thin Celery tasks for networks. Their emails are outbox rows, sent by
``core.tasks.send_outbox_message``."""

from celery import shared_task

from networks import webhooks
from networks.digest import digest_send_weekly
from networks.services import health_snapshots_refresh


@shared_task
def send_weekly_digests() -> int:
    return digest_send_weekly()


@shared_task
def refresh_health_snapshots() -> int:
    """The coordinators' overview reads stored health (networks.models.HealthSnapshot)."""
    return health_snapshots_refresh()


@shared_task
def prune_webhook_deliveries() -> int:
    """Beat, daily: webhook deliveries are kept 30 days (networks.webhooks.prune)."""
    return webhooks.prune()
