"""Thin Celery tasks for minutes: render the PDF (its own queue) and sweep stuck renders. The
emails themselves are outbox rows, sent by ``core.tasks.send_outbox_message``."""

from celery import shared_task


@shared_task
def render_minutes_pdf(*, version_id: int) -> bool:
    from reports.services import version_render_pdf

    return version_render_pdf(version_id=version_id)


@shared_task
def sweep_minutes_renders() -> int:
    """Beat: PDF renders a down broker or a dead worker left behind (not email: the outbox's own
    sweep, ``core.tasks.sweep_outboxes``, sends the deliveries)."""
    from reports.services import version_renders_sweep

    return version_renders_sweep()


@shared_task
def sweep_minutes_deliveries() -> int:
    """The name the beat entry "minutes-sweep" (config/settings/base.py) and beat schedules
    already in the database use: it sweeps renders only."""
    return sweep_minutes_renders()


@shared_task
def apply_retention() -> list[int]:
    """Beat, daily: anonymise and delete what networks closed longer than the retention period
    ago still hold (``reports.services.retention_apply``; once per network), and the stored
    participation PDFs older than a day (``organisation_reports_prune``)."""
    from reports.services import organisation_reports_prune, retention_apply

    organisation_reports_prune()
    return retention_apply()


@shared_task
def send_catch_up_reminders() -> int:
    """Beat: one reminder to each absent member who has not read the minutes five days after
    their catch-up pack went out (``reports.services.catch_up_reminders_due``)."""
    from reports.services import catch_up_reminders_due

    return catch_up_reminders_due()


@shared_task
def send_action_checkins() -> int:
    """Beat, hourly: "how did your try-out go?" to the owners of open actions three days before
    their network's next session (``reports.services.checkins_queue_due``; once per owner and
    session)."""
    from reports.services import checkins_queue_due

    return checkins_queue_due()


@shared_task
def render_network_report(*, report_id: int) -> bool:
    """Render one stored version of a network's trajectory report (``NetworkReport``)."""
    from reports.services import network_report_render

    return network_report_render(report_id=report_id)


@shared_task
def render_organisation_report(*, report_id: int) -> bool:
    """Render one stored version of an organisation's participation report
    (``OrganisationReport``)."""
    from reports.services import organisation_report_render

    return organisation_report_render(report_id=report_id)


@shared_task
def render_statement_pdf(*, report_id: int) -> bool:
    """Render a participation statement's PDF in one language (``StatementPdf``)."""
    from reports.services import statement_pdf_render

    return statement_pdf_render(report_id=report_id)


@shared_task
def render_portfolio_pdf(*, report_id: int) -> bool:
    """Render a member's learning portfolio PDF in one language (``PortfolioPdf``)."""
    from reports.services import portfolio_pdf_render

    return portfolio_pdf_render(report_id=report_id)
