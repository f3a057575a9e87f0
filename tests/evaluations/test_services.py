import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core import outbox
from core.errors import ApplicationError
from core.outbox import OutboxState
from evaluations import selectors, services
from evaluations.enums import GoalStatus, QuestionnaireKind, QuestionType, VoteKind
from evaluations.models import (
    Answer,
    EvaluationEmail,
    HeldAnswers,
    Participation,
    Questionnaire,
    Response,
)
from sessions import services as session_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _answers(questionnaire, overall=4, useful=3, work_form=5, learned="", better=""):
    by_text = {q.position: q for q in questionnaire.questions.all()}
    return {
        by_text[1].pk: str(overall),
        by_text[2].pk: str(useful),
        by_text[3].pk: str(work_form),
        by_text[4].pk: learned,
        by_text[5].pk: better,
        by_text[6].pk: "",
    }


def test_marking_held_opens_the_evaluation_and_invites_the_present(group, on_commit, facilitator):
    network, session, members = group

    with on_commit(execute=True):
        session_services.session_mark_held(session=session, acting_user=facilitator)

    questionnaire = Questionnaire.objects.get(session=session)
    assert questionnaire.kind == QuestionnaireKind.SESSION
    assert questionnaire.anonymous is True
    assert questionnaire.threshold == 3
    assert questionnaire.closes_at.date() == (timezone.now() + datetime.timedelta(days=7)).date()
    assert questionnaire.questions.count() == 6
    assert questionnaire.title == "Evaluatie van bijeenkomst 1: Valrisico"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members[:5])


def test_anonymous_answers_wait_in_the_holding_table_until_k_then_carry_no_user(
    evaluation, group, on_commit
):
    _network, _session, members = group
    markers = [f"GEHEIM-ANTWOORD-{i}" for i in range(3)]

    with on_commit(execute=True):
        for member, marker in zip(members[:2], markers, strict=False):
            services.response_submit(
                questionnaire=evaluation,
                acting_user=member,
                answers=_answers(evaluation, learned=marker),
            )
    held = list(HeldAnswers.objects.filter(questionnaire=evaluation))
    assert (len(held), Response.objects.count()) == (2, 0)
    assert not any(marker.encode() in bytes(row.payload) for row in held for marker in markers)

    with on_commit(execute=True):
        services.response_submit(
            questionnaire=evaluation,
            acting_user=members[2],
            answers=_answers(evaluation, learned=markers[2]),
        )

    assert not HeldAnswers.objects.exists()
    assert (
        sorted(Answer.objects.filter(text__startswith="GEHEIM").values_list("text", flat=True))
        == markers
    )
    assert list(Response.objects.values_list("user", flat=True)) == [None, None, None]
    assert Participation.objects.filter(questionnaire=evaluation).count() == 3
    for model in (Response, Answer, HeldAnswers):
        columns = {f.column for f in model._meta.concrete_fields}
        assert not {"created_at", "answered_at", "submitted_at", "updated_at"} & columns, model


def test_named_evaluation_keeps_the_name(group, facilitator):
    network, session, members = group
    network.anonymous_evaluations = False
    network.save()
    session_services.session_mark_held(session=session, acting_user=facilitator)
    questionnaire = Questionnaire.objects.get(session=session)

    services.response_submit(
        questionnaire=questionnaire, acting_user=members[0], answers=_answers(questionnaire)
    )

    assert questionnaire.anonymous is False
    assert Response.objects.get().user == members[0]


def test_results_move_only_in_groups_of_k(evaluation, group, on_commit):
    _network, _session, members = group
    values = [(5, "Veel geleerd"), (4, "Goed"), (4, ""), (2, "Te lang")]

    def answer(member, overall, learned):
        with on_commit(execute=True):
            services.response_submit(
                questionnaire=evaluation,
                acting_user=member,
                answers=_answers(evaluation, overall=overall, learned=learned),
            )

    for member, (overall, learned) in zip(members[:2], values[:2], strict=True):
        answer(member, overall, learned)
    below = selectors.results(questionnaire=evaluation)
    assert (below["count"], below["hidden"], below["questions"]) == (0, True, [])
    assert HeldAnswers.objects.count() == 2

    answer(members[2], *values[2])
    data = selectors.results(questionnaire=evaluation)
    answer(members[3], *values[3])
    after_one_more = selectors.results(questionnaire=evaluation)

    overall = data["questions"][0]
    assert (data["count"], data["eligible"], data["rate"], data["hidden"]) == (3, 5, 60, False)
    assert [bar["count"] for bar in overall["distribution"]] == [0, 0, 0, 2, 1]
    assert overall["mean"] == 4.33
    assert data["questions"][1]["mean"] == 3.0
    learned = data["questions"][3]
    # Two people wrote something: fewer than k, so the texts stay hidden.
    assert (learned["answered"], learned["hidden"], "texts" in learned) == (2, True, False)
    assert HeldAnswers.objects.count() == 1
    assert after_one_more == data


def test_answering_twice_is_refused(evaluation, group):
    member = group[2][0]
    services.response_submit(
        questionnaire=evaluation, acting_user=member, answers=_answers(evaluation)
    )

    with pytest.raises(ApplicationError, match="already answered"):
        services.response_submit(
            questionnaire=evaluation, acting_user=member, answers=_answers(evaluation)
        )
    assert Participation.objects.count() == 1
    assert HeldAnswers.objects.count() == 1


def test_absent_member_cannot_answer_session_evaluation(evaluation, group):
    absent = group[2][5]

    with pytest.raises(ApplicationError, match="attended the session"):
        services.response_submit(
            questionnaire=evaluation, acting_user=absent, answers=_answers(evaluation)
        )
    assert not Participation.objects.exists()


def test_closed_evaluation_refuses_answers(evaluation, group):
    Questionnaire.objects.filter(pk=evaluation.pk).update(closes_at=timezone.now())
    evaluation.refresh_from_db()

    with pytest.raises(ApplicationError, match="closed"):
        services.response_submit(
            questionnaire=evaluation, acting_user=group[2][0], answers=_answers(evaluation)
        )


@pytest.mark.parametrize("value", ["0", "6", "vijf", ""])
def test_out_of_range_or_missing_scale_is_refused_and_nothing_stored(evaluation, group, value):
    answers = _answers(evaluation)
    answers[evaluation.questions.get(position=1).pk] = value

    with pytest.raises(ApplicationError, match="Hoe beoordeel je deze bijeenkomst"):
        services.response_submit(questionnaire=evaluation, acting_user=group[2][0], answers=answers)
    assert not Participation.objects.exists()
    assert not Response.objects.exists()


def test_questions_lock_after_the_first_answer(evaluation, group, facilitator):
    question = services.question_add(
        acting_user=facilitator,
        questionnaire=evaluation,
        data={
            "type": QuestionType.SINGLE,
            "text": "Tempo?",
            "choices": ["Te snel", "Goed"],
            "required": False,
        },
    )
    services.response_submit(
        questionnaire=evaluation, acting_user=group[2][0], answers=_answers(evaluation)
    )

    with pytest.raises(ApplicationError, match="locked"):
        services.question_delete(acting_user=facilitator, question=question)
    with pytest.raises(ApplicationError, match="locked"):
        services.question_add(
            acting_user=facilitator,
            questionnaire=evaluation,
            data={"type": QuestionType.SHORT, "text": "Nog iets?"},
        )


def test_vote_results_hidden_until_close_and_points_capped(group, facilitator):
    network, _session, members = group
    vote = services.vote_create(
        acting_user=facilitator,
        network=network,
        kind=VoteKind.TOPICS,
        title="Welke onderwerpen?",
        points=3,
        closes_at=timezone.now() + datetime.timedelta(days=3),
        options=["Valmatten", "Medicatie", "Beweging"],
    )
    mats, meds, move = list(vote.options.all())

    with pytest.raises(ApplicationError, match="3 points to spread; you used 4"):
        services.vote_cast(vote=vote, acting_user=members[0], allocation={mats.pk: 2, meds.pk: 2})
    services.vote_cast(vote=vote, acting_user=members[0], allocation={mats.pk: 1, meds.pk: 2})
    services.vote_cast(vote=vote, acting_user=members[0], allocation={mats.pk: 3})  # replaces
    services.vote_cast(vote=vote, acting_user=members[1], allocation={move.pk: 2, meds.pk: 1})
    assert services.vote_results(vote=vote) is None

    services.vote_close(acting_user=facilitator, vote=vote)

    results = [(row["option"].title, row["points"]) for row in services.vote_results(vote=vote)]
    assert results == [("Valmatten", 3), ("Beweging", 2), ("Medicatie", 1)]
    with pytest.raises(ApplicationError, match="closed"):
        services.vote_cast(vote=vote, acting_user=members[2], allocation={mats.pk: 1})


def test_goal_vote_adopt_and_final_evaluation_measures_each_goal(group, on_commit, facilitator):
    network, _session, members = group
    for title in ["Valrisico inschatten", "Familie betrekken", "Medicatie nakijken"]:
        services.goal_create(acting_user=facilitator, network=network, title=title)
    vote = services.vote_create(
        acting_user=facilitator,
        network=network,
        kind=VoteKind.GOALS,
        title="Welke leerdoelen?",
        points=3,
        closes_at=timezone.now() + datetime.timedelta(days=1),
        options=[],
    )
    assert vote.options.count() == 3
    goals = list(network.learning_goals.all())

    services.goals_adopt(
        acting_user=facilitator, network=network, goal_ids=[goals[0].pk, goals[1].pk]
    )
    with on_commit(execute=True):
        final = services.final_evaluation_open(
            acting_user=facilitator,
            network=network,
            closes_at=timezone.now() + datetime.timedelta(days=14),
        )

    assert list(network.learning_goals.values_list("status", flat=True)) == [
        GoalStatus.ADOPTED,
        GoalStatus.ADOPTED,
        GoalStatus.DROPPED,
    ]
    goal_questions = final.questions.filter(type=QuestionType.GOAL_SCALE)
    assert [q.goal for q in goal_questions] == goals[:2]
    assert len(mail.outbox) == len(members)  # final evaluation: every member
    with pytest.raises(ApplicationError, match="already been opened"):
        services.final_evaluation_open(
            acting_user=facilitator,
            network=network,
            closes_at=timezone.now() + datetime.timedelta(days=14),
        )


def test_intake_edit_until_deadline_and_overview(group, facilitator):
    network, _session, members = group
    intake = services.intake_open(
        acting_user=facilitator,
        network=network,
        deadline=timezone.now() + datetime.timedelta(days=5),
    )
    data = {
        "expectations": "Leren van anderen",
        "personal_goals": "Valrisico inschatten\nFamilie betrekken",
        "brings": "",
        "practice_questions": "",
        "preferred_topics": "",
        "preferred_work_forms": "",
        "constraints": "Geen woensdag",
    }
    services.intake_submit(intake=intake, acting_user=members[0], data=data)
    services.intake_submit(
        intake=intake, acting_user=members[0], data={**data, "brings": "10 jaar WZC"}
    )

    overview = selectors.intake_overview(intake=intake)
    assert overview["answered"] == [members[0]]
    assert len(overview["waiting"]) == 5
    assert overview["personal_goals"] == [
        (members[0].full_name, "Valrisico inschatten"),
        (members[0].full_name, "Familie betrekken"),
    ]
    brings = next(g for g in overview["grouped"] if "bring" in str(g["label"]))
    assert brings["answers"] == [(members[0].full_name, "10 jaar WZC")]

    intake.deadline = timezone.now() - datetime.timedelta(minutes=1)
    intake.save()
    with pytest.raises(ApplicationError, match="deadline"):
        services.intake_submit(intake=intake, acting_user=members[1], data=data)


def test_reminders_once_to_non_respondents(evaluation, group, on_commit):
    _network, _session, members = group
    services.response_submit(
        questionnaire=evaluation, acting_user=members[0], answers=_answers(evaluation)
    )
    mail.outbox.clear()
    soon = evaluation.closes_at - datetime.timedelta(days=1)

    with on_commit(execute=True):
        services.reminders_send_due(now=soon)
    with on_commit(execute=True):
        services.reminders_send_due(now=soon)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members[1:5])
    assert mail.outbox[0].subject.startswith("Herinnering: Evaluatie van bijeenkomst 1")


def test_invitation_delivered_twice_sends_once(evaluation, group, facilitator):
    _network, _session, members = group
    row = EvaluationEmail.objects.get(questionnaire=evaluation, user=members[0])

    assert outbox.deliver(EvaluationEmail, row.pk) == "sent"
    assert outbox.deliver(EvaluationEmail, row.pk) == "skipped"

    [message] = mail.outbox
    assert message.to == [members[0].email]
    assert message.reply_to == [facilitator.email]
    url = reverse("evaluations:answer", kwargs={"pk": evaluation.pk})
    assert settings.SITE_URL + url in message.body
    row.refresh_from_db()
    assert (row.state, row.attempts, row.kind_label, row.session) == (
        OutboxState.SENT,
        1,
        "Evaluation invitation",
        evaluation.session,
    )


def test_invitations_whose_enqueue_was_lost_are_sent_by_the_sweep(evaluation, group):
    """Marking held outside ``on_commit(execute=True)``: the enqueue never happened, as when the
    broker is down at the click."""
    _network, _session, members = group
    assert mail.outbox == []

    outbox.sweep(now=timezone.now() + outbox.PENDING_GRACE + datetime.timedelta(seconds=1))

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members[:5])
    states = set(EvaluationEmail.objects.values_list("state", flat=True))
    assert states == {OutboxState.SENT}


def test_invitation_claimed_by_a_killed_worker_is_sent_after_the_sweep(evaluation, group):
    _network, _session, members = group
    row = EvaluationEmail.objects.get(questionnaire=evaluation, user=members[0])
    assert outbox.claim(EvaluationEmail, row.pk)  # the worker dies right after claiming
    EvaluationEmail.objects.exclude(pk=row.pk).update(state=OutboxState.SENT)

    outbox.sweep(now=timezone.now() + outbox.STALE_SENDING + datetime.timedelta(seconds=1))

    assert [m.to for m in mail.outbox] == [[members[0].email]]
    row.refresh_from_db()
    assert (row.state, row.attempts) == (OutboxState.SENT, 2)


def test_intake_reminder_links_to_the_intake(group, facilitator, on_commit):
    network, _session, members = group
    intake = services.intake_open(
        network=network,
        deadline=timezone.now() + datetime.timedelta(days=5),
        acting_user=facilitator,
    )
    services.intake_submit(
        intake=intake,
        acting_user=members[0],
        data={"expectations": "Leren", "personal_goals": "Vallen voorkomen"},
    )

    with on_commit(execute=True):
        count = services.reminders_send_due(now=intake.deadline - datetime.timedelta(days=1))
    with on_commit(execute=True):
        again = services.reminders_send_due(now=intake.deadline - datetime.timedelta(days=1))

    assert (count, again) == (5, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members[1:])
    url = reverse("evaluations:intake", kwargs={"pk": network.pk})
    assert settings.SITE_URL + url in mail.outbox[0].body
    rows = EvaluationEmail.objects.filter(intake=intake, kind="reminder")
    assert {(r.kind_label, r.network_id, r.state) for r in rows} == {
        ("Intake reminder", network.pk, OutboxState.SENT)
    }


def test_trend_of_overall_rating(evaluation, group, on_commit):
    network, _session, members = group
    for member, overall in zip(members[:3], [5, 4, 3], strict=True):
        with on_commit(execute=True):
            services.response_submit(
                questionnaire=evaluation,
                acting_user=member,
                answers=_answers(evaluation, overall=overall),
            )

    trend = selectors.overall_trend(network=network)

    assert [(point["session"].number, point["mean"]) for point in trend] == [(1, 4.0)]
