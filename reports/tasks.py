"""Thin Celery tasks for minutes: render the PDF (its own queue), deliver, sweep."""

from celery import shared_task

from core.tasks import MAIL_RETRY


@shared_task
def render_minutes_pdf(*, version_id: int) -> bool:
    from reports.services import version_render_pdf

    return version_render_pdf(version_id=version_id)


@shared_task(**MAIL_RETRY)
def deliver_minutes(*, delivery_id: int) -> str:
    from reports.services import delivery_send

    return delivery_send(delivery_id=delivery_id)


@shared_task
def sweep_minutes_deliveries() -> int:
    from reports.services import deliveries_sweep

    return deliveries_sweep()
