"""Download my data: everything Leernet holds about one person, as a ZIP they download.

The one place that collects a person's data, from every app that holds some (accounts,
networks, sessions, evaluations, minutes, portfolio); an app that adds personal data adds its
section here (and a row to the data inventory in docs/privacy.md).

The ZIP holds a JSON file (for a machine), an HTML summary (for a person), both in the user's
language, and the stored PDF of the latest published version of every session's minutes in the
networks the user may read now (active member or facilitator, as ``minutes.rules.
can_read_minutes`` says per session). Only rows that point at the user are read: every query
filters on the user, so nothing of anyone else can be included. Anonymous evaluation answers are
stored without any link to the person (docs/privacy.md), so they cannot be included and nothing
here tries to find them: only *that* the user answered (``Participation``) is listed.

A fixed number of queries, whatever the amount of data (one per section).
"""

import io
import json
import zipfile
from operator import attrgetter

from allauth.socialaccount.models import SocialAccount
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import OuterRef, Prefetch, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.oauth import connected_apps_export
from core.downloads import file_name
from core.stored_pdf import PdfState
from evaluations.models import (
    Answer,
    IntakeResponse,
    Participation,
    Response,
    VoteBallot,
)
from minutes.models import MinutesComment, MinutesVersion
from networks.enums import MembershipStatus
from networks.models import JoinRequest, Membership
from portfolio.models import ParticipationStatement, SessionReflection
from sessions.models import Announcement, Attendance, CatchUpInput, PracticeQuestion, Rsvp

# Translators: file names: lowercase, hyphens, no spaces or accents.
EXPORT_ZIP_NAME = _("leernet-my-data-%(date)s.zip")
EXPORT_JSON_NAME = _("my-data.json")
EXPORT_HTML_NAME = _("summary.html")
EXPORT_MINUTES_FOLDER = pgettext_lazy("folder in a ZIP file", "minutes")

INTAKE_FIELDS = (
    "expectations",
    "personal_goals",
    "brings",
    "practice_questions",
    "preferred_topics",
    "preferred_work_forms",
    "constraints",
)


def _session(session) -> dict:
    return {
        "network": session.network.name,
        "session": session.title,
        "number": session.number,
        "starts_at": timezone.localtime(session.starts_at),
    }


def _answer_text(answer: Answer) -> str:
    if answer.value is not None:
        return str(answer.value)
    if answer.selected:
        return "; ".join(answer.selected)
    return answer.text


def _profile(user) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "organisation": user.organisation.name if user.organisation else "",
        "job_function": user.job_function,
        "language": user.get_language_display(),
        "weekly_digest": user.weekly_digest,
        "date_joined": timezone.localtime(user.date_joined),
        "last_login": user.last_login and timezone.localtime(user.last_login),
    }


def _linked_sign_ins(user) -> list[dict]:
    """The organisations' sign-ins linked to the account (issue 26): the provider, the id it
    gives the person and what it said about them at the last sign-in."""
    return [
        {
            "provider": account.provider,
            "uid": account.uid,
            "date_joined": timezone.localtime(account.date_joined),
            "last_login": account.last_login and timezone.localtime(account.last_login),
            "claims": account.extra_data,
        }
        for account in SocialAccount.objects.filter(user=user).order_by("pk")
    ]


def _memberships(user) -> list[dict]:
    return [
        {
            "network": m.network.name,
            "role": m.get_role_display(),
            "status": m.get_status_display(),
            "joined_at": m.joined_at and timezone.localtime(m.joined_at),
            "waitlisted_at": m.waitlisted_at and timezone.localtime(m.waitlisted_at),
            "ended_at": m.ended_at and timezone.localtime(m.ended_at),
            "ground_rules_accepted_at": m.ground_rules_accepted_at
            and timezone.localtime(m.ground_rules_accepted_at),
            "announcement_emails": m.announcement_emails,
        }
        for m in Membership.objects.filter(user=user)
        .select_related("network")
        .order_by("created_at", "pk")
    ]


def _announcements(user) -> list[dict]:
    """The messages to the group the user wrote as a facilitator."""
    return [
        {
            "network": a.network.name,
            "subject": a.subject,
            "message": a.body,
            "audience": a.get_audience_display(),
            "created_at": timezone.localtime(a.created_at),
        }
        for a in Announcement.objects.filter(author=user)
        .select_related("network")
        .order_by("created_at", "pk")
    ]


def _join_requests(user) -> list[dict]:
    return [
        {
            "network": r.network.name,
            "motivation": r.motivation,
            "status": r.get_status_display(),
            "created_at": timezone.localtime(r.created_at),
            "decided_at": r.decided_at and timezone.localtime(r.decided_at),
        }
        for r in JoinRequest.objects.filter(user=user)
        .select_related("network")
        .order_by("created_at", "pk")
    ]


def _intake_answers(user) -> list[dict]:
    fields = [IntakeResponse._meta.get_field(name) for name in INTAKE_FIELDS]
    return [
        {
            "network": response.intake.network.name,
            "updated_at": timezone.localtime(response.updated_at),
            "answers": [
                {"question": str(field.verbose_name), "answer": getattr(response, field.name)}
                for field in fields
            ],
        }
        for response in IntakeResponse.objects.filter(user=user)
        .select_related("intake__network")
        .order_by("intake__network__name", "pk")
    ]


def _evaluation_answers(user) -> list[dict]:
    """Named evaluations only: an anonymous response has no user (and this filter says so
    twice, so a change elsewhere cannot slip one in)."""
    responses = (
        Response.objects.filter(user=user, questionnaire__anonymous=False)
        .select_related("questionnaire__network", "questionnaire__session")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question").order_by(
                    "question__position", "question__pk"
                ),
            )
        )
        .order_by("questionnaire__opens_at", "questionnaire__pk")
    )
    return [
        {
            "network": response.questionnaire.network.name,
            "evaluation": response.questionnaire.title,
            "session": response.questionnaire.session.title
            if response.questionnaire.session
            else "",
            "answers": [
                {
                    "question": answer.question.text,
                    "answer": _answer_text(answer),
                    "value": answer.value,
                    "text": answer.text,
                    "selected": answer.selected,
                }
                for answer in response.answers.all()
            ],
        }
        for response in responses
    ]


def _anonymous_participations(user) -> list[dict]:
    return [
        {
            "network": p.questionnaire.network.name,
            "evaluation": p.questionnaire.title,
            "answered_at": timezone.localtime(p.answered_at),
        }
        for p in Participation.objects.filter(user=user, questionnaire__anonymous=True)
        .select_related("questionnaire__network")
        .order_by("answered_at", "pk")
    ]


def _rsvps(user) -> list[dict]:
    return [
        {
            **_session(rsvp.session),
            "answer": rsvp.get_answer_display(),
            "apology": rsvp.apology,
            "input_for_group": rsvp.input_for_group,
            "updated_at": timezone.localtime(rsvp.updated_at),
        }
        for rsvp in Rsvp.objects.filter(user=user)
        .select_related("session__network")
        .order_by("session__starts_at", "pk")
    ]


def _attendance(user) -> list[dict]:
    return [
        {**_session(row.session), "attendance": row.get_status_display(), "remark": row.remark}
        for row in Attendance.objects.filter(user=user)
        .select_related("session__network")
        .order_by("session__starts_at", "pk")
    ]


def _texts_about_sessions(
    rows, *, text_key: str, time_field: str, extra: tuple[str, ...] = (), session="session"
) -> list[dict]:
    """Texts the user wrote about a session (catch-up input, reflections, comments on minutes):
    per row its session (``session``: the path to it, ``__``-separated), the text under
    ``text_key``, the ``extra`` fields as stored and ``time_field`` in local time. One query."""
    rows = rows.select_related(f"{session}__network")
    return [
        {
            **_session(attrgetter(session.replace("__", "."))(row)),
            text_key: row.text,
            **{name: getattr(row, name) for name in extra},
            time_field: timezone.localtime(getattr(row, time_field)),
        }
        for row in rows
    ]


def _catch_up_inputs(user) -> list[dict]:
    """What the user sent back after reading the minutes of a session they missed."""
    return _texts_about_sessions(
        CatchUpInput.objects.filter(member=user).order_by("created_at", "pk"),
        text_key="input",
        extra=("to_board",),
        time_field="created_at",
    )


def _reflections(user) -> list[dict]:
    """The user's own reflections in their learning portfolio (issue 14)."""
    return _texts_about_sessions(
        SessionReflection.objects.filter(user=user).order_by("session__starts_at", "pk"),
        text_key="reflection",
        time_field="updated_at",
    )


def _statements(user) -> list[dict]:
    """The participation statements issued to the user, with their frozen facts."""
    return [
        {
            "network": row.network_name,
            "issued_at": timezone.localtime(row.issued_at),
            "sessions_attended": row.sessions_attended,
            "sessions_held": row.sessions_held,
            "hours": str(row.hours),
            "revoked": row.is_revoked,
        }
        for row in ParticipationStatement.objects.filter(user=user).order_by("issued_at", "pk")
    ]


def _practice_questions(user) -> list[dict]:
    return [
        {
            "network": q.network.name,
            "question": q.title,
            "context": q.context,
            "name_for_facilitator_only": q.name_for_facilitator_only,
            "status": q.get_status_display(),
            "created_at": timezone.localtime(q.created_at),
        }
        for q in PracticeQuestion.objects.filter(author=user)
        .select_related("network")
        .order_by("created_at", "pk")
    ]


def _ballots(user) -> list[dict]:
    return [
        {
            "network": b.option.vote.network.name,
            "vote": b.option.vote.title,
            "option": b.option.title,
            "points": b.points,
        }
        for b in VoteBallot.objects.filter(user=user)
        .select_related("option__vote__network")
        .order_by("option__vote__created_at", "option__pk")
    ]


def _minutes_comments(user) -> list[dict]:
    return _texts_about_sessions(
        MinutesComment.objects.filter(author=user).order_by("created_at", "pk"),
        text_key="comment",
        time_field="created_at",
        session="minutes__session",
    )


def readable_latest_versions(*, user) -> list[MinutesVersion]:
    """The latest published version of the minutes of every session in the networks where
    ``user`` is an active member or facilitator (who may read minutes), with its PDF bytes."""
    latest = (
        MinutesVersion.objects.filter(minutes=OuterRef("minutes"))
        .order_by("-number")
        .values("number")[:1]
    )
    networks = Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values(
        "network_id"
    )
    return list(
        MinutesVersion.objects.filter(
            minutes__session__network_id__in=networks, number=Subquery(latest)
        )
        .select_related("minutes__session__network")
        .defer("content")
        .order_by("minutes__session__network__name", "minutes__session__starts_at", "pk")
    )


def _pdf_entries(versions: list[MinutesVersion]) -> tuple[list[dict], dict[str, bytes]]:
    folder = str(EXPORT_MINUTES_FOLDER)
    listed, files = [], {}
    for version in versions:
        path = ""
        if version.pdf_state == PdfState.READY and version.pdf is not None:
            name = version.pdf_filename
            if f"{folder}/{name}" in files:  # two networks of the same name
                name = f"{version.minutes.session_id}-{name}"
            path = f"{folder}/{name}"
            files[path] = bytes(version.pdf)
        listed.append(
            {
                **_session(version.minutes.session),
                "version": version.number,
                "published_at": timezone.localtime(version.published_at),
                "file": path,
            }
        )
    return listed, files


def personal_data(*, user) -> tuple[dict, dict[str, bytes]]:
    """Everything about ``user``, in their language: the data (JSON-ready) and the PDF files by
    their path in the ZIP."""
    with translation.override(user.language):
        minutes, files = _pdf_entries(readable_latest_versions(user=user))
        data = {
            "generated_at": timezone.localtime(),
            "about": gettext(
                "Everything Leernet stores about you, downloaded by you. Answers to anonymous "
                "evaluations are not included: they are stored without any link to you, so "
                "nobody, you included, can find them back."
            ),
            "profile": _profile(user),
            "linked_sign_ins": _linked_sign_ins(user),
            "memberships": _memberships(user),
            "join_requests": _join_requests(user),
            "intake_answers": _intake_answers(user),
            "evaluation_answers": _evaluation_answers(user),
            "anonymous_evaluations_answered": _anonymous_participations(user),
            "rsvps": _rsvps(user),
            "attendance": _attendance(user),
            "practice_questions": _practice_questions(user),
            "announcements": _announcements(user),
            "catch_up_inputs": _catch_up_inputs(user),
            "reflections": _reflections(user),
            "participation_statements": _statements(user),
            "votes": _ballots(user),
            "minutes_comments": _minutes_comments(user),
            "minutes": minutes,
            # Apps that may act for you through the API, and what they may do (issue 27).
            "connected_apps": connected_apps_export(user=user),
        }
    return data, files


def personal_data_zip(*, user) -> tuple[bytes, str]:
    """The ZIP ``user`` downloads, and its file name (ASCII)."""
    data, files = personal_data(user=user)
    language = user.language
    with translation.override(language):
        html = render_to_string("reports/export/summary.html", {"data": data, "user": user})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            file_name(EXPORT_JSON_NAME, language=language),
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        archive.writestr(file_name(EXPORT_HTML_NAME, language=language), html)
        for path, content in files.items():
            # PDFs are compressed already.
            archive.writestr(path, content, compress_type=zipfile.ZIP_STORED)
    name = file_name(EXPORT_ZIP_NAME, language=language, date=timezone.localdate().isoformat())
    return buffer.getvalue(), name
