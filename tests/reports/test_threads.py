"""Issue 12, part 6: the contributions of members who are not coming in the minutes editor, and
the session evaluations' goal answers in the trajectory report."""

import io

import pytest
from django.urls import reverse

from evaluations import services as evaluation_services
from evaluations.enums import QuestionType
from evaluations.models import Questionnaire
from sessions.enums import RsvpAnswer
from sessions.models import Rsvp
from tests.factories import MembershipFactory
from tests.utils import count_queries, report_download

pytestmark = pytest.mark.django_db


def _editor(session):
    return reverse("reports:minutes_edit", kwargs={"pk": session.pk})


def test_contribution_of_a_member_not_coming_shows_in_the_minutes_editor(
    client, held, member, facilitator
):
    session, excused, absent = held
    # The session is over: its RSVPs were given before (the window is closed now).
    Rsvp.objects.create(
        session=session,
        user=excused,
        answer=RsvpAnswer.NOT_ATTENDING,
        apology="Ik ben ziek",
        input_for_group="Mijn tip: valmatten naast het bed",
    )
    Rsvp.objects.create(
        session=session,
        user=member,
        answer=RsvpAnswer.ATTENDING,
        input_for_group="Ik breng zelf een casus mee",
    )
    Rsvp.objects.create(session=session, user=absent, answer=RsvpAnswer.NOT_ATTENDING)
    client.force_login(facilitator)

    page = client.get(_editor(session))

    html = page.content.decode()
    assert [rsvp.user for rsvp in page.context["contributions"]] == [excused]
    assert "Mijn tip: valmatten naast het bed" in html
    assert "Ik breng zelf een casus mee" not in html  # a member who comes brings it in person
    assert "Ik ben ziek" not in html  # the apology stays on the session page


def test_minutes_editor_queries_equal_for_1_and_many_contributions(
    client, held, network, facilitator
):
    session, excused, _absent = held
    Rsvp.objects.create(
        session=session, user=excused, answer=RsvpAnswer.NOT_ATTENDING, input_for_group="Eén"
    )
    client.force_login(facilitator)
    count_queries(client, _editor(session))
    one = count_queries(client, _editor(session))
    for index in range(8):
        Rsvp.objects.create(
            session=session,
            user=MembershipFactory(network=network).user,
            answer=RsvpAnswer.NOT_ATTENDING,
            input_for_group=f"Bijdrage {index}",
        )

    assert count_queries(client, _editor(session)) == one


def test_report_shows_the_sessions_goal_answers(client, held, network, member, facilitator):
    """Three named answers 4, 5, 3 to "did this session help you with …" → 4,0 in the report."""
    from pypdf import PdfReader

    session, excused, absent = held
    goal = evaluation_services.goal_create(
        network=network, title="Valrisico inschatten", acting_user=facilitator
    )
    evaluation_services.goals_adopt(network=network, goal_ids=[goal.pk], acting_user=facilitator)
    evaluation_services.goal_link_sessions(goal=goal, sessions=[session], acting_user=facilitator)
    questionnaire = Questionnaire.objects.get(session=session)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(anonymous=False)
    questionnaire.refresh_from_db()
    goal_question = questionnaire.questions.get(type=QuestionType.GOAL_SCALE)
    # Eligible are those present; register the other two present for this data set.
    questionnaire.eligibilities.create(user=excused)
    questionnaire.eligibilities.create(user=absent)
    for user, value in [(member, 4), (excused, 5), (absent, 3)]:
        answers = {q.pk: "3" for q in questionnaire.questions.filter(type=QuestionType.SCALE)} | {
            goal_question.pk: str(value)
        }
        evaluation_services.response_submit(
            questionnaire=questionnaire, answers=answers, acting_user=user
        )
    client.force_login(facilitator)

    response = report_download(client, network)

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    row = text[text.index("Valrisico inschatten 1") :][:80]
    assert row.startswith("Valrisico inschatten 1 — 4,0")  # sessions 1, attainment —, 4,0
