"""Thin Celery tasks for the portfolio's PDFs (their own queue).

The tasks keep the names they had in the reports app (``name=``): tasks already queued and the
PDF queue's route (config/settings/base.py) name them so."""

from celery import shared_task


@shared_task(name="reports.tasks.render_statement_pdf")
def render_statement_pdf(*, report_id: int) -> bool:
    """Render a participation statement's PDF in one language (``StatementPdf``)."""
    from portfolio.services import statement_pdf_render  # noqa: PLC0415 (cycle: portfolio.services imports the tasks)

    return statement_pdf_render(report_id=report_id)


@shared_task(name="reports.tasks.render_portfolio_pdf")
def render_portfolio_pdf(*, report_id: int) -> bool:
    """Render a member's learning portfolio PDF in one language (``PortfolioPdf``)."""
    from portfolio.services import portfolio_pdf_render  # noqa: PLC0415 (cycle: portfolio.services imports the tasks)

    return portfolio_pdf_render(report_id=report_id)
