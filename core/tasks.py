"""Enqueueing helpers shared by the apps' services, the outbox's two tasks and the daily
clearing of expired sessions."""

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


@shared_task
def clear_expired_sessions() -> None:
    """Beat, daily: delete expired sessions. The ``cached_db`` engine keeps a copy of every
    session in PostgreSQL (``django_session``), which nothing else empties (docs/operations.md)."""
    from importlib import import_module  # noqa: PLC0415 (lazy: the engine named in settings)

    from django.conf import settings  # noqa: PLC0415 (lazy: as above)

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
