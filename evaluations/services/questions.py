"""A questionnaire's questions: added, changed and removed until the first answer arrives."""

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from evaluations.models import Question, Questionnaire
from evaluations.question_types import question_type
from evaluations.services.guards import require_facilitator


def _locked(questionnaire: Questionnaire) -> None:
    if questionnaire.participations.exists():  # fresh, not questionnaire.questions_locked
        raise ApplicationError(_("Questions are locked once the first answer has arrived."))


def _validate_definition(question: Question) -> None:
    """An unknown type, or a question its type cannot ask (a choice question without choices),
    is refused here, when the question is defined, never at answer time."""
    question_type(question.type).validate_definition(question)
    question.full_clean()


def question_add(*, questionnaire: Questionnaire, data: dict, acting_user) -> Question:
    require_facilitator(acting_user, questionnaire.network)
    _locked(questionnaire)
    position = questionnaire.questions.count() + 1
    question = Question(questionnaire=questionnaire, position=position, **data)
    _validate_definition(question)
    question.save()
    return question


def question_update(*, question: Question, data: dict, acting_user) -> Question:
    """Change a question's wording, type or choices — only before the first answer."""
    require_facilitator(acting_user, question.questionnaire.network)
    _locked(question.questionnaire)
    for field, value in data.items():
        setattr(question, field, value)
    _validate_definition(question)
    question.save()
    return question


def question_delete(*, question: Question, acting_user) -> None:
    require_facilitator(acting_user, question.questionnaire.network)
    _locked(question.questionnaire)
    question.delete()
