"""The reports: the trajectory report of a network and the participation report of an
organisation (stored per version of their input: core/stored_pdf.py; what they show and their
rendering in reports/documents.py), the sweep of every stored PDF's renders, retention, and the
reports' part of deleting an account."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from core.datetimes import months_before
from core.stored_pdf import (
    PdfState,
    input_fingerprint,
    renders_sweep,
    stored_pdf_render,
    stored_pdf_request,
)
from evaluations.models import LearningGoal, Questionnaire
from evaluations.services import network_answers_anonymise
from minutes import tasks as minutes_tasks
from minutes.models import ActionItem, MinutesVersion
from networks import webhooks
from networks.enums import NetworkStatus
from networks.models import Membership, Network
from portfolio import tasks as portfolio_tasks
from portfolio.models import PortfolioPdf, StatementPdf
from reports import tasks
from reports.documents import network_report_pdf, organisation_report_pdf
from reports.models import NetworkReport, OrganisationReport
from reports.organisations import participation_report
from sessions.models import Attendance, LearningSession, PracticeQuestion

logger = logging.getLogger(__name__)


def version_renders_sweep(*, now: datetime.datetime | None = None) -> int:
    """Beat: renders a down broker or a dead worker left behind, of minutes versions and of the
    stored PDFs (trajectory and participation reports, statements, portfolios). A render stuck in
    'rendering' for 15 minutes goes back to pending; pending renders older than two minutes are
    enqueued again. Safe to run any time: the render claims its row first. (The emails are
    outbox rows: ``core.outbox.sweep`` picks them up.)"""
    now = now or timezone.now()
    return renders_sweep(
        MinutesVersion,
        stamp="published_at",
        task=minutes_tasks.render_minutes_pdf,
        id_kwarg="version_id",
        now=now,
    ) + sum(
        renders_sweep(model, stamp="created_at", task=task, id_kwarg="report_id", now=now)
        for model, task in (
            (NetworkReport, tasks.render_network_report),
            (OrganisationReport, tasks.render_organisation_report),
            (StatementPdf, portfolio_tasks.render_statement_pdf),
            (PortfolioPdf, portfolio_tasks.render_portfolio_pdf),
        )
    )


# The trajectory report ----------------------------------------------------------------------

# Raise when the report's template or context changes: every stored report renders again.
REPORT_LAYOUT = "2"


def network_report_fingerprint(*, network) -> str:
    """A hash over everything the trajectory report reads: the network, its people and their
    organisations, sessions, attendance, minutes versions, learning goals, try-out actions,
    practice questions and evaluations (with their response counts). A fixed number of queries,
    whatever the size of the network."""
    return input_fingerprint(
        [
            REPORT_LAYOUT,
            network.language,
            Network.objects.filter(pk=network.pk).values_list("updated_at", "status"),
            Membership.objects.filter(network=network)
            .order_by("pk")
            .values_list(
                "pk",
                "role",
                "status",
                "user__full_name",
                "organisation__name",
                "organisation__kind",
            ),
            LearningSession.objects.filter(network=network)
            .order_by("pk")
            .values_list("pk", "updated_at", "status"),
            Attendance.objects.filter(session__network=network)
            .order_by("pk")
            .values_list("pk", "status", "user__full_name"),
            MinutesVersion.objects.filter(minutes__session__network=network)
            .order_by("pk")
            .values_list("pk", "number"),
            LearningGoal.objects.filter(network=network)
            .order_by("pk")
            .values_list("pk", "title", "status", "position"),
            LearningGoal.sessions.through.objects.filter(learninggoal__network=network)
            .order_by("pk")
            .values_list("learninggoal_id", "learningsession_id"),
            ActionItem.objects.filter(minutes__session__network=network)
            .order_by("pk")
            .values_list("pk", "status", "goal_id", "carried_from_id"),
            PracticeQuestion.objects.filter(network=network)
            .order_by("pk")
            .values_list("pk", "title", "status", "agenda_item_id"),
            Questionnaire.objects.filter(network=network)
            .order_by("pk")
            .annotate(answered=Count("responses"))
            .values_list(
                "pk", "kind", "anonymous", "threshold", "closes_at", "eligible_count", "answered"
            ),
        ]
    )


def network_report_request(*, network, retry: bool = False) -> NetworkReport:
    """The stored trajectory report for the network's current input (``stored_pdf_request``)."""
    return stored_pdf_request(
        NetworkReport,
        key={"network": network},
        fingerprint=network_report_fingerprint(network=network),
        task=tasks.render_network_report,
        retry=retry,
    )


def network_report_render(*, report_id: int) -> bool:
    """The Celery task's work (``stored_pdf_render``), in the network's language."""
    return stored_pdf_render(
        NetworkReport.objects.select_related("network"),
        report_id,
        lambda report: network_report_pdf(network=report.network),
        on_stored=lambda report: webhooks.emit(
            report.network_id,
            "report.ready",
            data={"report": "trajectory", "report_id": report.pk},
        ),
    )


# The participation report of an organisation -----------------------------------------------

PARTICIPATION_LAYOUT = "1"


def organisation_report_fingerprint(*, organisation, language: str) -> str:
    """A hash over what the participation report shows, in ``language``: the organisation, and
    per row the person, network, sessions attended and held and hours, and the totals of the
    others (``reports.organisations.participation_report``: four queries, whatever the size)."""
    report = participation_report(organisation=organisation)
    others = report["others"]
    return input_fingerprint(
        [
            PARTICIPATION_LAYOUT,
            language,
            [(organisation.pk, organisation.name, organisation.kind, organisation.sector)],
            [
                (row.person.pk, row.person.full_name, row.network.pk, row.network.name)
                + (row.sessions, row.held, row.hours)
                for row in report["rows"]
            ],
            [(others["shown"], others["people"], others["sessions"], others["hours"])],
            [(report["named_people"], report["named_hours"], report["threshold"])],
        ]
    )


def organisation_report_request(*, organisation, language: str, retry: bool = False):
    """The stored participation report of the organisation's current data in ``language``
    (``stored_pdf_request``)."""
    return stored_pdf_request(
        OrganisationReport,
        key={"organisation": organisation, "language": language},
        fingerprint=organisation_report_fingerprint(organisation=organisation, language=language),
        task=tasks.render_organisation_report,
        retry=retry,
    )


def organisation_report_render(*, report_id: int) -> bool:
    """The Celery task's work (``stored_pdf_render``), in the report's language."""
    return stored_pdf_render(
        OrganisationReport.objects.select_related("organisation"),
        report_id,
        lambda report: organisation_report_pdf(
            organisation=report.organisation, language=report.language
        ),
        on_stored=lambda report: webhooks.emit_organisation(
            report.organisation_id,
            "report.ready",
            data={"report": "participation", "report_id": report.pk},
        ),
    )


# Retention ------------------------------------------------------------------------------------


def retention_apply(*, now: datetime.datetime | None = None) -> list[int]:
    """Beat, daily: every network closed longer than ``LEERNET_RETENTION_MONTHS`` ago that was
    not handled yet loses its intake and named evaluation answers' texts and links
    (``evaluations.services.network_answers_anonymise``) and its stored minutes PDFs, and is
    marked (``Network.retention_applied_at``) so this happens once. A reopened network has no
    ``closed_at`` and is left alone. Returns the ids of the networks handled."""
    now = now or timezone.now()
    cutoff = months_before(now, settings.LEERNET_RETENTION_MONTHS)
    due = Network.objects.filter(
        status=NetworkStatus.CLOSED,
        closed_at__isnull=False,
        closed_at__lte=cutoff,
        retention_applied_at__isnull=True,
    ).values_list("pk", flat=True)
    handled = []
    for network_id in list(due):
        with transaction.atomic():
            network = (
                Network.objects.select_for_update()
                .filter(pk=network_id, retention_applied_at__isnull=True, closed_at__lte=cutoff)
                .first()
            )
            if network is None:
                continue  # another run had it, or it was reopened meanwhile
            network_answers_anonymise(network=network)
            MinutesVersion.objects.filter(minutes__session__network=network).update(
                pdf=None, pdf_state=PdfState.DELETED, pdf_error=""
            )
            NetworkReport.objects.filter(network=network).delete()
            OrganisationReport.objects.filter(
                organisation__in=Membership.objects.filter(network=network).values(
                    "organisation_id"
                )
            ).delete()
            PortfolioPdf.objects.filter(network=network).delete()
            Network.objects.filter(pk=network.pk).update(retention_applied_at=now)
            handled.append(network.pk)
            logger.info("retention applied to network %s", network.pk)
    return handled


def organisation_reports_prune(*, now: datetime.datetime | None = None) -> int:
    """Beat, daily (with ``retention_apply``): stored participation PDFs older than a day go.
    They name who consented when they were made; a withdrawn consent leaves no stored copy
    behind for longer than that (a coordinator's next download renders anew). Returns how many
    went."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=1)
    deleted, _per_model = OrganisationReport.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# Deleting an account (core/erasure.py) --------------------------------------------------------


def reports_erase_user(*, user, old_email: str, old_name: str) -> None:
    """The reports' part of deleting ``user``'s account (core/erasure.py): stored trajectory and
    participation reports name them, so they go (the next download renders without them)."""
    NetworkReport.objects.filter(network__memberships__user=user).delete()
    OrganisationReport.objects.filter(
        organisation__in=Membership.objects.filter(user=user).values("organisation_id")
    ).delete()
