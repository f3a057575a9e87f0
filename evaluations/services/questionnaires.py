"""Questionnaires: planned (from a blueprint), opened after a held session or as the final
evaluation, with the default questions, the learning goals' questions and the speaker's."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.datetimes import end_of_day
from core.errors import ApplicationError
from evaluations.audit import AuditAction
from evaluations.enums import GoalStatus, QuestionnaireKind, QuestionType
from evaluations.models import LearningGoal, Question, Questionnaire
from evaluations.services.answers import fix_eligibility
from evaluations.services.emails import questionnaire_emails_queue
from evaluations.services.events import evaluation_event
from evaluations.services.guards import require_facilitator
from evaluations.templates_default import (
    FINAL_QUESTIONS_AFTER_GOALS,
    FINAL_QUESTIONS_BEFORE_GOALS,
    GOAL_QUESTION,
    SESSION_GOAL_QUESTION,
    SESSION_QUESTIONS,
    SPEAKER_QUESTIONS,
)
from networks.models import Network
from sessions.models import LearningSession


def _add_questions(questionnaire: Questionnaire, specs: list[dict], start: int = 1) -> int:
    position = start
    for spec in specs:
        Question.objects.create(
            questionnaire=questionnaire,
            position=position,
            type=spec["type"],
            text=str(spec["text"]),
            choices=[str(choice) for choice in spec.get("choices", [])],
            low_label=str(spec.get("low_label", "")),
            high_label=str(spec.get("high_label", "")),
            required=spec.get("required", True),
            is_overall=spec.get("is_overall", False),
            goal=spec.get("goal"),
            about_speaker=spec.get("about_speaker", False),
        )
        position += 1
    return position


def questionnaire_plan(
    *,
    network: Network,
    kind: str,
    title: str,
    anonymous: bool,
    session: LearningSession | None = None,
    acting_user,
) -> Questionnaire:
    """Prepare a questionnaire that is not open yet (``Questionnaire.planned``): a session
    evaluation of a session of ``network`` that has none, or the network's final evaluation.
    Its questions are added with ``question_add``. Emails nobody, makes nobody eligible: that
    happens when it opens (``session_evaluation_open``, ``final_evaluation_open``). Anonymous
    when asked or when the network's evaluations are."""
    require_facilitator(acting_user, network)
    if kind == QuestionnaireKind.SESSION:
        if session is None or session.network_id != network.pk:
            raise ApplicationError(_("A session evaluation belongs to a session of this network."))
        if Questionnaire.objects.filter(session=session).exists():
            raise ApplicationError(_("This session already has an evaluation."))
        opens_at = session.ends_at
    elif kind == QuestionnaireKind.FINAL:
        session = None
        if Questionnaire.objects.filter(network=network, kind=QuestionnaireKind.FINAL).exists():
            raise ApplicationError(_("The final evaluation has already been opened."))
        opens_at = end_of_day(network.end_date)
    else:
        raise ApplicationError(_("Unknown kind of questionnaire."))
    title = (title or "").strip()[:200]
    if not title:
        with translation.override(network.language):
            title = (
                _("Evaluation of session %(number)d: %(title)s")
                % {"number": session.number, "title": session.title}
                if session is not None
                else _("Final evaluation of %(network)s") % {"network": network.name}
            )[:200]
    questionnaire = Questionnaire(
        network=network,
        kind=kind,
        session=session,
        title=title,
        anonymous=bool(anonymous) or network.anonymous_evaluations,
        threshold=network.anonymity_threshold,
        opens_at=opens_at,
        closes_at=opens_at + datetime.timedelta(days=network.evaluation_days),
        planned=True,
    )
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


def _open_planned(questionnaire: Questionnaire, *, closes_at) -> None:
    """A planned questionnaire opens now: k from the network as it is now, anonymous if it was
    planned so or the network's evaluations are now (never less anonymous than planned)."""
    network = questionnaire.network
    questionnaire.planned = False
    questionnaire.opens_at = timezone.now()
    questionnaire.closes_at = closes_at
    questionnaire.anonymous = questionnaire.anonymous or network.anonymous_evaluations
    questionnaire.threshold = network.anonymity_threshold
    questionnaire.reminder_sent_at = None
    questionnaire.save(
        update_fields=[
            "planned",
            "opens_at",
            "closes_at",
            "anonymous",
            "threshold",
            "reminder_sent_at",
        ]
    )


def session_evaluation_open(*, session: LearningSession, acting_user=None) -> Questionnaire:
    """Open the evaluation of a held session and email every member marked present: a planned
    one (from a blueprint) with its own questions, else one with the default questions.
    ``acting_user`` (who marked the session held) is named in the audit log."""
    existing = Questionnaire.objects.filter(session=session).first()
    if existing is not None and not existing.planned:
        return existing
    network = session.network
    closes_at = timezone.now() + datetime.timedelta(days=network.evaluation_days)
    with translation.override(network.language), transaction.atomic():
        if existing is not None:
            questionnaire = existing
            _open_planned(questionnaire, closes_at=closes_at)
            questions = list(questionnaire.questions.all())
            position = max((q.position for q in questions), default=0) + 1
            if session.speakers.exists() and not any(q.about_speaker for q in questions):
                _add_questions(questionnaire, SPEAKER_QUESTIONS, start=position)
        else:
            questionnaire = Questionnaire.objects.create(
                network=network,
                kind=QuestionnaireKind.SESSION,
                session=session,
                title=_("Evaluation of session %(number)d: %(title)s")
                % {"number": session.number, "title": session.title},
                anonymous=network.anonymous_evaluations,
                threshold=network.anonymity_threshold,
                closes_at=closes_at,
            )
            position = _add_questions(questionnaire, SESSION_QUESTIONS)
            if session.speakers.exists():
                _add_questions(questionnaire, SPEAKER_QUESTIONS, start=position)
        goal_questions_sync(questionnaire)
        questionnaire_emails_queue(questionnaire, fix_eligibility(questionnaire), "invitation")
        audit_record(
            actor=acting_user,
            action=AuditAction.SESSION_EVALUATION_OPENED,
            network=network,
            detail=f"session {session.number}, questionnaire {questionnaire.pk}",
        )
        evaluation_event(questionnaire, "evaluation.opened")
    return questionnaire


def goal_questions_sync(questionnaire: Questionnaire) -> None:
    """A session evaluation asks one scale question per adopted learning goal linked to its
    session ("did this session help you with …?"), after the scale questions; its answers feed
    the goal's attainment (``selectors.goal_attainment``). Idempotent: a goal that has its
    question gets none again; the question of a goal no longer linked goes. Called when the
    evaluation opens and when links change — only before the first answer."""
    goals = list(
        LearningGoal.objects.filter(sessions=questionnaire.session_id, status=GoalStatus.ADOPTED)
    )
    questions = list(questionnaire.questions.all())
    asked = {question.goal_id for question in questions if question.goal_id}
    wanted = {goal.pk for goal in goals}
    questionnaire.questions.filter(goal__isnull=False).exclude(goal__in=wanted).delete()
    new = [goal for goal in goals if goal.pk not in asked]
    if not new:
        return
    scales = [
        q.position for q in questions if q.type in (QuestionType.SCALE, QuestionType.GOAL_SCALE)
    ]
    after = max(scales, default=0)
    questionnaire.questions.filter(position__gt=after).update(position=F("position") + len(new))
    with translation.override(questionnaire.network.language):
        _add_questions(
            questionnaire,
            [
                {
                    "type": QuestionType.GOAL_SCALE,
                    "text": SESSION_GOAL_QUESTION % {"goal": goal.title},
                    "goal": goal,
                    "low_label": _("not at all"),
                    "high_label": _("very much"),
                }
                for goal in new
            ],
            start=after + 1,
        )


def final_evaluation_open(*, network: Network, closes_at, acting_user) -> Questionnaire:
    """The evaluation of the whole trajectory, for all members, with a scale per adopted goal:
    the planned one (from a blueprint) with its own questions and the goal scales after them,
    else one with the default questions around the goal scales."""
    require_facilitator(acting_user, network)
    if closes_at <= timezone.now():
        raise ApplicationError(_("The evaluation must close in the future."))
    existing = Questionnaire.objects.filter(network=network, kind=QuestionnaireKind.FINAL).first()
    if existing is not None and not existing.planned:
        raise ApplicationError(_("The final evaluation has already been opened."))
    with translation.override(network.language), transaction.atomic():
        goals = network.learning_goals.filter(status=GoalStatus.ADOPTED)
        goal_questions = [
            {
                "type": QuestionType.GOAL_SCALE,
                "text": GOAL_QUESTION % {"goal": goal.title},
                "goal": goal,
                "low_label": _("not at all"),
                "high_label": _("completely"),
            }
            for goal in goals
        ]
        if existing is not None:
            questionnaire = existing
            _open_planned(questionnaire, closes_at=closes_at)
            position = questionnaire.questions.count() + 1
            _add_questions(questionnaire, goal_questions, start=position)
        else:
            questionnaire = Questionnaire.objects.create(
                network=network,
                kind=QuestionnaireKind.FINAL,
                title=_("Final evaluation of %(network)s") % {"network": network.name},
                anonymous=network.anonymous_evaluations,
                threshold=network.anonymity_threshold,
                closes_at=closes_at,
            )
            position = _add_questions(questionnaire, FINAL_QUESTIONS_BEFORE_GOALS)
            position = _add_questions(questionnaire, goal_questions, start=position)
            _add_questions(questionnaire, FINAL_QUESTIONS_AFTER_GOALS, start=position)
        questionnaire_emails_queue(questionnaire, fix_eligibility(questionnaire), "invitation")
        audit_record(
            actor=acting_user,
            action=AuditAction.FINAL_EVALUATION_OPENED,
            network=network,
            detail=f"questionnaire {questionnaire.pk}",
        )
        evaluation_event(questionnaire, "evaluation.opened")
    return questionnaire
