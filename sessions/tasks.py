"""Thin Celery tasks for session emails and reminders."""

import logging

from celery import shared_task

from core.tasks import MAIL_RETRY

logger = logging.getLogger(__name__)


@shared_task(**MAIL_RETRY)
def send_session_notification(*, notification_id: int) -> bool:
    from sessions.services import notification_send

    return notification_send(notification_id=notification_id)


@shared_task(**MAIL_RETRY)
def send_speaker_email(*, speaker_id: int) -> None:
    from sessions.models import Speaker
    from sessions.services import speaker_send_email

    speaker = Speaker.objects.select_related("session__network").filter(pk=speaker_id).first()
    if speaker is None or not speaker.email:
        return
    speaker_send_email(speaker=speaker)


@shared_task
def send_due_reminders() -> int:
    from sessions.services import reminders_send_due

    return reminders_send_due()
