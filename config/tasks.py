"""Enqueueing helpers shared by the apps' services."""

import logging

from django.db import transaction

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
