import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.enums import VoteKind
from evaluations.models import Participation, Response
from tests.factories import MembershipFactory, UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _post_answers(client, questionnaire, overall="4", learned=""):
    data = {}
    for question in questionnaire.questions.all():
        if question.position <= 3:
            data[f"q_{question.pk}"] = overall
        elif question.position == 4:
            data[f"q_{question.pk}"] = learned
    return client.post(reverse("evaluations:answer", kwargs={"pk": questionnaire.pk}), data)


def test_present_member_answers_in_browser_and_is_told_about_anonymity(client, evaluation, group):
    member = group[2][0]
    client.force_login(member)

    page = client.get(reverse("evaluations:answer", kwargs={"pk": evaluation.pk}))
    response = _post_answers(client, evaluation, learned="Veel")

    assert "Je antwoorden zijn anoniem" in page.content.decode()
    assert response.status_code == 302
    assert Participation.objects.filter(user=member).exists()
    again = client.get(reverse("evaluations:answer", kwargs={"pk": evaluation.pk}))
    assert "Je hebt deze evaluatie ingevuld. Bedankt!" in again.content.decode()


def test_missing_scale_answer_shows_message_and_stores_nothing(client, evaluation, group):
    client.force_login(group[2][0])

    response = client.post(reverse("evaluations:answer", kwargs={"pk": evaluation.pk}), {})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Beantwoord “Hoe beoordeel je deze bijeenkomst in het algemeen?”."
    ]
    assert not Response.objects.exists()


def test_results_page_says_too_few_answers_below_k(client, evaluation, group, facilitator):
    client.force_login(group[2][0])
    _post_answers(client, evaluation)
    client.force_login(facilitator)

    page = client.get(reverse("evaluations:results", kwargs={"pk": evaluation.pk}))

    assert "Er zijn te weinig antwoorden om ze anoniem te houden" in page.content.decode()
    assert "Gemiddelde" not in page.content.decode()


def test_results_shared_with_members_only_when_facilitator_says_so(
    client, evaluation, group, facilitator
):
    member = group[2][1]
    url = reverse("evaluations:results", kwargs={"pk": evaluation.pk})
    client.force_login(member)
    assert client.get(url).status_code == 404

    client.force_login(facilitator)
    client.post(reverse("evaluations:share", kwargs={"pk": evaluation.pk}))
    client.force_login(member)

    assert client.get(url).status_code == 200


def test_csv_of_anonymous_evaluation_has_no_names(
    client, evaluation, group, facilitator, on_commit
):
    for member in group[2][:3]:
        client.force_login(member)
        with on_commit(execute=True):
            _post_answers(client, evaluation, learned=f"Tekst van {member.full_name}")
    client.force_login(facilitator)

    response = client.get(reverse("evaluations:results_csv", kwargs={"pk": evaluation.pk}))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Hoe beoordeel je deze bijeenkomst in het algemeen?"
    assert len(rows) == 4
    flat = " ".join(" ".join(row) for row in rows[1:])
    assert not any(f"{m.full_name}," in flat or flat.startswith(m.full_name) for m in group[2])


def test_vote_page_hides_results_until_closed(client, group, facilitator):
    network, _session, members = group
    vote = services.vote_create(
        acting_user=facilitator,
        network=network,
        kind=VoteKind.TOPICS,
        title="Onderwerpen",
        points=3,
        closes_at=timezone.now() + datetime.timedelta(days=2),
        options=["Valmatten", "Medicatie"],
    )
    first = vote.options.first()
    client.force_login(members[0])

    too_many = client.post(vote.get_absolute_url(), {f"option_{first.pk}": "4"})
    ok = client.post(vote.get_absolute_url(), {f"option_{first.pk}": "3"})
    open_page = client.get(vote.get_absolute_url()).content.decode()

    assert too_many.status_code == 200
    assert too_many.context["form"].errors
    assert ok.status_code == 302
    assert "De resultaten blijven verborgen tot de stemming sluit." in open_page
    client.force_login(facilitator)
    client.post(reverse("evaluations:vote_close", kwargs={"pk": network.pk, "vote_id": vote.pk}))
    closed_page = client.get(vote.get_absolute_url()).content.decode()
    assert "Valmatten: <strong>3 punten</strong>" in closed_page


def test_intake_page_member_fills_and_facilitator_reads(client, group, facilitator):
    network, _session, members = group
    client.force_login(facilitator)
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    client.post(
        reverse("evaluations:intake_deadline", kwargs={"pk": network.pk}),
        {"deadline": day, "confirmed": "1"},
    )
    client.force_login(members[0])
    client.post(
        reverse("evaluations:intake", kwargs={"pk": network.pk}),
        {"expectations": "Leren", "personal_goals": "Valrisico inschatten"},
    )
    client.force_login(facilitator)

    page = client.get(reverse("evaluations:intake", kwargs={"pk": network.pk})).content.decode()

    assert "Valrisico inschatten" in page
    assert members[0].full_name in page


def test_results_and_list_queries_do_not_grow(client, group, facilitator, on_commit):
    from sessions import services as session_services

    network, session, members = group
    extra = [MembershipFactory(network=network, user=UserFactory()).user for _ in range(4)]
    session_services.attendance_register(
        session=session,
        entries={u.pk: {"status": "present", "remark": ""} for u in extra},
        acting_user=facilitator,
    )
    session_services.session_mark_held(session=session, acting_user=facilitator)
    evaluation = session.refresh_from_db() or session.evaluation
    present = [*members[:5], *extra]

    def answer(people):
        for member in people:
            client.force_login(member)
            with on_commit(execute=True):
                _post_answers(client, evaluation, learned=f"iets van {member.pk}")
        client.force_login(facilitator)

    answer(present[:3])
    urls = [
        reverse("evaluations:results", kwargs={"pk": evaluation.pk}),
        reverse("evaluations:list", kwargs={"pk": network.pk}),
    ]
    one = [count_queries(client, url) for url in urls]
    answer(present[3:])

    assert evaluation.responses.count() == 9  # three groups of three
    assert [count_queries(client, url) for url in urls] == one


def test_csv_of_named_evaluation_puts_the_name_first(client, group, facilitator):
    from sessions import services as session_services

    network, session, members = group
    network.anonymous_evaluations = False
    network.save()
    session_services.session_mark_held(session=session, acting_user=facilitator)
    session.refresh_from_db()
    client.force_login(members[0])
    _post_answers(client, session.evaluation, learned="=SOM(1)")
    client.force_login(facilitator)

    response = client.get(reverse("evaluations:results_csv", kwargs={"pk": session.evaluation.pk}))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Naam"
    assert rows[1][0] == members[0].full_name
    assert "'=SOM(1)" in rows[1]


def test_facilitator_edits_a_question_until_the_first_answer(
    client, evaluation, group, facilitator
):
    question = evaluation.questions.get(position=6)
    url = reverse(
        "evaluations:question_edit", kwargs={"pk": evaluation.pk, "question_id": question.pk}
    )
    client.force_login(facilitator)
    edit_page = client.get(url)
    assert edit_page.context["form"].initial["text"] == question.text

    saved = client.post(
        url,
        {"type": "short", "text": "Welk onderwerp?"},
        follow=True,
    )
    assert [str(m) for m in saved.context["messages"]] == ["De vraag is opgeslagen."]
    question.refresh_from_db()
    assert question.text == "Welk onderwerp?"

    client.force_login(group[2][0])
    _post_answers(client, evaluation)
    client.force_login(facilitator)
    response = client.post(
        url,
        {"type": "short", "text": "Iets anders"},
        follow=True,
    )
    question.refresh_from_db()
    assert question.text == "Welk onderwerp?"
    assert [str(m) for m in response.context["messages"]][-1] == (
        "De vragen liggen vast zodra het eerste antwoord binnen is."
    )


# One view per action, ids parsed as form fields, one object per double click ---------------------


def test_goal_add_twice_with_the_same_token_makes_one_goal(client, group, facilitator):
    network = group[0]
    client.force_login(facilitator)
    page = client.get(reverse("evaluations:goals", kwargs={"pk": network.pk}))
    token = page.context["goal_form"]["idempotency_token"].initial
    url = reverse("evaluations:goal_add", kwargs={"pk": network.pk})
    data = {"title": "Valrisico inschatten", "description": "", "idempotency_token": token}

    first = client.post(url, data)
    second = client.post(url, data, follow=True)

    assert (first.status_code, second.status_code) == (302, 200)
    assert list(network.learning_goals.values_list("title", flat=True)) == ["Valrisico inschatten"]
    assert [str(m) for m in second.context["messages"]][-1] == (
        "Dit formulier was al verstuurd; hier zie je het resultaat."
    )


def test_question_add_twice_with_the_same_token_makes_one_question(client, evaluation, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("evaluations:questions", kwargs={"pk": evaluation.pk}))
    token = page.context["form"]["idempotency_token"].initial
    url = reverse("evaluations:question_add", kwargs={"pk": evaluation.pk})
    data = {"type": "short", "text": "Welk onderwerp?", "idempotency_token": token}
    before = evaluation.questions.count()

    client.post(url, data)
    client.post(url, data)

    assert evaluation.questions.count() == before + 1


def test_goal_ids_that_are_not_numbers_are_a_clear_message(client, group, facilitator):
    network, session, _members = group
    goal = services.goal_create(network=network, title="Doel", acting_user=facilitator)
    client.force_login(facilitator)

    adopt = client.post(
        reverse("evaluations:goals_adopt", kwargs={"pk": network.pk}),
        {"goals": ["abc"]},
        follow=True,
    )
    link = client.post(
        reverse("evaluations:goal_link", kwargs={"pk": network.pk, "goal_id": goal.pk}),
        {"sessions": ["1x", str(session.pk)]},
        follow=True,
    )

    assert adopt.status_code == link.status_code == 200
    assert "‘abc’ is geen geldige waarde." in [str(m) for m in adopt.context["messages"]]
    assert not goal.sessions.exists()
    assert client.get(f"/networks/{network.pk}/goals/abc/sessions/").status_code == 404
    assert client.get(f"/evaluations/{session.pk}/questions/abc/edit/").status_code == 404


def test_too_long_vote_option_and_goal_description_are_form_errors(client, group, facilitator):
    network = group[0]
    client.force_login(facilitator)
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

    vote = client.post(
        reverse("evaluations:vote_create", kwargs={"pk": network.pk}),
        {"kind": "topics", "title": "Onderwerp", "points": 3, "closes": day,
         "options": "Kort\n" + "x" * 201},
    )  # fmt: skip
    goal = client.post(
        reverse("evaluations:goal_add", kwargs={"pk": network.pk}),
        {"title": "Doel", "description": "y" * 2001, "idempotency_token": "t" * 32},
        follow=True,
    )

    assert vote.status_code == 200
    assert vote.context["form"].errors["options"] == [
        "Opties: elke regel mag hoogstens 200 tekens hebben (één heeft er 201)."
    ]
    assert not network.votes.exists()
    assert goal.status_code == 200
    assert not network.learning_goals.exists()
    assert "niet meer dan 2000 tekens bevat (het zijn er nu 2001)" in " ".join(
        str(m) for m in goal.context["messages"]
    )


def test_dates_outside_2000_to_2100_are_refused_for_intake_and_final_evaluation(
    client, group, facilitator
):
    network = group[0]
    client.force_login(facilitator)

    intake = client.post(
        reverse("evaluations:intake_deadline", kwargs={"pk": network.pk}),
        {"deadline": "0001-01-01"},
        follow=True,
    )
    final = client.post(
        reverse("evaluations:final_open", kwargs={"pk": network.pk}),
        {"closes": "2999-01-01"},
        follow=True,
    )

    assert intake.status_code == final.status_code == 200
    assert not hasattr(network, "intake") or network.intake is None
    assert not network.questionnaires.filter(kind="final").exists()
    messages = [str(m) for m in final.context["messages"]]
    assert any("2000" in message and "2100" in message for message in messages)


@pytest.mark.postgres
def test_database_refuses_overlong_goal_description(require_postgres, group):
    from django.db import IntegrityError, transaction

    from evaluations.models import LearningGoal

    with pytest.raises(IntegrityError), transaction.atomic():
        LearningGoal.objects.create(network=group[0], title="Doel", description="z" * 2001)


def test_vote_create_double_click_makes_one_vote(client, group, facilitator):
    network = group[0]
    client.force_login(facilitator)
    token = (
        client.get(reverse("evaluations:vote_create", kwargs={"pk": network.pk}))
        .context["form"]["idempotency_token"]
        .initial
    )
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    data = {"kind": "topics", "title": "Onderwerp", "points": 3, "closes": day,
            "options": "Valmatten\nMedicatie", "idempotency_token": token,
            "confirmed": "1"}  # fmt: skip

    responses = [
        client.post(reverse("evaluations:vote_create", kwargs={"pk": network.pk}), data)
        for _ in range(2)
    ]

    assert [r.status_code for r in responses] == [302, 302]
    assert network.votes.count() == 1
