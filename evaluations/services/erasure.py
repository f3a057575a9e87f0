"""Deleting an account and retention (core/erasure.py, reports.services.retention_apply)."""

from core import outbox
from evaluations.models import INTAKE_TEXT_LIMITS, Answer, EvaluationEmail, IntakeResponse, Response
from networks.models import Network


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
