"""Trajectory blueprints: a network saved for reuse, and a new network started from one.

A payload holds the network's description fields and ground rules, its session plan (titles,
kinds, agendas with work forms and durations, the day offset from the first session and the time
of day), its questionnaires' definitions and its intake, never people, answers, minutes or
attendance. Placing a blueprint goes through the ordinary services, in one transaction."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from evaluations import services as evaluation_services
from evaluations.audit import AuditAction
from evaluations.blueprint_catalogue import SHIPPED, VERSION
from evaluations.enums import BlueprintVisibility, QuestionnaireKind
from evaluations.models import Blueprint, Intake, Questionnaire
from networks import rules as network_rules
from networks import services as network_services
from networks.models import Network
from sessions import services as session_services
from sessions.enums import SessionStatus
from sessions.models import AgendaItem, LearningSession, WorkForm

NETWORK_FIELDS = (
    "description",
    "goal",
    "participant_role",
    "rhythm",
    "duration",
    "theme",
    "scope",
    "meeting_format",
    "member_cap",
    "language",
    "ground_rules",
    "anonymous_evaluations",
    "anonymity_threshold",
    "reminder_days",
    "minutes_review_days",
    "evaluation_days",
    "minutes_due_days",
)
QUESTION_FIELDS = (
    "type",
    "text",
    "choices",
    "low_label",
    "high_label",
    "required",
    "is_overall",
)
# How a new network's sessions are spaced: as the blueprint did, or every N weeks.
RHYTHM_KEEP = "keep"
RHYTHM_WEEKS = "weeks"
MAX_SESSIONS = 40


# Reads -------------------------------------------------------------------------------------------


def blueprints_for_user(*, user):
    """The blueprints ``user`` may use: shipped and shared ones, and their own."""
    if not user.is_authenticated:
        return Blueprint.objects.none()
    return Blueprint.objects.filter(
        Q(visibility=BlueprintVisibility.EVERYONE) | Q(created_by=user)
    ).select_related("created_by")


def blueprint_payload(*, network: Network) -> dict:
    """What a blueprint keeps of ``network`` (see the module docstring)."""
    sessions = list(
        LearningSession.objects.filter(network=network)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at", "number")
    )
    items = (
        AgendaItem.objects.filter(session__in=sessions)
        .select_related("work_form")
        .order_by("position", "pk")
    )
    agenda_of: dict[int, list[dict]] = {}
    for item in items:
        form = item.work_form
        shared = form is not None and form.network_id is None
        agenda_of.setdefault(item.session_id, []).append(
            {
                "title": item.title,
                "duration_minutes": item.duration_minutes,
                "work_form": form.slug if shared else None,
                # A network's own work form is copied as text: the new network cannot use it.
                "work_form_text": (
                    f"{form.name_nl}\n\n{form.steps_nl}".strip()
                    if form is not None and not shared
                    else ""
                ),
                "notes": item.notes,
            }
        )
    first_day = timezone.localtime(sessions[0].starts_at).date() if sessions else None
    index_of = {}
    plan = []
    for index, session in enumerate(sessions):
        index_of[session.pk] = index
        starts = timezone.localtime(session.starts_at)
        plan.append(
            {
                "title": session.title,
                "kind": session.kind,
                "description": session.description,
                "day_offset": (starts.date() - first_day).days,
                "time": f"{starts.hour:02d}:{starts.minute:02d}",
                "duration_minutes": session.duration_minutes,
                "agenda": agenda_of.get(session.pk, []),
            }
        )
    questionnaires = []
    for questionnaire in Questionnaire.objects.filter(network=network).prefetch_related(
        "questions"
    ):
        questionnaires.append(
            {
                "kind": questionnaire.kind,
                "title": questionnaire.title,
                "anonymous": questionnaire.anonymous,
                "session_index": index_of.get(questionnaire.session_id),
                "questions": [
                    {field: getattr(question, field) for field in QUESTION_FIELDS}
                    for question in questionnaire.questions.all()
                    # questions about a learning goal belong to that network's goals; those
                    # about a speaker are added when a session with a speaker is evaluated
                    if question.goal_id is None and not question.about_speaker
                ],
            }
        )
    intake = Intake.objects.filter(network=network).first()
    intake_plan = None
    if intake is not None and first_day is not None:
        before = (first_day - timezone.localtime(intake.deadline).date()).days
        intake_plan = {"days_before_first_session": max(before, 1)}
    return {
        "version": VERSION,
        "network": {field: getattr(network, field) for field in NETWORK_FIELDS},
        "sessions": plan,
        "questionnaires": questionnaires,
        "intake": intake_plan,
    }


# Writes ------------------------------------------------------------------------------------------


@transaction.atomic
def blueprint_save(
    *, network: Network, name: str, description: str, visibility: str, acting_user
) -> Blueprint:
    """Save ``network`` as a blueprint of ``acting_user`` (a facilitator of it)."""
    if not network_rules.is_facilitator(acting_user, network):
        raise ApplicationError(_("Only the facilitators of this network can do this."))
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the blueprint a name."))
    blueprint = Blueprint(
        name=name,
        description=(description or "").strip(),
        language=network.language,
        payload=blueprint_payload(network=network),
        created_by=acting_user,
        visibility=visibility,
    )
    blueprint.full_clean()
    blueprint.save()
    audit_record(
        actor=acting_user,
        action=AuditAction.BLUEPRINT_SAVED,
        network=network,
        detail=f"blueprint {blueprint.pk}",
    )
    return blueprint


@transaction.atomic
def blueprint_delete(*, blueprint: Blueprint, acting_user) -> None:
    """Delete one's own blueprint; the log keeps that it existed (no network: a blueprint
    belongs to its author, not to the network it was saved from)."""
    if blueprint.created_by_id != acting_user.pk:
        raise ApplicationError(_("You can only delete your own blueprints."))
    pk = blueprint.pk
    blueprint.delete()
    audit_record(actor=acting_user, action=AuditAction.BLUEPRINT_DELETED, detail=f"blueprint {pk}")


def planned_days(*, blueprint: Blueprint, start_date: datetime.date, rhythm: str, weeks: int):
    """The day of each of the blueprint's sessions from ``start_date``."""
    days = []
    for index, session in enumerate(blueprint.sessions[:MAX_SESSIONS]):
        if rhythm == RHYTHM_WEEKS:
            offset = datetime.timedelta(weeks=weeks * index)
        else:
            offset = datetime.timedelta(days=int(session.get("day_offset", 0)))
        days.append(start_date + offset)
    return days


def _at(day: datetime.date, time_text: str) -> datetime.datetime:
    try:
        hour, minute = (int(part) for part in str(time_text).split(":")[:2])
        moment = datetime.time(hour, minute)
    except (TypeError, ValueError):
        moment = datetime.time(14, 0)
    return timezone.make_aware(datetime.datetime.combine(day, moment))


def _work_forms(slugs: set[str]) -> dict[str, WorkForm]:
    return {form.slug: form for form in WorkForm.objects.filter(network=None, slug__in=slugs)}


@transaction.atomic
def network_from_blueprint(
    *,
    blueprint: Blueprint,
    name: str,
    start_date: datetime.date,
    rhythm: str = RHYTHM_KEEP,
    weeks: int = 4,
    acting_user,
) -> Network:
    """A new draft network from ``blueprint``, its sessions placed from ``start_date``. All or
    nothing: a refusal anywhere leaves nothing behind."""
    payload = blueprint.payload or {}
    _check_start(payload, start_date=start_date, rhythm=rhythm, weeks=weeks)
    days = planned_days(blueprint=blueprint, start_date=start_date, rhythm=rhythm, weeks=weeks)
    network = network_services.network_create(
        acting_user=acting_user,
        name=name,
        start_date=start_date,
        end_date=max(days) if days else start_date,
        **_network_fields(payload, rhythm=rhythm, weeks=weeks),
    )
    placed = _place_sessions(network, blueprint=blueprint, days=days, acting_user=acting_user)
    _plan_questionnaires(
        network=network,
        questionnaires=payload.get("questionnaires", []),
        sessions=placed,
        acting_user=acting_user,
    )
    _open_intake(network, intake=payload.get("intake"), days=days, acting_user=acting_user)
    return network


def _check_start(payload: dict, *, start_date: datetime.date, rhythm: str, weeks: int) -> None:
    """Refuse a start in the past, a rhythm out of range and a payload of another version."""
    if start_date < timezone.localdate():
        raise ApplicationError(_("The start date is in the past. Choose today or a later day."))
    if rhythm == RHYTHM_WEEKS and not 1 <= weeks <= 26:
        raise ApplicationError(_("Choose a rhythm between 1 and 26 weeks."))
    if payload.get("version") != VERSION:
        raise ApplicationError(_("This blueprint was saved by another version and cannot be used."))


def _network_fields(payload: dict, *, rhythm: str, weeks: int) -> dict:
    """The new network's description fields from the payload (no other field), and its rhythm
    in words when the sessions are placed every ``weeks`` weeks."""
    fields = {
        key: value for key, value in payload.get("network", {}).items() if key in NETWORK_FIELDS
    }
    if rhythm == RHYTHM_WEEKS:
        fields["rhythm"] = _("Every %(weeks)d weeks") % {"weeks": weeks}
    return fields


def _place_sessions(
    network: Network, *, blueprint: Blueprint, days: list[datetime.date], acting_user
) -> list[LearningSession]:
    """One session of ``network`` per planned day, through the sessions' services, with the
    blueprint's agenda."""
    forms = _work_forms(
        {
            item["work_form"]
            for session in blueprint.sessions
            for item in session.get("agenda", [])
            if item.get("work_form")
        }
    )
    placed: list[LearningSession] = []
    for day, plan in zip(days, blueprint.sessions, strict=False):
        starts_at = _at(day, plan.get("time", "14:00"))
        session, _warnings = session_services.session_create(
            network=network,
            data={
                "title": plan["title"],
                "kind": plan["kind"],
                "description": plan.get("description", ""),
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(minutes=plan["duration_minutes"]),
            },
            acting_user=acting_user,
        )
        placed.append(session)
        _place_agenda(session, agenda=plan.get("agenda", []), forms=forms, acting_user=acting_user)
    return placed


def _place_agenda(
    session: LearningSession, *, agenda: list[dict], forms: dict[str, WorkForm], acting_user
) -> None:
    """The blueprint's agenda replaces the suggested one of a kickoff; a network's own work form
    the blueprint kept as text goes into the item's notes."""
    if agenda:
        for item in list(session.agenda.all()):
            session_services.agenda_item_delete(item=item, acting_user=acting_user)
    for item in agenda:
        notes = "\n\n".join(
            part for part in (item.get("notes", ""), item.get("work_form_text", "")) if part
        )
        session_services.agenda_item_add(
            session=session,
            data={
                "title": item["title"],
                "duration_minutes": item["duration_minutes"],
                "work_form": forms.get(item.get("work_form") or ""),
                "notes": notes[:4000],
            },
            roles={},
            acting_user=acting_user,
        )


def _open_intake(
    network: Network, *, intake: dict | None, days: list[datetime.date], acting_user
) -> None:
    """Open the intake the blueprint plans, its deadline the given days before the first
    session; not when that deadline has already passed."""
    if not intake or not days:
        return
    deadline = _at(days[0], "23:59") - datetime.timedelta(
        days=int(intake.get("days_before_first_session", 7))
    )
    if deadline > timezone.now():
        evaluation_services.intake_open(network=network, deadline=deadline, acting_user=acting_user)


def _plan_questionnaires(
    *, network: Network, questionnaires: list[dict], sessions: list[LearningSession], acting_user
) -> None:
    """The blueprint's questionnaires as planned questionnaires of the new network, each session
    evaluation on the session at its index (one whose session was not placed is left out), with
    their questions, through the evaluation services (their checks: one evaluation per session,
    one final evaluation, each question's definition)."""
    for spec in questionnaires:
        kind = spec.get("kind")
        session = None
        if kind == QuestionnaireKind.SESSION:
            index = spec.get("session_index")
            if not isinstance(index, int) or not 0 <= index < len(sessions):
                continue
            session = sessions[index]
        questionnaire = evaluation_services.questionnaire_plan(
            network=network,
            kind=kind,
            session=session,
            title=spec.get("title", ""),
            anonymous=spec.get("anonymous", True),
            acting_user=acting_user,
        )
        for question in spec.get("questions", []):
            evaluation_services.question_add(
                questionnaire=questionnaire,
                data={field: question[field] for field in QUESTION_FIELDS if field in question},
                acting_user=acting_user,
            )


def blueprint_sync_shipped() -> int:
    """Put the shipped blueprints back as the data migration loaded them (tests that empty
    every table, and a changed catalogue)."""
    Blueprint.objects.filter(created_by=None).delete()
    Blueprint.objects.bulk_create(
        Blueprint(
            name=entry["name"],
            description=entry["description"],
            language=entry["language"],
            payload=entry["payload"],
            visibility=BlueprintVisibility.EVERYONE,
        )
        for entry in SHIPPED
    )
    return len(SHIPPED)
