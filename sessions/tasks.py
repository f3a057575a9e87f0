"""Thin Celery tasks for sessions. Session and speaker emails are outbox rows, sent by
``core.tasks.send_outbox_message``."""

from celery import shared_task

from sessions.services import reminders_send_due


@shared_task
def send_due_reminders() -> int:
    return reminders_send_due()
