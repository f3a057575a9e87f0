"""Thin Celery tasks for the reports: render the stored trajectory and participation reports
(the PDF queue), sweep stuck renders of every stored PDF, apply retention."""

from celery import shared_task


@shared_task
def sweep_minutes_renders() -> int:
    """Beat: PDF renders a down broker or a dead worker left behind (not email: the outbox's own
    sweep, ``core.tasks.sweep_outboxes``, sends the deliveries)."""
    from reports.services import version_renders_sweep  # noqa: PLC0415 (cycle: reports.services imports the tasks)

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
    from reports.services import organisation_reports_prune, retention_apply  # noqa: PLC0415 (cycle: reports.services imports the tasks)

    organisation_reports_prune()
    return retention_apply()


@shared_task
def render_network_report(*, report_id: int) -> bool:
    """Render one stored version of a network's trajectory report (``NetworkReport``)."""
    from reports.services import network_report_render  # noqa: PLC0415 (cycle: reports.services imports the tasks)

    return network_report_render(report_id=report_id)


@shared_task
def render_organisation_report(*, report_id: int) -> bool:
    """Render one stored version of an organisation's participation report
    (``OrganisationReport``)."""
    from reports.services import organisation_report_render  # noqa: PLC0415 (cycle: reports.services imports the tasks)

    return organisation_report_render(report_id=report_id)
