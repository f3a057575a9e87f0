"""The care network's learning (demo.toml): intake answers, adopted learning goals, an open
vote and answers to both evaluations: the kickoff's results are shared, the second's is still
open."""

from evaluations import services as evaluation_services
from evaluations.enums import QuestionType, VoteKind
from reports.demo.data import cast, demo, moment

EVALUATION_RESPONDENTS = 6


def learning_play(network, kickoff, second, members) -> None:
    others = [m for m in members if m.full_name != cast("every_task")]
    _intake(network, others)
    _goals(network, kickoff, second)
    _vote(network, others)
    _evaluation(kickoff, others)
    evaluation_services.results_share(
        questionnaire=kickoff.evaluation, shared=True, acting_user=network.created_by
    )
    _evaluation(second, others[3:7])


def _intake(network, others) -> None:
    """The intake, open for a week; three members (not Lotte) answer it."""
    spec = demo()["intake"]
    intake = evaluation_services.intake_open(
        network=network,
        deadline=moment(spec["deadline_days"], 23, 59),
        acting_user=network.created_by,
    )
    answers = zip(others[:3], spec["personal_goals"], spec["practice_questions"], strict=True)
    for member, goals, (question, on_board) in answers:
        evaluation_services.intake_submit(
            intake=intake,
            acting_user=member,
            data={
                "expectations": spec["expectations"],
                "personal_goals": goals,
                "brings": spec["brings"],
                "practice_questions": question,
                "questions_on_board": on_board,
            },
        )


def _goals(network, kickoff, second) -> None:
    """The learning goals, the first ones adopted and linked to sessions before the evaluations
    are answered: each gets its question per goal."""
    spec = demo()["goals"]
    goals = [
        evaluation_services.goal_create(network=network, title=t, acting_user=network.created_by)
        for t in spec["titles"]
    ]
    evaluation_services.goals_adopt(
        network=network,
        goal_ids=[g.pk for g in goals[: spec["adopted"]]],
        acting_user=network.created_by,
    )
    evaluation_services.goal_link_sessions(
        goal=goals[0], sessions=[kickoff, second], acting_user=network.created_by
    )
    evaluation_services.goal_link_sessions(
        goal=goals[1],
        sessions=[network.sessions.get(title=demo()["sessions"]["later"]["title"])],
        acting_user=network.created_by,
    )


def _vote(network, members) -> None:
    """An open vote on the next topics; a few members have voted, Lotte not yet."""
    spec = demo()["vote"]
    vote = evaluation_services.vote_create(
        network=network,
        kind=VoteKind.TOPICS,
        title=spec["title"],
        points=spec["points"],
        closes_at=moment(spec["closes_days"], 20),
        options=spec["options"],
        acting_user=network.created_by,
    )
    options = list(vote.options.order_by("pk").values_list("pk", flat=True))
    for member, ballot in zip(members, spec["ballots"], strict=False):
        allocation = {}
        for index in ballot:
            allocation[options[index]] = allocation.get(options[index], 0) + 1
        evaluation_services.vote_cast(vote=vote, allocation=allocation, acting_user=member)


def _evaluation(session, members) -> None:
    """Up to six of ``members`` who were there answer the session's evaluation, with
    different ratings and words."""
    questionnaire = session.evaluation
    present = evaluation_services.eligible_user_ids(questionnaire=questionnaire)
    respondents = [m for m in members if m.pk in present][:EVALUATION_RESPONDENTS]
    questions = list(questionnaire.questions.order_by("position", "pk"))
    for index, member in enumerate(respondents):
        evaluation_services.response_submit(
            questionnaire=questionnaire, acting_user=member, answers=_answers(questions, index)
        )


def _answers(questions, index: int) -> dict:
    """The ``index``-th respondent's answer to each question (demo.toml's ``[evaluation]``)."""
    spec = demo()["evaluation"]
    scales = iter(spec["ratings"][index])
    texts = iter([spec["learned"][index], spec["better"][index]])
    answers = {}
    for question in questions:
        if question.about_speaker:  # the second session's guest speaker
            answers[question.pk] = (
                str(spec["ratings"][index][0])
                if question.type == QuestionType.SCALE
                else spec["about_speaker"]
            )
        elif question.type == QuestionType.SCALE:
            answers[question.pk] = str(next(scales))
        elif question.type == QuestionType.LONG:
            answers[question.pk] = next(texts)
        elif question.type == QuestionType.SHORT:
            answers[question.pk] = spec["topics"][index]
        elif question.type == QuestionType.GOAL_SCALE:
            answers[question.pk] = str(spec["goal_ratings"][index])
    return answers
