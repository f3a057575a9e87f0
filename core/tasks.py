"""Enqueueing helpers shared by the apps' services."""

import logging
import smtplib

from django.db import transaction

logger = logging.getLogger(__name__)

# Retry policy of tasks that send email: SMTP and connection errors retry with exponential
# backoff (with jitter), always well below the broker's visibility timeout.
MAIL_RETRY = {
    "autoretry_for": (smtplib.SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 15,
    "retry_backoff_max": 900,
    "retry_jitter": True,
    "max_retries": 8,
}


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
