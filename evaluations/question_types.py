"""One class per question type: everything that differs between a scale, a choice and a text
question lives here, so the forms, services, selectors and templates of evaluations ask the
type's class instead of branching on ``Question.type``.

A type owns its answer form field, the parsing and validation of a raw answer into ``Answer``
fields, which ``Answer`` field stores it, the aggregate shown on the results page (the row keys the
templates and the report PDF read), its CSV cell, the partial that shows it, and the rules a
question of this type must meet when it is defined. ``question_type(question.type)`` returns the
class; a type without a class is refused when a question is defined (``UnknownQuestionType``) and
when the project starts (the system check in ``evaluations/checks.py``).

The k-anonymity rule is not here: ``evaluations.selectors.results`` decides whether a question's
row is hidden (``rules.shows_aggregate``) before it asks the type to aggregate anything.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, ClassVar

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.csv import csv_safe
from core.errors import ApplicationError
from evaluations.enums import QuestionType

if TYPE_CHECKING:
    from evaluations.models import Answer, Question


class UnknownQuestionType(ApplicationError):
    """A question type that no class handles: refused when the question is defined."""

    def __init__(self, type_name):
        super().__init__(
            _("“%(type)s” is not a question type Leernet knows.") % {"type": type_name},
            code="unknown_question_type",
        )
        self.type_name = type_name


def _answer_required(question: Question) -> str:
    return _("Answer “%(question)s”.") % {"question": question.text}


def bars(pairs: list[tuple[str, int]]) -> list[dict]:
    """Label, count and bar width (0–100) for server-rendered SVG charts."""
    top = max((count for _label, count in pairs), default=0) or 1
    return [
        {"label": label, "count": count, "width": round(100 * count / top)}
        for label, count in pairs
    ]


class BaseQuestionType:
    """What every question type answers. Subclasses set the class attributes and override the
    hooks; every method takes the question (the type holds no state)."""

    type: ClassVar[str]
    #: The ``Answer`` field that stores an answer of this type.
    storage_field: ClassVar[str]
    #: The partial that shows a visible results row (included by results.html).
    results_partial: ClassVar[str]
    #: Offered in the facilitator's question form (a goal scale is made per adopted goal).
    addable: ClassVar[bool] = True
    #: Answers are numbers with a mean (the overall trend is drawn from these).
    numeric: ClassVar[bool] = False

    # Definition ---------------------------------------------------------------------------------

    @classmethod
    def validate_definition(cls, question: Question) -> None:
        """Refuse a question of this type that cannot be answered (raise ApplicationError);
        called with the question as it is about to be saved."""

    # Answering ----------------------------------------------------------------------------------

    @classmethod
    def form_field(cls, question: Question) -> forms.Field:
        """The answer field; never required (the service checks required answers, one place)."""
        raise NotImplementedError

    @classmethod
    def raw_answer(cls, data, name: str):
        """The raw value of this question in submitted form data."""
        return data.get(name)

    @classmethod
    def is_empty(cls, raw) -> bool:
        return raw in (None, "")

    @classmethod
    def clean_answer(cls, question: Question, raw) -> dict:
        """Turn a raw form value into Answer fields, or raise a translated ApplicationError.
        An empty answer is no answer (``{}``): it stores nothing and never counts towards k."""
        if cls.is_empty(raw):
            if question.required:
                raise ApplicationError(_answer_required(question))
            return {}
        return cls.parse(question, raw)

    @classmethod
    def parse(cls, question: Question, raw) -> dict:
        raise NotImplementedError

    # Results ------------------------------------------------------------------------------------

    @classmethod
    def aggregate(cls, question: Question, answers: list[Answer], *, anonymous: bool) -> dict:
        """The keys a visible results row adds for these (released) answers."""
        raise NotImplementedError

    @classmethod
    def csv_cell(cls, answer: Answer | None):
        """One cell of the CSV export, escaped against spreadsheet formulas."""
        if answer is None:
            return ""
        return csv_safe(getattr(answer, cls.storage_field))


class ScaleType(BaseQuestionType):
    type = QuestionType.SCALE
    storage_field = "value"
    results_partial = "evaluations/results/distribution.html"
    numeric = True
    values = range(1, 6)

    @classmethod
    def form_field(cls, question):
        return forms.ChoiceField(
            label=question.text,
            choices=[(str(v), str(v)) for v in cls.values],
            widget=forms.RadioSelect,
            # The labels are a facilitator's words: escaped here, since field templates (Django's,
            # crispy's, ours) mark a help text safe.
            help_text=format_html("1 = {} · 5 = {}", question.low_label, question.high_label)
            if question.low_label
            else "",
            required=False,
        )

    @classmethod
    def parse(cls, question, raw):
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = 0
        if value not in cls.values:
            raise ApplicationError(
                _("“%(question)s” takes a value from 1 to 5.") % {"question": question.text}
            )
        return {"value": value}

    @classmethod
    def aggregate(cls, question, answers, *, anonymous):
        values = [a.value for a in answers if a.value is not None]
        counts = Counter(values)
        return {
            "distribution": bars([(str(v), counts.get(v, 0)) for v in cls.values]),
            "mean": round(sum(values) / len(values), 2) if values else None,
        }

    @classmethod
    def csv_cell(cls, answer):
        # A number stays a number (spreadsheets sum it); it cannot start a formula.
        return "" if answer is None or answer.value is None else answer.value


class GoalScaleType(ScaleType):
    """A 1–5 scale per adopted learning goal in the final evaluation (its mean is the goal's
    attainment in the report)."""

    type = QuestionType.GOAL_SCALE
    addable = False

    @classmethod
    def validate_definition(cls, question):
        if question.goal_id is None:
            raise ApplicationError(_("A question per learning goal needs its learning goal."))


class ChoiceType(BaseQuestionType):
    storage_field = "selected"
    results_partial = "evaluations/results/distribution.html"

    @classmethod
    def validate_definition(cls, question):
        if len(question.choices or []) < 2:
            raise ApplicationError(_("A choice question needs at least two choices."))

    @classmethod
    def _choices(cls, question):
        return [(c, c) for c in question.choices]

    @classmethod
    def aggregate(cls, question, answers, *, anonymous):
        counts = Counter(choice for a in answers for choice in a.selected)
        return {"distribution": bars([(c, counts.get(c, 0)) for c in question.choices])}

    @classmethod
    def csv_cell(cls, answer):
        return "" if answer is None else csv_safe("; ".join(answer.selected))


class SingleChoiceType(ChoiceType):
    type = QuestionType.SINGLE

    @classmethod
    def form_field(cls, question):
        return forms.ChoiceField(
            label=question.text,
            choices=cls._choices(question),
            widget=forms.RadioSelect,
            required=False,
        )

    @classmethod
    def parse(cls, question, raw):
        if raw not in question.choices:
            raise ApplicationError(_("Choose one of the options."))
        return {"selected": [raw]}


class MultipleChoiceType(ChoiceType):
    type = QuestionType.MULTIPLE

    @classmethod
    def form_field(cls, question):
        return forms.MultipleChoiceField(
            label=question.text,
            choices=cls._choices(question),
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )

    @classmethod
    def raw_answer(cls, data, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    @classmethod
    def is_empty(cls, raw):
        return not cls._selected(raw)

    @staticmethod
    def _selected(raw) -> list[str]:
        if isinstance(raw, str):
            raw = [raw]
        return [value for value in (raw or []) if value]

    @classmethod
    def clean_answer(cls, question, raw):
        # An unknown option is refused before a missing answer, as it always was.
        if any(value not in question.choices for value in cls._selected(raw)):
            raise ApplicationError(_("Choose one of the options."))
        return super().clean_answer(question, raw)

    @classmethod
    def parse(cls, question, raw):
        return {"selected": cls._selected(raw)}


class TextType(BaseQuestionType):
    storage_field = "text"
    results_partial = "evaluations/results/texts.html"
    max_length: ClassVar[int]

    @classmethod
    def is_empty(cls, raw):
        return not (raw or "").strip()

    @classmethod
    def parse(cls, question, raw):
        return {"text": raw.strip()[: cls.max_length]}

    @classmethod
    def aggregate(cls, question, answers, *, anonymous):
        texts = [(None if anonymous else a.response.user, a.text) for a in answers if a.text]
        # A fixed order that says nothing about who answered when.
        return {"texts": sorted(texts, key=lambda pair: pair[1].casefold())}


class ShortTextType(TextType):
    type = QuestionType.SHORT
    max_length = 300

    @classmethod
    def form_field(cls, question):
        return forms.CharField(label=question.text, max_length=cls.max_length, required=False)


class LongTextType(TextType):
    type = QuestionType.LONG
    max_length = 4000

    @classmethod
    def form_field(cls, question):
        return forms.CharField(
            label=question.text,
            max_length=cls.max_length,
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )


QUESTION_TYPES: dict[str, type[BaseQuestionType]] = {
    cls.type: cls
    for cls in (
        ScaleType,
        GoalScaleType,
        SingleChoiceType,
        MultipleChoiceType,
        ShortTextType,
        LongTextType,
    )
}


def question_type(type_name: str) -> type[BaseQuestionType]:
    """The class of a question type; ``UnknownQuestionType`` (a translated ApplicationError) for
    a type no class handles."""
    try:
        return QUESTION_TYPES[type_name]
    except KeyError:
        raise UnknownQuestionType(type_name) from None


def addable_choices() -> list[tuple[str, str]]:
    """The types a facilitator can add, for the question form."""
    return [
        (value, label)
        for value, label in QuestionType.choices
        if value in QUESTION_TYPES and QUESTION_TYPES[value].addable
    ]


def numeric_types() -> list[str]:
    return [name for name, cls in QUESTION_TYPES.items() if cls.numeric]
