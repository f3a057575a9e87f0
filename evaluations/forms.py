import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from evaluations.enums import QuestionType, VoteKind
from evaluations.models import IntakeResponse
from networks.forms import DateInput


def end_of_day(date: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        date, datetime.time(23, 59), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


class IntakeForm(forms.ModelForm):
    class Meta:
        model = IntakeResponse
        fields = [
            "expectations",
            "personal_goals",
            "brings",
            "practice_questions",
            "preferred_topics",
            "preferred_work_forms",
            "constraints",
        ]
        widgets = {field: forms.Textarea(attrs={"rows": 3}) for field in fields}


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Answer before"), widget=DateInput())


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Learning goal"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("About"), choices=VoteKind.choices)
    title = forms.CharField(label=_("Question"), max_length=200)
    points = forms.IntegerField(label=_("Points per member"), min_value=1, max_value=10, initial=3)
    closes = forms.DateField(label=_("Closes at the end of"), widget=DateInput())
    options = forms.CharField(
        label=_("Options (one per line; not needed for learning goals)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class BallotForm(forms.Form):
    def __init__(self, *args, vote, initial_points, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote
        for option in vote.options.all():
            self.fields[f"option_{option.pk}"] = forms.IntegerField(
                label=option.title,
                min_value=0,
                max_value=vote.points,
                initial=initial_points.get(option.pk, 0),
                required=False,
            )

    def allocation(self) -> dict[int, int]:
        return {
            int(name.split("_")[1]): value or 0
            for name, value in self.cleaned_data.items()
            if name.startswith("option_")
        }


class ClosesForm(forms.Form):
    closes = forms.DateField(label=_("Closes at the end of"), widget=DateInput())


class QuestionForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"),
        choices=[c for c in QuestionType.choices if c[0] != QuestionType.GOAL_SCALE],
    )
    text = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(
        label=_("Choices (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    low_label = forms.CharField(label=_("Label for 1"), max_length=60, required=False)
    high_label = forms.CharField(label=_("Label for 5"), max_length=60, required=False)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)

    def question_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["choices"] = [line.strip() for line in data["choices"].splitlines() if line.strip()]
        return data


class AnswerForm(forms.Form):
    """One field per question; the service validates the values (one place for the rules)."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q_{question.pk}"
            label = question.text
            if question.type in (QuestionType.SCALE, QuestionType.GOAL_SCALE):
                field = forms.ChoiceField(
                    label=label,
                    choices=[(str(v), str(v)) for v in range(1, 6)],
                    widget=forms.RadioSelect,
                    help_text=f"1 = {question.low_label} · 5 = {question.high_label}"
                    if question.low_label
                    else "",
                )
            elif question.type == QuestionType.SINGLE:
                field = forms.ChoiceField(
                    label=label,
                    choices=[(c, c) for c in question.choices],
                    widget=forms.RadioSelect,
                )
            elif question.type == QuestionType.MULTIPLE:
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=[(c, c) for c in question.choices],
                    widget=forms.CheckboxSelectMultiple,
                )
            elif question.type == QuestionType.SHORT:
                field = forms.CharField(label=label, max_length=300)
            else:
                field = forms.CharField(
                    label=label, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
                )
            field.required = False  # required answers are checked by the service
            self.fields[name] = field

    def answers(self) -> dict:
        return {q.pk: self.data.getlist(f"q_{q.pk}") if q.type == QuestionType.MULTIPLE
                else self.data.get(f"q_{q.pk}") for q in self.questions}  # fmt: skip
