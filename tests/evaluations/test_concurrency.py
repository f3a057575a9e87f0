"""One response per member even when the same member submits twice at the same instant."""

import pytest

from core.errors import ApplicationError
from evaluations import services
from evaluations.models import HeldAnswers, Participation, Response
from tests.networks.test_concurrency import _race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_submissions_store_one_response(require_postgres, evaluation, group):
    member = group[2][0]
    answers = {q.pk: "4" if q.position <= 3 else "" for q in evaluation.questions.all()}

    errors = _race(
        [
            lambda: services.response_submit(
                questionnaire=evaluation, acting_user=member, answers=answers
            )
        ]
        * 2
    )

    assert len(errors) == 1
    assert ApplicationError.__name__ in errors[0]
    assert Participation.objects.filter(user=member).count() == 1
    assert HeldAnswers.objects.filter(questionnaire=evaluation).count() == 1
    assert not Response.objects.filter(questionnaire=evaluation).exists()
