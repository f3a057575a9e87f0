"""Thin Celery tasks for sessions. Session and speaker emails are outbox rows, sent by
``core.tasks.send_outbox_message``."""

from celery import shared_task


@shared_task
def send_due_reminders() -> int:
    from sessions.services import reminders_send_due

    return reminders_send_due()
