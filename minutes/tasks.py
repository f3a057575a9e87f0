"""Thin Celery tasks for minutes: render a version's PDF (its own queue), the catch-up reminders
and the try-out check-ins. The emails themselves are outbox rows, sent by
``core.tasks.send_outbox_message``.

The tasks keep the names they had in the reports app (``name=``): tasks already queued, the beat
schedule and the PDF queue's route (config/settings/base.py) name them so."""

from celery import shared_task


@shared_task(name="reports.tasks.render_minutes_pdf")
def render_minutes_pdf(*, version_id: int) -> bool:
    from minutes.services import version_render_pdf  # noqa: PLC0415 (cycle: minutes.services imports the tasks)

    return version_render_pdf(version_id=version_id)


@shared_task(name="reports.tasks.send_catch_up_reminders")
def send_catch_up_reminders() -> int:
    """Beat: one reminder to each absent member who has not read the minutes five days after
    their catch-up pack went out (``minutes.services.catch_up_reminders_due``)."""
    from minutes.services import catch_up_reminders_due  # noqa: PLC0415 (cycle: minutes.services imports the tasks)

    return catch_up_reminders_due()


@shared_task(name="reports.tasks.send_action_checkins")
def send_action_checkins() -> int:
    """Beat, hourly: "how did your try-out go?" to the owners of open actions three days before
    their network's next session (``minutes.services.checkins_queue_due``; once per owner and
    session)."""
    from minutes.services import checkins_queue_due  # noqa: PLC0415 (cycle: minutes.services imports the tasks)

    return checkins_queue_due()
