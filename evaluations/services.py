"""Writes for intake, learning goals, votes and evaluations.

Anonymity: when a questionnaire is anonymous, `response_submit` writes a Participation row (who
answered) and only an encrypted payload in the holding table; the mixing step
(`evaluations.holding.release`, after commit and from beat) moves held answers into the results in
random order, in groups of at least k, in a transaction of its own. See docs/privacy.md."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core import outbox
from core.audit import audit_record
from core.datetimes import end_of_day
from core.errors import ApplicationError
from core.tasks import enqueue_on_commit
from evaluations import holding, tasks
from evaluations.audit import AuditAction
from evaluations.enums import GoalStatus, QuestionnaireKind, QuestionType, VoteKind
from evaluations.models import (
    INTAKE_TEXT_LIMITS,
    Answer,
    Eligibility,
    EvaluationEmail,
    Intake,
    IntakeResponse,
    LearningGoal,
    Participation,
    Question,
    Questionnaire,
    Response,
    Vote,
    VoteBallot,
    VoteOption,
)
from evaluations.question_types import question_type
from evaluations.selectors import speaker_feedback, speaker_feedback_text
from evaluations.templates_default import (
    FINAL_QUESTIONS_AFTER_GOALS,
    FINAL_QUESTIONS_BEFORE_GOALS,
    GOAL_QUESTION,
    SESSION_GOAL_QUESTION,
    SESSION_QUESTIONS,
    SPEAKER_QUESTIONS,
)
from networks import rules as network_rules
from networks.models import Membership, Network
from networks.selectors import active_member_ids
from sessions import services as session_services
from sessions.enums import PRESENT_STATUSES, SpeakerEmailKind
from sessions.models import Attendance, LearningSession, PracticeQuestion, Speaker, SpeakerEmail

REMINDER_BEFORE = datetime.timedelta(days=2)


def _require_facilitator(acting_user, network: Network) -> None:
    """The rule behind every facilitator action here, also when a service is called directly."""
    if not network_rules.is_facilitator(acting_user, network):
        raise ApplicationError(_("Only the facilitators of this network can do this."))


# Intake -----------------------------------------------------------------------------------------


@transaction.atomic
def intake_open(*, network: Network, deadline: datetime.datetime, acting_user) -> Intake:
    """Open the intake (or move its deadline). Every active member gets one email with the link,
    once per intake: moving the deadline sends nothing again; a member who joins later gets it
    the next time the intake is opened or moved."""
    _require_facilitator(acting_user, network)
    if deadline <= timezone.now():
        raise ApplicationError(_("The deadline must be in the future."))
    intake, _created = Intake.objects.update_or_create(
        network=network, defaults={"deadline": deadline}
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.INTAKE_OPENED,
        network=network,
        detail=f"intake {intake.pk}",  # ids only, as every audit detail; the page shows the date
    )
    _email(
        network_id=network.pk,
        user_ids=active_member_ids(network_id=network.pk),
        kind="invitation",
        intake=intake,
    )
    return intake


# At most this many practice questions go from one intake onto the board.
BOARD_QUESTIONS_MAX = 10


@transaction.atomic
def intake_submit(*, intake: Intake, data: dict, acting_user) -> IntakeResponse:
    """``acting_user``'s intake, a member's. It can be changed until the deadline. If the member
    chose so, their practice questions go onto the question board (``_intake_board_sync``)."""
    if not intake.is_open:
        raise ApplicationError(_("The deadline of the intake has passed."))
    if acting_user.pk not in active_member_ids(network_id=intake.network_id):
        raise ApplicationError(_("Only members fill in the intake."))
    response, _created = IntakeResponse.objects.update_or_create(
        intake=intake, user=acting_user, defaults=data
    )
    _intake_board_sync(response, acting_user=acting_user)
    return response


def _board_lines(text: str) -> list[str]:
    """The practice questions of an intake answer: one per non-empty line, each once."""
    return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def _board_line_of(question: PracticeQuestion) -> str:
    """The intake line a board question was made from (a long line is kept whole as context)."""
    return question.context or question.title


def _intake_board_sync(response: IntakeResponse, *, acting_user) -> None:
    """Keep the board in step with the intake answer, through the sessions' services: a line
    not on the board yet becomes a question (once: a second save finds it linked), the member's
    name choice applies to every question made from the intake, and an open question whose line
    was removed (or the board option turned off) comes off the board again; a scheduled or
    discussed one stays. Not chosen: the questions stay in the intake answer only."""
    wanted = _board_lines(response.practice_questions) if response.questions_on_board else []
    if len(wanted) > BOARD_QUESTIONS_MAX:
        raise ApplicationError(
            _("Put at most %(count)d questions on the board (one per line); you wrote %(lines)d.")
            % {"count": BOARD_QUESTIONS_MAX, "lines": len(wanted)}
        )
    title_limit = PracticeQuestion._meta.get_field("title").max_length
    linked = {}
    for question in response.board_questions.all():
        line = _board_line_of(question)
        if line not in wanted and question.is_open:
            session_services.practice_question_withdraw(question=question, acting_user=acting_user)
            continue
        session_services.practice_question_set_name_visibility(
            question=question,
            name_for_facilitator_only=response.name_for_facilitator_only,
            acting_user=acting_user,
        )
        linked[line] = question
    for line in wanted:
        if line in linked:
            continue
        long = len(line) > title_limit
        question = session_services.practice_question_submit(
            network=response.intake.network,
            data={
                "title": Truncator(line).chars(title_limit) if long else line,
                "context": line if long else "",
                "name_for_facilitator_only": response.name_for_facilitator_only,
            },
            acting_user=acting_user,
        )
        response.board_questions.add(question)


# Learning goals and votes -------------------------------------------------------------------------


def goal_create(
    *, network: Network, title: str, description: str = "", acting_user
) -> LearningGoal:
    _require_facilitator(acting_user, network)
    if not title.strip():
        raise ApplicationError(_("Give the learning goal a title."))
    position = network.learning_goals.count() + 1
    return LearningGoal.objects.create(
        network=network, title=title.strip(), description=description, position=position
    )


@transaction.atomic
def goals_adopt(*, network: Network, goal_ids: list[int], acting_user) -> list[LearningGoal]:
    """Adopt the chosen goals; the other proposed goals are not adopted."""
    _require_facilitator(acting_user, network)
    goals = network.learning_goals.exclude(status=GoalStatus.ADOPTED)
    chosen = goals.filter(pk__in=goal_ids)
    if not chosen.exists() and not network.learning_goals.filter(status=GoalStatus.ADOPTED):
        raise ApplicationError(_("Choose at least one learning goal to adopt."))
    chosen.update(status=GoalStatus.ADOPTED)
    goals.exclude(pk__in=goal_ids).update(status=GoalStatus.DROPPED)
    return list(network.learning_goals.filter(status=GoalStatus.ADOPTED))


@transaction.atomic
def goal_link_sessions(*, goal: LearningGoal, sessions: list[LearningSession], acting_user) -> None:
    """Link ``goal`` to the sessions that work on it. A linked session whose evaluation has no
    answers yet gets (or loses) the question about this goal at once."""
    _require_facilitator(acting_user, goal.network)
    if any(session.network_id != goal.network_id for session in sessions):
        raise ApplicationError(_("Choose sessions of this network."))
    before = set(goal.sessions.values_list("pk", flat=True))
    goal.sessions.set(sessions)
    changed = before ^ {session.pk for session in sessions}
    for questionnaire in Questionnaire.objects.filter(session_id__in=changed).select_related(
        "network"
    ):
        if not questionnaire.participations.exists():
            _goal_questions_sync(questionnaire)


@transaction.atomic
def vote_create(
    *,
    network: Network,
    kind: str,
    title: str,
    points: int,
    closes_at,
    options: list[str],
    acting_user,
) -> Vote:
    """A dot vote. For learning goals the options are the proposed goals. Each active member
    gets one email with the link (after commit); ``reminders_send_due`` reminds those who have
    not voted when it nears its close."""
    _require_facilitator(acting_user, network)
    if closes_at <= timezone.now():
        raise ApplicationError(_("The vote must close in the future."))
    vote = Vote.objects.create(
        network=network, kind=kind, title=title, points=points, closes_at=closes_at
    )
    if kind == VoteKind.GOALS:
        goals = list(network.learning_goals.filter(status=GoalStatus.PROPOSED))
        VoteOption.objects.bulk_create(
            [VoteOption(vote=vote, title=goal.title, goal=goal) for goal in goals]
        )
    else:
        titles = [title.strip() for title in options if title.strip()]
        if any(len(title) > VoteOption._meta.get_field("title").max_length for title in titles):
            raise ApplicationError(_("An option can have at most 200 characters."))
        VoteOption.objects.bulk_create([VoteOption(vote=vote, title=t) for t in titles])
    if vote.options.count() < 2:
        raise ApplicationError(_("A vote needs at least two options."))
    audit_record(
        actor=acting_user, action=AuditAction.VOTE_OPENED, network=network, detail=f"vote {vote.pk}"
    )
    _email(
        network_id=network.pk,
        user_ids=active_member_ids(network_id=network.pk),
        kind="invitation",
        vote=vote,
    )
    return vote


def vote_cast(*, vote: Vote, allocation: dict[int, int], acting_user) -> None:
    """Spread ``acting_user``'s (a member's) points over the options; replaces an earlier
    ballot."""
    if vote.is_closed:
        raise ApplicationError(_("This vote is closed."))
    if acting_user.pk not in active_member_ids(network_id=vote.network_id):
        raise ApplicationError(_("Only members can vote."))
    option_ids = set(vote.options.values_list("pk", flat=True))
    if set(allocation) - option_ids:
        raise ApplicationError(_("Vote only for the options of this vote."))
    if any(points < 0 for points in allocation.values()):
        raise ApplicationError(_("Points cannot be negative."))
    total = sum(allocation.values())
    if total > vote.points:
        raise ApplicationError(
            _("You have %(allowed)d points to spread; you used %(used)d.")
            % {"allowed": vote.points, "used": total}
        )
    if total == 0:
        raise ApplicationError(_("Give at least one point."))
    with transaction.atomic():
        Vote.objects.select_for_update().get(pk=vote.pk)
        VoteBallot.objects.filter(option__vote=vote, user=acting_user).delete()
        VoteBallot.objects.bulk_create(
            [
                VoteBallot(option_id=option_id, user=acting_user, points=points)
                for option_id, points in allocation.items()
                if points
            ]
        )


def vote_close(*, vote: Vote, acting_user) -> Vote:
    _require_facilitator(acting_user, vote.network)
    if vote.is_closed:
        raise ApplicationError(_("This vote is already closed."))
    with transaction.atomic():
        vote.closed_at = timezone.now()
        vote.save(update_fields=["closed_at"])
        audit_record(
            actor=acting_user,
            action=AuditAction.VOTE_CLOSED,
            network=vote.network_id,
            detail=f"vote {vote.pk}",
        )
    return vote


def vote_results(*, vote: Vote) -> list[dict] | None:
    """Points per option, most first — or None while the vote is open."""
    if not vote.is_closed:
        return None
    totals = {
        row["option"]: row["total"]
        for row in VoteBallot.objects.filter(option__vote=vote)
        .values("option")
        .annotate(total=Sum("points"))
    }
    results = [
        {"option": option, "points": totals.get(option.pk, 0)} for option in vote.options.all()
    ]
    return sorted(results, key=lambda row: (-row["points"], row["option"].pk))


# Questionnaires -----------------------------------------------------------------------------------


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
    _require_facilitator(acting_user, network)
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
        _goal_questions_sync(questionnaire)
        _invite(questionnaire, _fix_eligibility(questionnaire), "invitation")
        audit_record(
            actor=acting_user,
            action=AuditAction.SESSION_EVALUATION_OPENED,
            network=network,
            detail=f"session {session.number}, questionnaire {questionnaire.pk}",
        )
    return questionnaire


def _goal_questions_sync(questionnaire: Questionnaire) -> None:
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
    _require_facilitator(acting_user, network)
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
        _invite(questionnaire, _fix_eligibility(questionnaire), "invitation")
        audit_record(
            actor=acting_user,
            action=AuditAction.FINAL_EVALUATION_OPENED,
            network=network,
            detail=f"questionnaire {questionnaire.pk}",
        )
    return questionnaire


def _eligible_at_opening(questionnaire: Questionnaire) -> set[int]:
    """Session evaluation: members marked present or late. Final evaluation: all members."""
    members = active_member_ids(network_id=questionnaire.network_id)
    if questionnaire.kind == QuestionnaireKind.FINAL:
        return members
    present = set(
        Attendance.objects.filter(
            session_id=questionnaire.session_id, status__in=PRESENT_STATUSES
        ).values_list("user_id", flat=True)
    )
    return members & present


def _fix_eligibility(questionnaire: Questionnaire) -> set[int]:
    """Record who may answer, how many they are and how many of them joined after the network
    started: k and the response rate are counted against this snapshot."""
    user_ids = _eligible_at_opening(questionnaire)
    Eligibility.objects.bulk_create(
        [Eligibility(questionnaire=questionnaire, user_id=uid) for uid in sorted(user_ids)]
    )
    network = questionnaire.network
    questionnaire.eligible_count = len(user_ids)
    questionnaire.eligible_joined_late = Membership.objects.filter(
        network=network, user_id__in=user_ids, joined_at__date__gt=network.start_date
    ).count()
    questionnaire.save(update_fields=["eligible_count", "eligible_joined_late"])
    return user_ids


def eligible_user_ids(*, questionnaire: Questionnaire) -> set[int]:
    """Who may answer now: eligible when it opened and still an active member."""
    fixed = set(questionnaire.eligibilities.values_list("user_id", flat=True))
    return fixed & active_member_ids(network_id=questionnaire.network_id)


def _locked(questionnaire: Questionnaire) -> None:
    if questionnaire.participations.exists():  # fresh, not questionnaire.questions_locked
        raise ApplicationError(_("Questions are locked once the first answer has arrived."))


def _validate_definition(question: Question) -> None:
    """An unknown type, or a question its type cannot ask (a choice question without choices),
    is refused here, when the question is defined, never at answer time."""
    question_type(question.type).validate_definition(question)
    question.full_clean()


def question_add(*, questionnaire: Questionnaire, data: dict, acting_user) -> Question:
    _require_facilitator(acting_user, questionnaire.network)
    _locked(questionnaire)
    position = questionnaire.questions.count() + 1
    question = Question(questionnaire=questionnaire, position=position, **data)
    _validate_definition(question)
    question.save()
    return question


def question_update(*, question: Question, data: dict, acting_user) -> Question:
    """Change a question's wording, type or choices — only before the first answer."""
    _require_facilitator(acting_user, question.questionnaire.network)
    _locked(question.questionnaire)
    for field, value in data.items():
        setattr(question, field, value)
    _validate_definition(question)
    question.save()
    return question


def question_delete(*, question: Question, acting_user) -> None:
    _require_facilitator(acting_user, question.questionnaire.network)
    _locked(question.questionnaire)
    question.delete()


def _clean_answer(question: Question, raw) -> dict:
    """Turn a raw form value into Answer fields, or raise a translated error (the type's rules)."""
    return question_type(question.type).clean_answer(question, raw)


def response_submit(*, questionnaire: Questionnaire, answers: dict, acting_user) -> None:
    """Store ``acting_user``'s answers. One response per member, enforced by the database."""
    if not questionnaire.is_open:
        raise ApplicationError(_("This evaluation is closed."))
    if acting_user.pk not in eligible_user_ids(questionnaire=questionnaire):
        raise ApplicationError(_("This evaluation is for the members who attended the session."))
    questions = list(questionnaire.questions.all())
    cleaned = {
        question.pk: _clean_answer(question, answers.get(question.pk)) for question in questions
    }
    given = {question_id: fields for question_id, fields in cleaned.items() if fields}
    try:
        with transaction.atomic():
            Participation.objects.create(questionnaire=questionnaire, user=acting_user)
            if questionnaire.anonymous:
                # Never into the results in this transaction: see evaluations/holding.py.
                holding.hold(questionnaire=questionnaire, answers=given)
                enqueue_on_commit(tasks.release_held_answers, questionnaire_id=questionnaire.pk)
            else:
                response = Response.objects.create(questionnaire=questionnaire, user=acting_user)
                Answer.objects.bulk_create(
                    [
                        Answer(response=response, question_id=question_id, **fields)
                        for question_id, fields in given.items()
                    ]
                )
    except IntegrityError as error:
        raise ApplicationError(_("You have already answered this evaluation.")) from error


def results_share(*, questionnaire: Questionnaire, shared: bool, acting_user) -> None:
    _require_facilitator(acting_user, questionnaire.network)
    with transaction.atomic():
        questionnaire.results_shared = shared
        questionnaire.save(update_fields=["results_shared"])
        audit_record(
            actor=acting_user,
            action=AuditAction.RESULTS_SHARED if shared else AuditAction.RESULTS_HIDDEN,
            network=questionnaire.network_id,
            detail=f"questionnaire {questionnaire.pk}",
        )


# Emails -----------------------------------------------------------------------------------------


def _email(*, network_id: int, user_ids, kind: str, **about) -> int:
    """One outbox row per user for this email, about a questionnaire, an intake or a vote
    (``about``),
    enqueued after commit. Rows that already exist are neither duplicated nor enqueued again
    (rows left pending are the outbox sweep's). Returns how many rows were created."""
    key = {**about, "kind": kind, "resend_of": None}
    existing = set(EvaluationEmail.objects.filter(**key).values_list("user_id", flat=True))
    missing = set(user_ids) - existing
    if not missing:
        return 0
    EvaluationEmail.objects.bulk_create(
        [
            EvaluationEmail(network_id=network_id, user_id=uid, kind=kind, **about)
            for uid in sorted(missing)
        ],
        ignore_conflicts=True,
    )
    created = EvaluationEmail.objects.filter(**key, user_id__in=missing).values_list(
        "pk", flat=True
    )
    outbox.enqueue_many(EvaluationEmail, list(created))
    return len(missing)


def _invite(questionnaire: Questionnaire, user_ids, kind: str) -> None:
    _email(
        network_id=questionnaire.network_id,
        user_ids=user_ids,
        kind=kind,
        questionnaire=questionnaire,
    )


def reminders_send_due(*, now=None) -> int:
    """Beat: one reminder to non-respondents when an evaluation, intake or vote nears its close.
    Claiming `reminder_sent_at` with a conditional update makes it once, even if beat runs twice;
    the rows themselves are outbox rows (core/outbox.py sends them, its sweep picks up lost ones).
    """
    now = now or timezone.now()
    count = 0
    for questionnaire in Questionnaire.objects.filter(
        planned=False,
        reminder_sent_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + REMINDER_BEFORE,
    ):
        with transaction.atomic():
            if not Questionnaire.objects.filter(
                pk=questionnaire.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now):
                continue
            answered = set(questionnaire.participations.values_list("user_id", flat=True))
            waiting = eligible_user_ids(questionnaire=questionnaire) - answered
            _invite(questionnaire, waiting, "reminder")
            count += len(waiting)
    for intake in Intake.objects.filter(
        reminder_sent_at__isnull=True, deadline__gt=now, deadline__lte=now + REMINDER_BEFORE
    ):
        with transaction.atomic():
            if not Intake.objects.filter(pk=intake.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                continue
            answered = set(intake.responses.values_list("user_id", flat=True))
            waiting = active_member_ids(network_id=intake.network_id) - answered
            _email(network_id=intake.network_id, user_ids=waiting, kind="reminder", intake=intake)
            count += len(waiting)
    for vote in Vote.objects.filter(
        reminder_sent_at__isnull=True,
        closed_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + REMINDER_BEFORE,
    ):
        with transaction.atomic():
            if not Vote.objects.filter(pk=vote.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                continue
            voted = set(
                VoteBallot.objects.filter(option__vote=vote).values_list("user_id", flat=True)
            )
            waiting = active_member_ids(network_id=vote.network_id) - voted
            _email(network_id=vote.network_id, user_ids=waiting, kind="reminder", vote=vote)
            count += len(waiting)
    return count


# Deleting an account and retention (core/erasure.py, reports.services.retention_apply) ---------


def _answers_anonymise(*, intake_responses, responses) -> None:
    """Blank the texts of ``intake_responses`` and of the named ``responses``' answers, and
    unlink those responses from their person. Scores and choices stay, so counts and averages
    do not change."""
    intake_responses.update(**dict.fromkeys(INTAKE_TEXT_LIMITS, ""))  # every text field
    Answer.objects.filter(response__in=responses).update(text="")
    responses.update(user=None)


def evaluation_data_erase_user(*, user, old_email: str, old_name: str) -> None:
    """The evaluations' part of deleting ``user``'s account (core/erasure.py): their intake and
    named answers lose their texts and their link to them; ballots, participation and scores stay
    (the group's counts); evaluation emails not sent yet are dropped."""
    _answers_anonymise(
        intake_responses=IntakeResponse.objects.filter(user=user),
        responses=Response.objects.filter(user=user),
    )
    EvaluationEmail.objects.filter(user=user, state=outbox.OutboxState.PENDING).delete()


def network_answers_anonymise(*, network: Network) -> None:
    """Retention: the intake answers and the named evaluation answers of ``network`` lose their
    texts and their link to the person (anonymous answers never had one). Idempotent."""
    _answers_anonymise(
        intake_responses=IntakeResponse.objects.filter(intake__network=network),
        responses=Response.objects.filter(questionnaire__network=network, user__isnull=False),
    )


# Feedback to a session's speaker ----------------------------------------------------------------


def speaker_feedback_send(*, speaker: Speaker, acting_user) -> SpeakerEmail:
    """Email the members' aggregated answers about ``speaker`` to them (an outbox row, sent
    after commit), once, and only on the facilitator's confirmed click. Refused (translated
    ApplicationError, nothing written) before the session was held, without questions about the
    speaker, below k answers (``selectors.speaker_feedback``), without an email address, or
    when it was sent before."""
    network = speaker.session.network
    _require_facilitator(acting_user, network)
    if not speaker.email:
        raise ApplicationError(
            _("This speaker has no email address. Add it before you send the feedback.")
        )
    feedback = speaker_feedback(speaker=speaker)
    if not feedback["ready"]:
        raise ApplicationError(feedback["reason"])
    body = speaker_feedback_text(speaker=speaker, feedback=feedback)
    with transaction.atomic():
        locked = session_services.speaker_lock(speaker)
        if SpeakerEmail.objects.filter(speaker=locked, kind=SpeakerEmailKind.FEEDBACK).exists():
            raise ApplicationError(_("The feedback has already been sent to this speaker."))
        row = session_services.speaker_email_queue(
            speaker=locked,
            kind=SpeakerEmailKind.FEEDBACK,
            sequence=0,
            body=body,
            acting_user=acting_user,
        )
        audit_record(
            actor=acting_user,
            action=AuditAction.SPEAKER_FEEDBACK_SENT,
            network=network,
            detail=f"session {locked.session.number}, speaker {locked.pk}",
        )
    return row
