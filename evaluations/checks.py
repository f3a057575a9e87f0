"""System checks for evaluations: every question type has its class, and every class a type.

A ``QuestionType`` choice without a class would otherwise fail only when someone answers (or the
results page aggregates) such a question; a class without a choice could never be stored. Both
stop ``manage.py check``, ``runserver`` and the test run at startup instead."""

from django.core import checks

from evaluations import question_types
from evaluations.enums import QuestionType


@checks.register(checks.Tags.models)
def check_question_types(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    registry = question_types.QUESTION_TYPES
    errors = [
        checks.Error(
            f"The question type {value!r} has no class in evaluations.question_types.",
            hint="Add a subclass of BaseQuestionType for it to QUESTION_TYPES.",
            obj=QuestionType,
            id="evaluations.E001",
        )
        for value in QuestionType.values
        if value not in registry
    ]
    errors += [
        checks.Error(
            f"{cls.__name__} handles {name!r}, which is not a QuestionType choice.",
            hint="Add the choice to evaluations.enums.QuestionType, or remove the class.",
            obj=cls,
            id="evaluations.E002",
        )
        for name, cls in registry.items()
        if name not in QuestionType.values
    ]
    errors += [
        checks.Error(
            f"{cls.__name__} is registered as {name!r} but says it is {cls.type!r}.",
            obj=cls,
            id="evaluations.E003",
        )
        for name, cls in registry.items()
        if getattr(cls, "type", None) != name
    ]
    return errors
