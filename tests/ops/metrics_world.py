"""Rows for the /metrics test: emails in every state, held answers, a questionnaire."""

import datetime

from django.utils import timezone

from accounts.models import AccountEmail
from core.outbox import OutboxState
from evaluations.models import HeldAnswers
from tests.evaluations.test_anonymity import _held_session_evaluation
from tests.factories import UserFactory


def _email(state, *, age_hours=0.0):
    return AccountEmail.objects.create(
        to_email="metrics-person@example.org",
        subject="s",
        text_body="t",
        template_prefix="account/email/test",
        state=state,
        created_at=timezone.now() - datetime.timedelta(hours=age_hours),
    )


def make_world():
    _email(OutboxState.PENDING, age_hours=1)
    _email(OutboxState.PENDING, age_hours=0.1)
    _email(OutboxState.FAILED, age_hours=5)
    _email(OutboxState.SENT, age_hours=9)
    facilitator = UserFactory()
    questionnaire = _held_session_evaluation(facilitator, [UserFactory() for _ in range(2)])
    HeldAnswers.objects.filter(questionnaire=questionnaire).delete()
    for _ in range(3):
        HeldAnswers.objects.create(questionnaire=questionnaire, payload=b"sealed")
