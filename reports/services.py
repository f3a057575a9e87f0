"""The reports: the trajectory report of a network and the participation report of an
organisation (stored per version of their input: core/stored_pdf.py), the sweep of every stored
PDF's renders, retention, and the reports' part of deleting an account."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.datetimes import months_before
from core.pdf import render_pdf
from core.stored_pdf import (
    PdfState,
    input_fingerprint,
    renders_sweep,
    stored_pdf_render,
    stored_pdf_request,
)
from evaluations.models import LearningGoal
from evaluations.services import network_answers_anonymise
from minutes import selectors
from minutes import tasks as minutes_tasks
from minutes.models import ActionItem, MinutesVersion
from networks.enums import MembershipStatus, NetworkStatus
from networks.models import Membership, Network
from portfolio import tasks as portfolio_tasks
from portfolio.models import PortfolioPdf, StatementPdf
from reports import tasks
from reports.models import NetworkReport, OrganisationReport
from sessions.enums import PRESENT_STATUSES, SessionStatus
from sessions.models import Attendance, LearningSession

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
    from django.db.models import Count

    from evaluations.models import Questionnaire
    from sessions.models import PracticeQuestion

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
    )


def network_report_context(*, network) -> dict:
    """What the trajectory report shows: goal, facilitators, participating organisations
    (counts), hours of participation, sessions, practice questions, adopted learning goals and
    their attainment, try-out actions per goal, insights, attendance, the evaluation trend, the
    final evaluation's results (aggregates only, respecting the k-threshold) and, as an annex,
    the latest published minutes of every session."""
    from django.db.models import Count, OuterRef, Subquery

    from accounts.enums import OrganisationKind
    from evaluations import selectors as evaluation_selectors
    from evaluations.enums import QuestionnaireKind
    from networks.enums import Role
    from sessions.enums import QuestionStatus
    from sessions.models import PracticeQuestion
    from sessions.selectors import attendance_overview, timeline

    final = network.questionnaires.filter(kind=QuestionnaireKind.FINAL, planned=False).first()
    final_results = evaluation_selectors.results(questionnaire=final) if final else None
    # The final evaluation's answer per goal and the session evaluations' "did this session
    # help you with …?" answers, each only from k answers (evaluations' shows_aggregate).
    attainment = evaluation_selectors.goal_attainment(network=network)
    goals = [
        {
            "goal": goal,
            "attainment": attainment.get(goal.pk, {}).get("final"),
            "sessions": attainment.get(goal.pk, {}).get("sessions"),
            "sessions_count": attainment.get(goal.pk, {}).get("sessions_count", 0),
        }
        for goal in evaluation_selectors.adopted_goals(network=network)
    ]
    facilitators = list(
        Membership.objects.filter(
            network=network, role=Role.FACILITATOR, status=MembershipStatus.ACTIVE
        )
        .select_related("user")
        .order_by("user__full_name")
    )
    # Members who took part (not the waitlist): counted per organisation, names never shown.
    organisation_rows = (
        Membership.objects.filter(network=network, role=Role.MEMBER)
        .exclude(status=MembershipStatus.WAITLISTED)
        .values("organisation__name", "organisation__kind")
        .annotate(n=Count("pk"))
        .order_by("organisation__name")
    )
    organisations, kinds = [], {}
    for row in organisation_rows:
        kind = row["organisation__kind"]
        label = OrganisationKind(kind).label if kind else None
        organisations.append({"name": row["organisation__name"], "kind": label, "count": row["n"]})
        kinds[label] = kinds.get(label, 0) + row["n"]
    present = dict(
        Attendance.objects.filter(session__network=network, status__in=PRESENT_STATUSES)
        .values("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
    )
    hours = []
    for session in LearningSession.objects.filter(network=network).exclude(
        status=SessionStatus.CANCELLED
    ):
        attendees = present.get(session.pk, 0)
        if session.status == SessionStatus.HELD or attendees:
            hours.append(
                {
                    "session": session,
                    "attendees": attendees,
                    "duration": session.duration_minutes / 60,
                    "hours": attendees * session.duration_minutes / 60,
                }
            )
    questions = list(
        PracticeQuestion.objects.filter(
            network=network, status__in=[QuestionStatus.SCHEDULED, QuestionStatus.DISCUSSED]
        )
        .select_related("agenda_item__session")
        .order_by("agenda_item__session__starts_at", "pk")
    )
    latest = MinutesVersion.objects.filter(minutes=OuterRef("minutes")).order_by("-number")
    versions = list(
        MinutesVersion.objects.filter(minutes__session__network=network)
        .filter(pk=Subquery(latest.values("pk")[:1]))
        .exclude(minutes__session__status=SessionStatus.CANCELLED)
        .select_related("minutes__session")
        .defer("pdf")
        .order_by("minutes__session__starts_at")
    )
    return {
        "network": network,
        "facilitators": facilitators,
        "organisations": organisations,
        "organisation_kinds": sorted(
            ({"kind": kind, "count": n} for kind, n in kinds.items() if kind),
            key=lambda row: -row["count"],
        ),
        "members_count": sum(row["count"] for row in organisations),
        "hours": hours,
        "hours_total": sum(row["hours"] for row in hours),
        "questions": questions,
        "goals": goals,
        "action_counts": [
            row
            for row in selectors.goal_action_counts(network=network)
            if row["total"] or row["goal_id"]
        ],
        "insights": [v for v in versions if (v.content or {}).get("insights")],
        "versions": versions,
        "timeline": timeline(network=network),
        "overview": attendance_overview(network=network),
        "trend": evaluation_selectors.overall_trend(network=network),
        "final": final,
        "final_results": final_results,
        "generated_at": timezone.now(),
    }


def network_report_pdf(*, network) -> bytes:
    """Render the trajectory report (only in the Celery task: ``network_report_render``)."""
    return render_pdf(
        template="reports/pdf/network_report.html",
        context=network_report_context(network=network),
        language=network.language,
    )


# The participation report of an organisation -----------------------------------------------

PARTICIPATION_LAYOUT = "1"


def organisation_report_fingerprint(*, organisation, language: str) -> str:
    """A hash over what the participation report shows, in ``language``: the organisation, and
    per row the person, network, sessions attended and held and hours, and the totals of the
    others (``reports.organisations.participation_report``: four queries, whatever the size)."""
    from reports.organisations import participation_report

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


def organisation_report_pdf(*, organisation, language: str) -> bytes:
    """Render the participation report (only in the Celery task)."""
    from reports.organisations import participation_report

    return render_pdf(
        template="reports/pdf/participation.html",
        context={
            "report": participation_report(organisation=organisation),
            "generated_at": timezone.now(),
        },
        language=language,
    )


def organisation_report_render(*, report_id: int) -> bool:
    """The Celery task's work (``stored_pdf_render``), in the report's language."""
    return stored_pdf_render(
        OrganisationReport.objects.select_related("organisation"),
        report_id,
        lambda report: organisation_report_pdf(
            organisation=report.organisation, language=report.language
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
