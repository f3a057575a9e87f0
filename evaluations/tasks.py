"""Thin Celery tasks for evaluation emails."""

import smtplib

from celery import shared_task


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def send_evaluation_email(*, email_id: int) -> bool:
    from evaluations.services import evaluation_email_send

    return evaluation_email_send(email_id=email_id)


@shared_task
def send_evaluation_reminders() -> int:
    from evaluations.services import reminders_send_due

    return reminders_send_due()
