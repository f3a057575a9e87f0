"""The reports' documents (pretalx's exporters): what the trajectory report of a network and
the participation report of an organisation show and their rendering as PDFs (only in the
Celery tasks: ``reports.services.network_report_render``, ``organisation_report_render``), and
the rows of the attendance and participation CSV files the pages send."""

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from accounts.enums import OrganisationKind
from core.csv import csv_safe
from core.pdf import render_pdf
from evaluations import selectors as evaluation_selectors
from evaluations.enums import QuestionnaireKind
from minutes import selectors as minutes_selectors
from minutes.models import MinutesVersion
from networks.enums import MembershipStatus, Role
from networks.models import Membership
from reports.organisations import participation_report
from sessions.enums import PRESENT_STATUSES, QuestionStatus, SessionStatus
from sessions.models import Attendance, LearningSession, PracticeQuestion
from sessions.selectors import attendance_overview, timeline

# The trajectory report ----------------------------------------------------------------------


def network_report_context(*, network) -> dict:
    """What the trajectory report shows: goal, facilitators, participating organisations
    (counts), hours of participation, sessions, practice questions, adopted learning goals and
    their attainment, try-out actions per goal, insights, attendance, the evaluation trend, the
    final evaluation's results (aggregates only, respecting the k-threshold) and, as an annex,
    the latest published minutes of every session."""
    final = network.questionnaires.filter(kind=QuestionnaireKind.FINAL, planned=False).first()
    organisations = _organisation_counts(network=network)
    hours = _hours_per_session(network=network)
    versions = _latest_versions(network=network)
    return {
        "network": network,
        "facilitators": _facilitators(network=network),
        "organisations": organisations,
        "organisation_kinds": _kind_counts(organisations),
        "members_count": sum(row["count"] for row in organisations),
        "hours": hours,
        "hours_total": sum(row["hours"] for row in hours),
        "questions": _practice_questions(network=network),
        "goals": _goals(network=network),
        "action_counts": [
            row
            for row in minutes_selectors.goal_action_counts(network=network)
            if row["total"] or row["goal_id"]
        ],
        "insights": [v for v in versions if (v.content or {}).get("insights")],
        "versions": versions,
        "timeline": timeline(network=network),
        "overview": attendance_overview(network=network),
        "trend": evaluation_selectors.overall_trend(network=network),
        "final": final,
        "final_results": evaluation_selectors.results(questionnaire=final) if final else None,
        "generated_at": timezone.now(),
    }


def _goals(*, network) -> list[dict]:
    """The adopted learning goals with the final evaluation's answer per goal and the session
    evaluations' "did this session help you with …?" answers, each only from k answers
    (evaluations' shows_aggregate)."""
    attainment = evaluation_selectors.goal_attainment(network=network)
    return [
        {
            "goal": goal,
            "attainment": attainment.get(goal.pk, {}).get("final"),
            "sessions": attainment.get(goal.pk, {}).get("sessions"),
            "sessions_count": attainment.get(goal.pk, {}).get("sessions_count", 0),
        }
        for goal in evaluation_selectors.adopted_goals(network=network)
    ]


def _facilitators(*, network) -> list[Membership]:
    return list(
        Membership.objects.filter(
            network=network, role=Role.FACILITATOR, status=MembershipStatus.ACTIVE
        )
        .select_related("user")
        .order_by("user__full_name")
    )


def _organisation_counts(*, network) -> list[dict]:
    """Members who took part (not the waitlist): counted per organisation, names never shown."""
    rows = (
        Membership.objects.filter(network=network, role=Role.MEMBER)
        .exclude(status=MembershipStatus.WAITLISTED)
        .values("organisation__name", "organisation__kind")
        .annotate(n=Count("pk"))
        .order_by("organisation__name")
    )
    return [
        {
            "name": row["organisation__name"],
            "kind": OrganisationKind(row["organisation__kind"]).label
            if row["organisation__kind"]
            else None,
            "count": row["n"],
        }
        for row in rows
    ]


def _kind_counts(organisations: list[dict]) -> list[dict]:
    """The members per kind of organisation, most first (those without a kind left out)."""
    kinds = {}
    for row in organisations:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["count"]
    return sorted(
        ({"kind": kind, "count": n} for kind, n in kinds.items() if kind),
        key=lambda row: -row["count"],
    )


def _hours_per_session(*, network) -> list[dict]:
    """Per session held (or with members present), its duration times the members present."""
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
    return hours


def _practice_questions(*, network) -> list[PracticeQuestion]:
    return list(
        PracticeQuestion.objects.filter(
            network=network, status__in=[QuestionStatus.SCHEDULED, QuestionStatus.DISCUSSED]
        )
        .select_related("agenda_item__session")
        .order_by("agenda_item__session__starts_at", "pk")
    )


def _latest_versions(*, network) -> list[MinutesVersion]:
    """The latest published version of each session's minutes (not cancelled sessions), in
    the order of the sessions, without their PDFs."""
    latest = MinutesVersion.objects.filter(minutes=OuterRef("minutes")).order_by("-number")
    return list(
        MinutesVersion.objects.filter(minutes__session__network=network)
        .filter(pk=Subquery(latest.values("pk")[:1]))
        .exclude(minutes__session__status=SessionStatus.CANCELLED)
        .select_related("minutes__session")
        .defer("pdf")
        .order_by("minutes__session__starts_at")
    )


def network_report_pdf(*, network) -> bytes:
    """Render the trajectory report (only in the Celery task: ``network_report_render``)."""
    return render_pdf(
        template="reports/pdf/network_report.html",
        context=network_report_context(network=network),
        language=network.language,
    )


# The participation report of an organisation -----------------------------------------------


def organisation_report_pdf(*, organisation, language: str) -> bytes:
    """Render the participation report (only in the Celery task)."""
    return render_pdf(
        template="reports/pdf/participation.html",
        context={
            "report": participation_report(organisation=organisation),
            "generated_at": timezone.now(),
        },
        language=language,
    )


# CSV files ----------------------------------------------------------------------------------


def attendance_csv_rows(*, network) -> list[list]:
    """The attendance of every member per session and their rate, in the network's language
    (the network's file, whoever downloads it); names safe for a spreadsheet."""
    overview = attendance_overview(network=network)
    with translation.override(network.language):
        header = (
            [_("Member")]
            + [
                f"{s.number}. {s.title} "
                f"({date_format(localtime(s.starts_at), 'SHORT_DATE_FORMAT')})"
                for s in overview["sessions"]
            ]
            + [_("Rate")]
        )
        rows = [
            [csv_safe(row["member"].full_name)]
            + [cell.get_status_display() if cell else "" for cell in row["cells"]]
            + ["" if row["rate"] is None else f"{row['rate']}%"]
            for row in overview["rows"]
        ]
    return [header, *rows]


def participation_csv_rows(*, organisation) -> list[list]:
    """The participation report's rows, and one for everyone else: their totals, or that they
    are fewer than the threshold (in the coordinator's language, the request's)."""
    report = participation_report(organisation=organisation)
    rows = [[_("Person"), _("Network"), _("Sessions attended"), _("Sessions held"), _("Hours")]]
    rows += [
        [
            csv_safe(row.person.full_name),
            csv_safe(row.network.name),
            row.sessions,
            row.held,
            row.hours,
        ]
        for row in report["rows"]
    ]
    others = report["others"]
    if others["shown"]:
        label = _("%(count)d other people (only in totals)") % {"count": others["people"]}
        rows.append([label, "", others["sessions"], "", others["hours"]])
    else:
        label = _("Fewer than %(threshold)d other people: not shown") % {
            "threshold": report["threshold"]
        }
        rows.append([label, "", "", "", ""])
    return rows
