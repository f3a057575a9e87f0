"""Thin Celery tasks for evaluations. Invitations and reminders are outbox rows, sent by
``core.tasks.send_outbox_message``."""

from celery import shared_task


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
