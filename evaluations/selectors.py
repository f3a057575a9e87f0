"""Reads for evaluations: user-scoped lookups and the results (counts, distributions, means)."""

import random
from collections import Counter, defaultdict

from django.db.models import Avg, Count, Exists, OuterRef, QuerySet, Subquery, Sum

from core.csv import csv_safe
from evaluations import rules
from evaluations.enums import GoalStatus, QuestionnaireKind
from evaluations.models import (
    Answer,
    Intake,
    IntakeResponse,
    LearningGoal,
    Participation,
    Question,
    Questionnaire,
    Vote,
    VoteBallot,
)
from evaluations.question_types import numeric_types, question_type
from networks.enums import MembershipStatus, Role
from networks.models import Membership, Network


def questionnaire_queryset_for_user(*, user) -> QuerySet[Questionnaire]:
    if not user.is_authenticated:
        return Questionnaire.objects.none()
    memberships = Membership.objects.filter(
        network=OuterRef("network"), user=user, status=MembershipStatus.ACTIVE
    )
    return (
        Questionnaire.objects.filter(Exists(memberships))
        .select_related("network", "session")
        .annotate(viewer_role=Subquery(memberships.values("role")[:1]))
    )


def questionnaires_for_network(*, network: Network, user) -> list[Questionnaire]:
    questionnaires = list(
        network.questionnaires.select_related("session").annotate(
            answered=Exists(Participation.objects.filter(questionnaire=OuterRef("pk"), user=user))
        )
    )
    return questionnaires


def adopted_goals(*, network: Network):
    return list(
        network.learning_goals.filter(status=GoalStatus.ADOPTED).prefetch_related("sessions")
    )


def adopted_goals_by_session(session_ids: list[int]) -> dict[int, list[LearningGoal]]:
    """Session id → the adopted learning goals linked to it, in the goals' order (one query).
    Registered for the sessions pages (sessions/linked_goals.py)."""
    links = (
        LearningGoal.sessions.through.objects.filter(
            learningsession_id__in=session_ids, learninggoal__status=GoalStatus.ADOPTED
        )
        .select_related("learninggoal")
        .order_by("learninggoal__position", "learninggoal_id")
    )
    goals = defaultdict(list)
    for link in links:
        goals[link.learningsession_id].append(link.learninggoal)
    return dict(goals)


def goal_attainment(*, network: Network) -> dict[int, dict]:
    """Per adopted goal id: ``final``, the mean of the final evaluation's question about it, and
    ``sessions``, the mean of all answers to "did this session help you with …?" over the
    session evaluations (with ``sessions_count``, how many sessions count, and ``answered``).
    The k-rule (`rules.shows_aggregate`) applies per question: a question with too few answers
    is left out entirely, so no mean ever rests on fewer than k anonymous answers. One query."""
    questions = (
        Question.objects.filter(
            questionnaire__network=network,
            goal__status=GoalStatus.ADOPTED,
            type__in=numeric_types(),
        )
        .select_related("questionnaire")
        .annotate(total=Sum("answers__value"), answered=Count("answers__value"))
    )
    attainment = {}
    for question in questions:
        row = attainment.setdefault(
            question.goal_id,
            {"final": None, "sessions": None, "sessions_count": 0, "answered": 0, "_total": 0},
        )
        questionnaire = question.questionnaire
        if not question.answered or not rules.shows_aggregate(questionnaire, question.answered):
            continue
        if questionnaire.kind == QuestionnaireKind.FINAL:
            row["final"] = round(question.total / question.answered, 2)
            continue
        row["sessions_count"] += 1
        row["answered"] += question.answered
        row["_total"] += question.total
        row["sessions"] = round(row["_total"] / row["answered"], 2)
    for row in attainment.values():
        del row["_total"]
    return attainment


def intake_overview(*, intake: Intake) -> dict:
    """Who answered, and every answer grouped by question."""
    members = list(
        Membership.objects.filter(
            network_id=intake.network_id, role=Role.MEMBER, status=MembershipStatus.ACTIVE
        )
        .select_related("user")
        .order_by("user__full_name")
    )
    responses = list(IntakeResponse.objects.filter(intake=intake).select_related("user"))
    answered = {response.user_id for response in responses}
    fields = [
        "expectations",
        "personal_goals",
        "brings",
        "practice_questions",
        "preferred_topics",
        "preferred_work_forms",
        "constraints",
    ]
    grouped = [
        {
            "label": IntakeResponse._meta.get_field(field).verbose_name,
            "answers": [
                (response.user.full_name, getattr(response, field))
                for response in responses
                if getattr(response, field).strip()
            ],
        }
        for field in fields
    ]
    return {
        "answered": [m.user for m in members if m.user_id in answered],
        "waiting": [m.user for m in members if m.user_id not in answered],
        "grouped": grouped,
        "personal_goals": [
            (response.user.full_name, goal) for response in responses for goal in response.goal_list
        ],
    }


def votes_for_network(*, network: Network) -> list[Vote]:
    return list(network.votes.prefetch_related("options"))


def my_allocation(*, vote: Vote, user) -> dict[int, int]:
    return dict(
        VoteBallot.objects.filter(option__vote=vote, user=user).values_list("option_id", "points")
    )


def results(*, questionnaire: Questionnaire) -> dict:
    """Response rate and, per question, distribution and mean; free texts sorted by text.

    Counts are of *released* answers (anonymous answers reach the results only in groups of k,
    see evaluations/holding.py), so a reload after one more answer shows nothing new. The rate is
    against the people eligible when the questionnaire opened, never above 100%. Anonymous: a
    question shows only with at least k answers (`rules.shows_aggregate`)."""
    count = questionnaire.responses.count()
    eligible = questionnaire.eligible_count
    data = {
        "count": count,
        "eligible": eligible,
        "rate": min(100, round(100 * count / eligible)) if eligible else None,
        "joined_late": questionnaire.eligible_joined_late,
        "hidden": not rules.shows_aggregate(questionnaire, count),
        "questions": [],
    }
    if data["hidden"]:
        return data
    answers = defaultdict(list)
    for answer in Answer.objects.filter(question__questionnaire=questionnaire).select_related(
        "response__user"
    ):
        answers[answer.question_id].append(answer)
    for question in questionnaire.questions.all():
        given = answers[question.pk]
        row = {
            "question": question,
            "answered": len(given),
            "hidden": not rules.shows_aggregate(questionnaire, len(given)),
        }
        if row["hidden"]:
            data["questions"].append(row)
            continue
        kind = question_type(question.type)
        row.update(kind.aggregate(question, given, anonymous=questionnaire.anonymous))
        row["partial"] = kind.results_partial
        data["questions"].append(row)
    return data


def overall_trend(*, network: Network) -> list[dict]:
    """Mean overall rating per evaluated session, in order (hidden below k when anonymous)."""
    overall = (
        Question.objects.filter(
            questionnaire__network=network,
            questionnaire__kind=QuestionnaireKind.SESSION,
            is_overall=True,
            type__in=numeric_types(),
        )
        .select_related("questionnaire__session")
        .annotate(mean=Avg("answers__value"), answered=Count("answers"))
        .order_by("questionnaire__session__starts_at")
    )
    trend = []
    for question in overall:
        questionnaire = question.questionnaire
        hidden = not rules.shows_aggregate(questionnaire, question.answered)
        mean = None if hidden or question.mean is None else round(question.mean, 2)
        trend.append(
            {
                "session": questionnaire.session,
                "questionnaire": questionnaire,
                "mean": mean,
                "width": round(20 * mean) if mean else 0,
            }
        )
    return trend


def results_rows(*, questionnaire: Questionnaire) -> tuple[list[str], list[list]]:
    """Every answer, one row per response, for the CSV export. Anonymous: no names, the rows in
    random order and the cells of a question with fewer than k answers left empty; named: the
    name first. Nothing at all while the questionnaire as a whole is below k."""
    responses = list(questionnaire.responses.select_related("user").prefetch_related("answers"))
    if not rules.shows_aggregate(questionnaire, len(responses)):
        return [], []
    questions = list(questionnaire.questions.all())
    answered = Counter(answer.question_id for r in responses for answer in r.answers.all())
    shown = [q for q in questions if rules.shows_aggregate(questionnaire, answered[q.pk])]
    rows = []
    for response in responses:
        by_question = {answer.question_id: answer for answer in response.answers.all()}
        cells = [
            question_type(question.type).csv_cell(by_question.get(question.pk))
            if question in shown
            else ""
            for question in questions
        ]
        if not questionnaire.anonymous:
            cells.insert(0, csv_safe(response.user.full_name if response.user else ""))
        rows.append(cells)
    if questionnaire.anonymous:
        random.SystemRandom().shuffle(rows)
    return [question.text for question in questions], rows
