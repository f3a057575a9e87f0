"""No free text a member wrote leaves through the API: an RSVP's apology and contribution, open
answers (also when the results are shown, from k answers), comments on minutes. Every GET
endpoint is read by every caller, and the written texts appear nowhere."""

import pytest
from django.urls import reverse

from evaluations.models import Answer, Question, Response
from minutes.models import Minutes, MinutesComment
from sessions.models import LearningSession, Rsvp
from tests.api.conftest import bearer
from tests.api.test_api_permissions import CALLERS, EXPECTED
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
SECRETS = ["GEHEIM-apology", "GEHEIM-input", "GEHEIM-answer", "GEHEIM-comment"]


@pytest.fixture
def written(api_world):
    session = LearningSession.objects.get(pk=api_world["ids"]["session"])
    member = api_world["users"]["member"]
    Rsvp.objects.create(
        session=session,
        user=member,
        answer="not_attending",
        apology=SECRETS[0],
        input_for_group=SECRETS[1],
    )
    questionnaire = session.evaluation
    questionnaire.anonymous = False
    questionnaire.save(update_fields=["anonymous"])
    question = Question.objects.create(questionnaire=questionnaire, type="long", text="Wat nog?")
    scale = Question.objects.create(questionnaire=questionnaire, type="scale", text="Hoe was het?")
    for person in [member] + [MembershipFactory(network=session.network).user for _ in range(3)]:
        response = Response.objects.create(questionnaire=questionnaire, user=person)
        Answer.objects.create(response=response, question=question, text=SECRETS[2])
        Answer.objects.create(response=response, question=scale, value=4)
    minutes = Minutes.objects.get(session=session)
    MinutesComment.objects.create(minutes=minutes, author=member, text=SECRETS[3])
    return api_world


def test_no_text_a_member_wrote_reaches_any_caller(client, written):
    seen = 0
    for name, (method, obj, _row) in EXPECTED.items():
        if method != "get":
            continue
        kwargs = {"pk": written["ids"][obj]} if obj else {}
        for caller in CALLERS:
            headers = {} if caller == "no_token" else bearer(written["tokens"][caller])
            body = client.get(reverse(name, kwargs=kwargs), **headers).content.decode()
            for secret in SECRETS:
                assert secret not in body, (name, caller, secret)
            seen += 1
    results = client.get(
        reverse("api:results", kwargs={"pk": written["ids"]["questionnaire"]}),
        **bearer(written["tokens"]["facilitator"]),
    ).json()
    # The results are shown (4 answers, not anonymous), only not the texts.
    assert results["hidden"] is False
    assert [q["answered"] for q in results["questions"]] == [4, 4]
    assert seen == 13 * len(CALLERS)
