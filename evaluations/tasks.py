"""Thin Celery tasks for evaluations. Invitations and reminders are outbox rows, sent by
``core.tasks.send_outbox_message``."""

from celery import shared_task

from evaluations.holding import release, release_all


@shared_task
def send_evaluation_reminders() -> int:
    from evaluations.services import reminders_send_due  # noqa: PLC0415 (cycle: evaluations.services)

    return reminders_send_due()


@shared_task
def announce_closed_evaluations() -> int:
    """Beat: the ``evaluation.closed`` webhook event of each evaluation whose time passed."""
    from evaluations.services.events import evaluations_close_due  # noqa: PLC0415 (cycle: evaluations.services)

    return evaluations_close_due()


@shared_task
def release_held_answers(*, questionnaire_id: int) -> int:
    return release(questionnaire_id=questionnaire_id)


@shared_task
def release_all_held_answers() -> int:
    return release_all()
