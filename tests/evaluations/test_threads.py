"""Issue 12, part 6: the intake's practice questions onto the board, and one question per linked
learning goal in a session evaluation whose answers feed the goal's attainment."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import selectors, services
from evaluations.enums import GoalStatus, QuestionType
from evaluations.models import Answer, IntakeResponse, Questionnaire, Response
from sessions import services as session_services
from sessions.enums import AttendanceStatus, QuestionStatus
from sessions.models import PracticeQuestion
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


# Intake → practice question board ------------------------------------------------------------


@pytest.fixture
def intake(group, facilitator):
    network, _session, _members = group
    return services.intake_open(
        network=network,
        deadline=timezone.now() + datetime.timedelta(days=5),
        acting_user=facilitator,
    )


def _intake_url(network):
    return reverse("evaluations:intake", kwargs={"pk": network.pk})


def _post(client, network, **fields):
    data = {"expectations": "Leren", "personal_goals": "Valrisico inschatten", **fields}
    return client.post(_intake_url(network), {k: v for k, v in data.items() if v is not False})


def test_intake_with_the_board_option_makes_one_question_and_a_second_save_none(
    client, group, intake
):
    network, _session, members = group
    client.force_login(members[0])

    first = _post(
        client,
        network,
        practice_questions="Hoe betrek ik familie?",
        questions_on_board="on",
        name_for_facilitator_only="on",
    )
    second = _post(
        client,
        network,
        expectations="Leren, en nog meer",
        practice_questions="Hoe betrek ik familie?\n",
        questions_on_board="on",
        name_for_facilitator_only="on",
    )

    assert first.status_code == second.status_code == 302
    question = PracticeQuestion.objects.get()
    assert (question.title, question.author, question.network) == (
        "Hoe betrek ik familie?",
        members[0],
        network,
    )
    assert question.name_for_facilitator_only is True
    response = IntakeResponse.objects.get()
    assert list(response.board_questions.all()) == [question]
    assert response.practice_questions.strip() == "Hoe betrek ik familie?"


def test_the_name_shows_only_to_the_facilitator_and_the_author(client, group, intake, facilitator):
    network, _session, members = group
    author = members[0]
    client.force_login(author)
    _post(
        client,
        network,
        practice_questions="Een gevoelige vraag",
        questions_on_board="on",
        name_for_facilitator_only="on",
    )
    board = reverse("sessions:questions", kwargs={"pk": network.pk})

    pages = {}
    for who in (members[1], facilitator, author):
        client.force_login(who)
        pages[who] = client.get(board).content.decode()

    assert "Een gevoelige vraag" in pages[members[1]]
    assert author.full_name not in pages[members[1]]
    assert author.full_name in pages[facilitator]
    assert author.full_name in pages[author]


def test_name_shown_when_not_asked_to_hide(client, group, intake):
    network, _session, members = group
    client.force_login(members[0])
    _post(client, network, practice_questions="Open vraag", questions_on_board="on")
    client.force_login(members[1])

    page = client.get(reverse("sessions:questions", kwargs={"pk": network.pk})).content.decode()

    assert PracticeQuestion.objects.get().name_for_facilitator_only is False
    assert members[0].full_name in page


def test_not_chosen_the_questions_stay_in_the_intake_only(client, group, intake):
    network, _session, members = group
    client.force_login(members[0])

    _post(client, network, practice_questions="Alleen voor de intake")

    assert IntakeResponse.objects.get().practice_questions == "Alleen voor de intake"
    assert not PracticeQuestion.objects.exists()


def test_each_line_once_a_new_line_adds_one_and_the_name_choice_follows(group, intake):
    _network, _session, members = group
    data = {"expectations": "x", "personal_goals": "y", "questions_on_board": True}

    services.intake_submit(
        intake=intake,
        data={**data, "practice_questions": "Vraag A\n\nVraag A\nVraag B"},
        acting_user=members[0],
    )
    response = services.intake_submit(
        intake=intake,
        data={
            **data,
            "practice_questions": "Vraag A\nVraag B\nVraag C",
            "name_for_facilitator_only": True,
        },
        acting_user=members[0],
    )

    titles = sorted(PracticeQuestion.objects.values_list("title", flat=True))
    assert titles == ["Vraag A", "Vraag B", "Vraag C"]
    assert response.board_questions.count() == 3
    assert set(PracticeQuestion.objects.values_list("name_for_facilitator_only", flat=True)) == {
        True
    }


def test_turning_the_option_off_takes_open_questions_off_a_scheduled_one_stays(
    group, intake, facilitator
):
    network, _session, members = group
    data = {"expectations": "x", "personal_goals": "y", "practice_questions": "Open\nGepland"}
    services.intake_submit(
        intake=intake, data={**data, "questions_on_board": True}, acting_user=members[0]
    )
    planned = SessionFactory(network=network, starts_at=timezone.now() + datetime.timedelta(days=9))
    session_services.practice_question_schedule(
        question=PracticeQuestion.objects.get(title="Gepland"),
        session=planned,
        acting_user=facilitator,
    )

    services.intake_submit(
        intake=intake, data={**data, "questions_on_board": False}, acting_user=members[0]
    )

    remaining = PracticeQuestion.objects.get()
    assert (remaining.title, remaining.status) == ("Gepland", QuestionStatus.SCHEDULED)


def test_a_line_longer_than_a_title_keeps_its_words_in_the_context(group, intake):
    _network, _session, members = group
    line = "Waarom " + "valt het zo vaak mis " * 20
    data = {"expectations": "x", "personal_goals": "y", "questions_on_board": True}
    for _ in range(2):
        services.intake_submit(
            intake=intake, data={**data, "practice_questions": line}, acting_user=members[0]
        )

    question = PracticeQuestion.objects.get()
    assert len(question.title) <= 200
    assert question.context == line.strip()


def test_non_member_posting_the_board_option_gets_404_and_nothing_is_written(
    client, group, intake, outsider
):
    network, _session, _members = group
    client.force_login(outsider)

    response = _post(
        client,
        network,
        practice_questions="Van buiten",
        questions_on_board="on",
        name_for_facilitator_only="on",
    )

    assert response.status_code == 404
    assert not IntakeResponse.objects.exists()
    assert not PracticeQuestion.objects.exists()


def test_too_many_board_questions_is_a_clear_message_and_nothing_is_written(client, group, intake):
    network, _session, members = group
    client.force_login(members[0])
    lines = "\n".join(f"Vraag {index}" for index in range(services.BOARD_QUESTIONS_MAX + 1))

    response = _post(client, network, practice_questions=lines, questions_on_board="on")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not IntakeResponse.objects.exists()
    assert not PracticeQuestion.objects.exists()


def test_facilitator_cannot_put_questions_on_the_board_through_the_intake(
    client, group, intake, facilitator
):
    network, _session, _members = group
    client.force_login(facilitator)

    response = _post(
        client, network, practice_questions="Van de begeleider", questions_on_board="on"
    )

    assert response.status_code == 200
    assert not PracticeQuestion.objects.exists()


# Goal questions in the session evaluation ----------------------------------------------------


def _goals(network, facilitator, titles, adopt):
    goals = [
        services.goal_create(network=network, title=title, acting_user=facilitator)
        for title in titles
    ]
    services.goals_adopt(
        network=network, goal_ids=[goals[i].pk for i in adopt], acting_user=facilitator
    )
    for goal in goals:
        goal.refresh_from_db()
    return goals


def _goal_questions(questionnaire):
    return list(questionnaire.questions.filter(type=QuestionType.GOAL_SCALE))


def test_session_evaluation_asks_one_question_per_linked_adopted_goal(group, facilitator):
    network, session, _members = group
    valrisico, familie, dropped = _goals(
        network, facilitator, ["Valrisico", "Familie", "Weg"], [0, 1]
    )
    assert dropped.status == GoalStatus.DROPPED
    for goal in (valrisico, familie, dropped):
        services.goal_link_sessions(goal=goal, sessions=[session], acting_user=facilitator)

    session_services.session_mark_held(session=session, acting_user=facilitator)
    questionnaire = Questionnaire.objects.get(session=session)

    questions = list(questionnaire.questions.all())
    goal_questions = _goal_questions(questionnaire)
    assert [q.goal for q in goal_questions] == [valrisico, familie]
    assert all(q.goal.title in q.text for q in goal_questions)
    # After the scales, before the open questions; positions stay one per question.
    kinds = [q.type for q in questions]
    assert kinds.index(QuestionType.GOAL_SCALE) == 3
    assert [q.position for q in questions] == list(range(1, len(questions) + 1))


def test_goals_linked_later_get_their_question_once_and_lose_it_when_unlinked(
    evaluation, group, facilitator
):
    network, session, _members = group
    (goal,) = _goals(network, facilitator, ["Valrisico"], [0])
    before = evaluation.questions.count()

    services.goal_link_sessions(goal=goal, sessions=[session], acting_user=facilitator)
    services.goal_link_sessions(goal=goal, sessions=[session], acting_user=facilitator)
    linked = _goal_questions(evaluation)
    services.goal_link_sessions(goal=goal, sessions=[], acting_user=facilitator)

    assert [q.goal for q in linked] == [goal]
    assert evaluation.questions.count() == before
    positions = list(evaluation.questions.values_list("position", flat=True))
    assert len(set(positions)) == len(positions)


def test_after_the_first_answer_linking_changes_no_question(evaluation, group, facilitator):
    network, session, members = group
    (goal,) = _goals(network, facilitator, ["Valrisico"], [0])
    Questionnaire.objects.filter(pk=evaluation.pk).update(anonymous=False)
    evaluation.refresh_from_db()
    services.response_submit(
        questionnaire=evaluation, answers=_answers(evaluation, 4), acting_user=members[0]
    )

    services.goal_link_sessions(goal=goal, sessions=[session], acting_user=facilitator)

    assert _goal_questions(evaluation) == []


# Attainment ------------------------------------------------------------------------------------


def _answers(questionnaire, goal_value):
    answers = {}
    for question in questionnaire.questions.all():
        if question.type == QuestionType.SCALE:
            answers[question.pk] = "3"
        elif question.type == QuestionType.GOAL_SCALE:
            answers[question.pk] = str(goal_value)
    return answers


def _held_session(network, members, facilitator, number, present):
    session = SessionFactory(
        network=network,
        number=number,
        starts_at=timezone.now() - datetime.timedelta(days=number, hours=4),
        ends_at=timezone.now() - datetime.timedelta(days=number, hours=1),
    )
    session_services.attendance_register(
        session=session,
        entries={
            m.pk: {
                "status": AttendanceStatus.PRESENT if m in present else AttendanceStatus.ABSENT,
                "remark": "",
            }
            for m in members
        },
        acting_user=facilitator,
    )
    return session


def _named_evaluation(session, facilitator, answers_by_member):
    session_services.session_mark_held(session=session, acting_user=facilitator)
    questionnaire = Questionnaire.objects.get(session=session)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(anonymous=False)
    questionnaire.refresh_from_db()
    for member, value in answers_by_member:
        services.response_submit(
            questionnaire=questionnaire,
            answers=_answers(questionnaire, value),
            acting_user=member,
        )
    return questionnaire


def test_session_goal_answers_feed_the_goals_attainment(group, facilitator):
    """A known data set: session 2 answers 4, 5, 3 and session 3 answers 2, 2, 2, 5 on the goal
    (7 answers, 23 points): the sessions' mean is 23 / 7 = 3.29; the other goal, linked to
    session 3 only, gets 1, 1, 1, 1 → 1.0."""
    network, first, members = group
    valrisico, familie = _goals(network, facilitator, ["Valrisico", "Familie"], [0, 1])
    second = _held_session(network, members, facilitator, 2, members[:3])
    third = _held_session(network, members, facilitator, 3, members[:4])
    services.goal_link_sessions(goal=valrisico, sessions=[second, third], acting_user=facilitator)
    services.goal_link_sessions(goal=familie, sessions=[third], acting_user=facilitator)
    _named_evaluation(second, facilitator, zip(members[:3], [4, 5, 3], strict=True))
    session_services.session_mark_held(session=third, acting_user=facilitator)
    third_evaluation = Questionnaire.objects.get(session=third)
    Questionnaire.objects.filter(pk=third_evaluation.pk).update(anonymous=False)
    third_evaluation.refresh_from_db()
    for member, value in zip(members[:4], [2, 2, 2, 5], strict=True):
        answers = _answers(third_evaluation, value)
        answers[third_evaluation.questions.get(goal=familie).pk] = "1"
        services.response_submit(
            questionnaire=third_evaluation, answers=answers, acting_user=member
        )

    attainment = selectors.goal_attainment(network=network)

    assert attainment[valrisico.pk] == {
        "final": None,
        "sessions": 3.29,
        "sessions_count": 2,
        "answered": 7,
    }
    assert attainment[familie.pk]["sessions"] == 1.0
    assert attainment[familie.pk]["sessions_count"] == 1


def _anonymous_goal_answers(questionnaire, goal, values):
    """Released anonymous answers (as the mixing step writes them: no user)."""
    question = questionnaire.questions.get(goal=goal)
    for value in values:
        response = Response.objects.create(questionnaire=questionnaire)
        Answer.objects.create(response=response, question=question, value=value)


def test_session_goal_answers_below_the_threshold_are_left_out(group, facilitator):
    network, first, members = group
    valrisico, familie = _goals(network, facilitator, ["Valrisico", "Familie"], [0, 1])
    services.goal_link_sessions(goal=valrisico, sessions=[first], acting_user=facilitator)
    services.goal_link_sessions(goal=familie, sessions=[first], acting_user=facilitator)
    session_services.session_mark_held(session=first, acting_user=facilitator)
    questionnaire = Questionnaire.objects.get(session=first)
    assert questionnaire.anonymous
    assert questionnaire.threshold == 3
    _anonymous_goal_answers(questionnaire, valrisico, [5, 5])  # below k
    _anonymous_goal_answers(questionnaire, familie, [4, 3, 2])  # exactly k

    attainment = selectors.goal_attainment(network=network)

    assert attainment[valrisico.pk]["sessions"] is None
    assert attainment[valrisico.pk]["answered"] == 0
    assert attainment[familie.pk]["sessions"] == 3.0
