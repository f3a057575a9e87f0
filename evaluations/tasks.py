"""Thin Celery tasks for evaluation emails."""

from celery import shared_task

from core.tasks import MAIL_RETRY


@shared_task(**MAIL_RETRY)
def send_evaluation_email(*, email_id: int) -> bool:
    from evaluations.services import evaluation_email_send

    return evaluation_email_send(email_id=email_id)


@shared_task
def send_evaluation_reminders() -> int:
    from evaluations.services import reminders_send_due

    return reminders_send_due()


@shared_task
def release_held_answers(*, questionnaire_id: int) -> int:
    from evaluations.holding import release

    return release(questionnaire_id=questionnaire_id)


@shared_task
def release_all_held_answers() -> int:
    from evaluations.holding import release_all

    return release_all()
