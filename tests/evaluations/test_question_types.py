"""Question types as classes: each type parses, validates, aggregates and exports its answers, and
a type without a class is refused when a question is defined and when the project starts."""

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.http import QueryDict
from django.template import Context, Template
from django.urls import reverse

from core.errors import ApplicationError
from evaluations import question_types, services
from evaluations.checks import check_question_types
from evaluations.enums import QuestionType
from evaluations.models import Answer, Question, Response
from evaluations.question_types import (
    BaseQuestionType,
    GoalScaleType,
    LongTextType,
    MultipleChoiceType,
    ScaleType,
    ShortTextType,
    SingleChoiceType,
    UnknownQuestionType,
    question_type,
)
from pages.evaluations.forms import AnswerForm, QuestionForm
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("in_english")


def _question(type_, *, required=True, choices=(), pk=None, **fields):
    return Question(
        pk=pk, type=type_, text="How was it?", choices=list(choices), required=required, **fields
    )


def _refusal(type_, raw, **fields) -> str:
    question = _question(type_, **fields)
    with pytest.raises(ApplicationError) as error:
        question_type(question.type).clean_answer(question, raw)
    return error.value.message


# The registry ------------------------------------------------------------------------------------


def test_every_question_type_has_its_class():
    assert {value: question_type(value) for value in QuestionType.values} == {
        "scale": ScaleType,
        "single": SingleChoiceType,
        "multiple": MultipleChoiceType,
        "short": ShortTextType,
        "long": LongTextType,
        "goal_scale": GoalScaleType,
    }
    assert check_question_types() == []


def test_an_unknown_type_is_a_clear_translated_error():
    with pytest.raises(UnknownQuestionType) as error:
        question_type("ranking")

    assert isinstance(error.value, ApplicationError)
    assert error.value.message == "“ranking” is not a question type Leernet knows."


# Parsing and validation --------------------------------------------------------------------------


@pytest.mark.parametrize("type_", [QuestionType.SCALE, QuestionType.GOAL_SCALE])
def test_scale_parses_1_to_5_and_refuses_the_rest(type_):
    kind = question_type(type_)
    question = _question(type_)

    assert [kind.clean_answer(question, raw) for raw in ["1", "5", 3]] == [
        {"value": 1},
        {"value": 5},
        {"value": 3},
    ]
    for raw in ["0", "6", "vijf", "2.5", ["3"]]:
        assert _refusal(type_, raw) == "“How was it?” takes a value from 1 to 5."
    assert _refusal(type_, "") == "Answer “How was it?”."
    assert _refusal(type_, None) == "Answer “How was it?”."
    assert kind.clean_answer(_question(type_, required=False), "") == {}


def test_single_choice_takes_one_of_its_choices():
    question = _question(QuestionType.SINGLE, choices=["Ja", "Nee"])

    assert SingleChoiceType.clean_answer(question, "Nee") == {"selected": ["Nee"]}
    assert _refusal(QuestionType.SINGLE, "Misschien", choices=["Ja", "Nee"]) == (
        "Choose one of the options."
    )
    assert _refusal(QuestionType.SINGLE, "", choices=["Ja", "Nee"]) == "Answer “How was it?”."
    optional = _question(QuestionType.SINGLE, choices=["Ja", "Nee"], required=False)
    assert SingleChoiceType.clean_answer(optional, None) == {}


def test_multiple_choice_takes_any_of_its_choices():
    choices = ["A", "B", "C"]
    question = _question(QuestionType.MULTIPLE, choices=choices)

    assert MultipleChoiceType.clean_answer(question, ["A", "", "C"]) == {"selected": ["A", "C"]}
    assert _refusal(QuestionType.MULTIPLE, ["A", "Z"], choices=choices) == (
        "Choose one of the options."
    )
    # An unknown option is named before a missing answer, also for an optional question.
    assert _refusal(QuestionType.MULTIPLE, ["Z"], choices=choices, required=False) == (
        "Choose one of the options."
    )
    assert _refusal(QuestionType.MULTIPLE, [], choices=choices) == "Answer “How was it?”."
    assert _refusal(QuestionType.MULTIPLE, None, choices=choices) == "Answer “How was it?”."


def test_multiple_choice_with_nothing_ticked_is_no_answer():
    """It stores nothing, so it never counts towards k (as an empty text or scale never did)."""
    optional = _question(QuestionType.MULTIPLE, choices=["A", "B"], required=False)

    assert MultipleChoiceType.clean_answer(optional, []) == {}
    assert MultipleChoiceType.clean_answer(optional, ["", ""]) == {}


@pytest.mark.parametrize(("type_", "limit"), [(QuestionType.SHORT, 300), (QuestionType.LONG, 4000)])
def test_text_is_stripped_and_cut_at_its_limit(type_, limit):
    kind = question_type(type_)
    question = _question(type_)

    assert kind.clean_answer(question, "  Veel geleerd \n") == {"text": "Veel geleerd"}
    assert kind.clean_answer(question, "x" * (limit + 50)) == {"text": "x" * limit}
    assert _refusal(type_, "   ") == "Answer “How was it?”."
    assert kind.clean_answer(_question(type_, required=False), " \n ") == {}


# Aggregation -------------------------------------------------------------------------------------


def test_scale_aggregates_to_distribution_and_mean():
    answers = [Answer(value=v) for v in (5, 4, 4, 2)]

    row = ScaleType.aggregate(_question(QuestionType.SCALE), answers, anonymous=True)

    assert row == {
        "distribution": [
            {"label": "1", "count": 0, "width": 0},
            {"label": "2", "count": 1, "width": 50},
            {"label": "3", "count": 0, "width": 0},
            {"label": "4", "count": 2, "width": 100},
            {"label": "5", "count": 1, "width": 50},
        ],
        "mean": 3.75,
    }
    assert (
        GoalScaleType.aggregate(
            _question(QuestionType.GOAL_SCALE), [Answer(value=v) for v in (4, 4, 5)], anonymous=True
        )["mean"]
        == 4.33
    )
    empty = ScaleType.aggregate(_question(QuestionType.SCALE), [], anonymous=True)
    assert (empty["mean"], [bar["width"] for bar in empty["distribution"]]) == (None, [0] * 5)


def test_choices_aggregate_to_a_distribution_in_the_order_of_the_choices():
    single = _question(QuestionType.SINGLE, choices=["Ja", "Nee", "Misschien"])
    multiple = _question(QuestionType.MULTIPLE, choices=["A", "B", "C"])

    single_row = SingleChoiceType.aggregate(
        single, [Answer(selected=[s]) for s in ("Nee", "Ja", "Nee")], anonymous=True
    )
    multiple_row = MultipleChoiceType.aggregate(
        multiple,
        [Answer(selected=s) for s in (["A", "B"], ["B"], ["B", "C"])],
        anonymous=True,
    )

    assert single_row == {
        "distribution": [
            {"label": "Ja", "count": 1, "width": 50},
            {"label": "Nee", "count": 2, "width": 100},
            {"label": "Misschien", "count": 0, "width": 0},
        ]
    }
    assert [(bar["count"], bar["width"]) for bar in multiple_row["distribution"]] == [
        (1, 33),
        (3, 100),
        (1, 33),
    ]
    assert "mean" not in single_row


@pytest.mark.parametrize("kind", [ShortTextType, LongTextType])
def test_texts_aggregate_sorted_with_names_only_when_named(kind):
    ann, bo = UserFactory.build(full_name="Ann"), UserFactory.build(full_name="Bo")
    answers = [
        Answer(text="zeker", response=Response(user=ann)),
        Answer(text="", response=Response(user=bo)),
        Answer(text="Beter", response=Response(user=bo)),
        Answer(text="anders", response=Response(user=ann)),
    ]
    question = _question(kind.type)

    assert kind.aggregate(question, answers, anonymous=True) == {
        "texts": [(None, "anders"), (None, "Beter"), (None, "zeker")]
    }
    assert kind.aggregate(question, answers, anonymous=False) == {
        "texts": [(ann, "anders"), (bo, "Beter"), (ann, "zeker")]
    }


# CSV cells ---------------------------------------------------------------------------------------


def test_csv_cells_keep_numbers_and_escape_formulas():
    assert ScaleType.csv_cell(Answer(value=4)) == 4
    assert GoalScaleType.csv_cell(Answer(value=2)) == 2
    assert SingleChoiceType.csv_cell(Answer(selected=["=1+1"])) == "'=1+1"
    assert MultipleChoiceType.csv_cell(Answer(selected=["-A", "B"])) == "'-A; B"
    assert MultipleChoiceType.csv_cell(Answer(selected=["A", "@B"])) == "A; @B"
    assert ShortTextType.csv_cell(Answer(text="+32 475")) == "'+32 475"
    assert LongTextType.csv_cell(Answer(text="@SUM(A1)")) == "'@SUM(A1)"
    assert LongTextType.csv_cell(Answer(text="Goed")) == "Goed"
    assert [kind.csv_cell(None) for kind in question_types.QUESTION_TYPES.values()] == [""] * 6


# Forms -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("about_speaker", [False, True])
def test_a_scales_labels_reach_the_page_escaped_through_the_safe_help_text(about_speaker):
    """Field templates mark a help text safe; a facilitator's labels are escaped where the help
    text is built, so they reach the member as text, never as markup."""
    question = _question(
        QuestionType.SCALE,
        pk=1,
        low_label='<img src=x onerror="alert(1)">',
        high_label="<b>goed</b>",
        about_speaker=about_speaker,
    )
    form = AnswerForm(questions=[question])

    html = Template("{% load bootstrap_fields %}{{ form.q_1|bootstrap_field }}").render(
        Context({"form": form})
    )

    assert "<img" not in html
    assert "<b>" not in html
    assert (
        "1 = &lt;img src=x onerror=&quot;alert(1)&quot;&gt; · 5 = &lt;b&gt;goed&lt;/b&gt;" in html
    )


def test_answer_form_has_the_field_of_each_type_and_reads_multiple_values():
    questions = [
        _question(QuestionType.SCALE, pk=1, low_label="slecht", high_label="goed"),
        _question(QuestionType.SINGLE, pk=2, choices=["Ja", "Nee"]),
        _question(QuestionType.MULTIPLE, pk=3, choices=["A", "B"]),
        _question(QuestionType.SHORT, pk=4),
        _question(QuestionType.LONG, pk=5),
    ]
    data = QueryDict(mutable=True)
    data.update({"q_1": "4", "q_2": "Ja", "q_4": "kort", "q_5": "lang"})
    data.setlist("q_3", ["A", "B"])

    form = AnswerForm(data, questions=questions)

    widgets = {name: type(field.widget).__name__ for name, field in form.fields.items()}
    assert widgets == {
        "q_1": "RadioSelect",
        "q_2": "RadioSelect",
        "q_3": "CheckboxSelectMultiple",
        "q_4": "TextInput",
        "q_5": "Textarea",
    }
    assert form.fields["q_1"].help_text == "1 = slecht · 5 = goed"
    assert not any(field.required for field in form.fields.values())
    assert form.answers() == {1: "4", 2: "Ja", 3: ["A", "B"], 4: "kort", 5: "lang"}


def test_question_form_offers_every_type_but_the_goal_scale():
    offered = [value for value, _label in QuestionForm().fields["type"].choices]

    assert offered == ["scale", "single", "multiple", "short", "long"]


# Definition time ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_question_of_an_unknown_type_is_refused_when_it_is_defined(evaluation, facilitator):
    before = evaluation.questions.count()

    with pytest.raises(ApplicationError) as added:
        services.question_add(
            acting_user=facilitator,
            questionnaire=evaluation,
            data={"type": "ranking", "text": "Rangschik"},
        )
    question = evaluation.questions.get(position=6)
    with pytest.raises(ApplicationError) as updated:
        services.question_update(
            acting_user=facilitator, question=question, data={"type": "ranking", "text": "X"}
        )

    assert added.value.message == "“ranking” is not a question type Leernet knows."
    assert updated.value.message == "“ranking” is not a question type Leernet knows."
    assert evaluation.questions.count() == before
    question.refresh_from_db()
    assert question.type == QuestionType.SHORT


@pytest.mark.django_db
@pytest.mark.parametrize("choices", [[], ["Alleen deze"]])
def test_choice_question_needs_two_choices(evaluation, facilitator, choices):
    for type_ in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        with pytest.raises(ApplicationError) as error:
            services.question_add(
                acting_user=facilitator,
                questionnaire=evaluation,
                data={"type": type_, "text": "Tempo?", "choices": choices},
            )
        assert error.value.message == "A choice question needs at least two choices."
    assert not evaluation.questions.filter(text="Tempo?").exists()


@pytest.mark.django_db
def test_goal_scale_needs_its_learning_goal(evaluation, facilitator):
    with pytest.raises(ApplicationError) as error:
        services.question_add(
            acting_user=facilitator,
            questionnaire=evaluation,
            data={"type": QuestionType.GOAL_SCALE, "text": "Doel bereikt?"},
        )

    assert error.value.message == "A question per learning goal needs its learning goal."


# The system check --------------------------------------------------------------------------------


def test_system_check_reports_a_type_without_a_class(monkeypatch):
    registry = dict(question_types.QUESTION_TYPES)
    del registry[QuestionType.LONG]
    monkeypatch.setattr(question_types, "QUESTION_TYPES", registry)

    errors = check_question_types()

    assert [(error.id, error.msg) for error in errors] == [
        (
            "evaluations.E001",
            "The question type 'long' has no class in evaluations.question_types.",
        )
    ]
    assert errors[0].level == checks.ERROR
    with pytest.raises(SystemCheckError, match="evaluations.E001"):
        call_command("check", "evaluations")


def test_system_check_reports_a_class_without_a_type(monkeypatch):
    class RankingType(BaseQuestionType):
        type = "ranking"

    monkeypatch.setattr(
        question_types, "QUESTION_TYPES", {**question_types.QUESTION_TYPES, "ranking": RankingType}
    )

    assert [(error.id, error.msg) for error in check_question_types()] == [
        ("evaluations.E002", "RankingType handles 'ranking', which is not a QuestionType choice.")
    ]


# Through the pages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_results_page_shows_each_type_through_its_partial(client, group, facilitator):
    from sessions import services as session_services

    network, session, members = group
    network.anonymous_evaluations = False
    network.save()
    session_services.session_mark_held(session=session, acting_user=facilitator)
    session.refresh_from_db()
    evaluation = session.evaluation
    tempo = services.question_add(
        acting_user=facilitator,
        questionnaire=evaluation,
        data={"type": QuestionType.MULTIPLE, "text": "Tempo?", "choices": ["Snel", "Traag"]},
    )
    questions = list(evaluation.questions.all())
    for member, picked in zip(members[:3], [["Snel"], ["Snel", "Traag"], ["Snel"]], strict=True):
        answers = {q.pk: "" for q in questions}
        answers.update({q.pk: "4" for q in questions if q.type == QuestionType.SCALE})
        answers[questions[3].pk] = f"Geleerd door {member.full_name}"
        answers[tempo.pk] = picked
        services.response_submit(questionnaire=evaluation, acting_user=member, answers=answers)
    client.force_login(facilitator)

    response = client.get(reverse("evaluations:results", kwargs={"pk": evaluation.pk}))

    rows = {row["question"].pk: row for row in response.context["results"]["questions"]}
    assert [bar["count"] for bar in rows[tempo.pk]["distribution"]] == [3, 1]
    assert rows[tempo.pk]["partial"] == "evaluations/results/distribution.html"
    assert rows[questions[3].pk]["partial"] == "evaluations/results/texts.html"
    page = response.content.decode()
    assert page.count('<svg class="chart"') == 4  # three scales and the multiple choice
    assert f"<strong>{members[0].full_name}</strong>: Geleerd door {members[0].full_name}" in page
