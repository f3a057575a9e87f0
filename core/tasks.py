"""Enqueueing helpers shared by the apps' services, and the outbox's two tasks."""

import logging

from celery import shared_task
from django.apps import apps
from django.db import transaction

from core import outbox

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, **kwargs) -> None:
    """Send ``task`` to the broker once the surrounding transaction has committed.

    A broker that is down must not turn a committed request into an error page: the failure is
    logged, and what needs guaranteed delivery keeps its own outbox rows (see docs/architecture.md).
    """

    def _send():
        try:
            task.delay(**kwargs)
        except Exception:
            logger.exception("could not enqueue %s %s", task.name, kwargs)

    transaction.on_commit(_send)


@shared_task
def send_outbox_message(*, model: str, pk: int) -> str:
    """Send one outbox row (``model`` is "app_label.ModelName"). Retries are the outbox's own
    (core/outbox.py), not Celery's, so every outbox table follows one policy."""
    return outbox.deliver(apps.get_model(model), pk)


@shared_task
def sweep_outboxes() -> int:
    """Beat, every minute: one entry for every outbox table."""
    return outbox.sweep()
