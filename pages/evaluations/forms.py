from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.datetimes import SaneDateField
from core.idempotency import IdempotentFormMixin
from evaluations.blueprints import RHYTHM_KEEP, RHYTHM_WEEKS
from evaluations.enums import BlueprintVisibility, GoalStatus, VoteKind
from evaluations.models import IntakeResponse, VoteOption
from evaluations.question_types import addable_choices, question_type
from pages.core.forms import DateInput
from sessions.models import BRIEF_LIMIT


class IntakeForm(forms.ModelForm):
    class Meta:
        model = IntakeResponse
        fields = [
            "expectations",
            "personal_goals",
            "brings",
            "practice_questions",
            "questions_on_board",
            "name_for_facilitator_only",
            "preferred_topics",
            "preferred_work_forms",
            "constraints",
        ]
        widgets = {
            field: forms.Textarea(attrs={"rows": 3})
            for field in fields
            if field not in ("questions_on_board", "name_for_facilitator_only")
        }
        help_texts = {
            "practice_questions": _("One question per line."),
            "questions_on_board": _(
                "Each line becomes a question on the network's practice question board, where "
                "the facilitator can put it on a session's agenda. If not, your questions stay "
                "in your intake only."
            ),
        }


def _lines(value: str, *, limit: int, label) -> list[str]:
    """One item per non-empty line; a line longer than ``limit`` is a form error."""
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    too_long = [line for line in lines if len(line) > limit]
    if too_long:
        raise forms.ValidationError(
            _("%(label)s: each line can have at most %(limit)d characters (one has %(length)d).")
            % {"label": label, "limit": limit, "length": len(too_long[0])},
            code="line_too_long",
        )
    return lines


class DeadlineForm(forms.Form):
    deadline = SaneDateField(label=_("Answer before"), widget=DateInput())


class GoalForm(IdempotentFormMixin, forms.Form):
    title = forms.CharField(label=_("Learning goal"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.get_status_display()})"


class GoalsAdoptForm(forms.Form):
    goals = GoalChoiceField(
        label=_("Draft learning goals"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, network, drafts=None, points=None, **kwargs):
        """``drafts``: the network's goals not adopted, when the caller has read them already
        (the goals page), so rendering offers them without reading them again. ``points``: the
        points each goal got in the latest closed goals vote, shown with each goal, most first."""
        super().__init__(*args, **kwargs)
        field = self.fields["goals"]
        field.queryset = network.learning_goals.exclude(status=GoalStatus.ADOPTED)
        if drafts is not None:
            if points is not None:
                drafts = sorted(drafts, key=lambda goal: -points.get(goal.pk, 0))
            field.choices = [(goal.pk, self._label(goal, points)) for goal in drafts]

    def _label(self, goal, points) -> str:
        label = self.fields["goals"].label_from_instance(goal)
        if points is None:
            return label
        got = points.get(goal.pk, 0)
        return ngettext("%(goal)s · %(points)d point", "%(goal)s · %(points)d points", got) % {
            "goal": label,
            "points": got,
        }


class GoalSessionsForm(forms.Form):
    sessions = forms.ModelMultipleChoiceField(
        label=_("Sessions that work on this goal"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].queryset = network.sessions.all()

    @classmethod
    def for_goals(cls, goals, *, network, sessions) -> None:
        """Give every goal its own unbound form (own ids, its sessions ticked), sharing one
        query for the sessions offered."""
        choices = [(session.pk, str(session)) for session in sessions]
        for goal in goals:
            form = cls(
                network=network,
                initial={"sessions": [session.pk for session in goal.sessions.all()]},
                auto_id=f"g{goal.pk}-%s",
            )
            form.fields["sessions"].choices = choices
            goal.sessions_form = form


class VoteForm(IdempotentFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("About"), choices=VoteKind.choices)
    title = forms.CharField(label=_("Question"), max_length=200)
    points = forms.IntegerField(label=_("Points per member"), min_value=1, max_value=10, initial=3)
    closes = SaneDateField(label=_("Closes at the end of"), widget=DateInput())
    options = forms.CharField(
        label=_("Options (one per line; not needed for learning goals)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_options(self) -> str:
        limit = VoteOption._meta.get_field("title").max_length
        _lines(self.cleaned_data["options"], limit=limit, label=_("Options"))
        return self.cleaned_data["options"]


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
    closes = SaneDateField(label=_("Closes at the end of"), widget=DateInput())


class QuestionForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=addable_choices)
    text = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(
        label=_("Choices (one per line)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    low_label = forms.CharField(label=_("Label for 1"), max_length=60, required=False)
    high_label = forms.CharField(label=_("Label for 5"), max_length=60, required=False)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    about_speaker = forms.BooleanField(
        label=_("About the speaker"),
        required=False,
        help_text=_(
            "The answers may go to the session's speaker, as totals without names, once enough "
            "members answered and only when you send them."
        ),
    )

    def __init__(self, *args, for_session: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_session:  # a final evaluation has no speaker
            del self.fields["about_speaker"]

    def clean_choices(self) -> list[str]:
        return _lines(self.cleaned_data["choices"], limit=200, label=_("Choices"))

    def question_data(self) -> dict:
        return dict(self.cleaned_data)


class QuestionAddForm(IdempotentFormMixin, QuestionForm):
    """Adding a question: a double click adds it once."""


class AnswerForm(forms.Form):
    """One field per question; the service validates the values (one place for the rules)."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = question_type(question.type).form_field(question)
            field.required = False  # required answers are checked by the service
            if question.about_speaker:
                note = _(
                    "The facilitator may send the answers to this question to the speaker: as "
                    "totals, without names, and only when enough members answered."
                )
                field.help_text = (
                    format_html("{} · {}", field.help_text, note) if field.help_text else note
                )
            self.fields[self.field_name(question)] = field

    @staticmethod
    def field_name(question) -> str:
        return f"q_{question.pk}"

    def answers(self) -> dict:
        """The raw value per question id, as submitted (the service parses and validates)."""
        return {
            question.pk: question_type(question.type).raw_answer(
                self.data, self.field_name(question)
            )
            for question in self.questions
        }


class SpeakerBriefForm(forms.Form):
    """The facilitator's brief: a text they change as they like (saving sends nothing)."""

    brief = forms.CharField(
        label=_("The brief"),
        max_length=BRIEF_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 22}),
        help_text=_(
            "Drafted from what the group said: no names, and no number about fewer members than "
            "the network's anonymity threshold. Check it before you send it."
        ),
    )


class BlueprintSaveForm(forms.Form):
    """Saving a network as a blueprint: a name, a line about it and who may use it."""

    name = forms.CharField(label=_("Name of the blueprint"), max_length=120)
    description = forms.CharField(
        label=_("What it is for"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can use it"),
        choices=BlueprintVisibility.choices,
        initial=BlueprintVisibility.MINE,
        widget=forms.RadioSelect,
    )


class BlueprintStartForm(IdempotentFormMixin, forms.Form):
    """A new network from a blueprint: its name, the first session's day and the rhythm."""

    name = forms.CharField(label=_("Name of the new network"), max_length=120)
    start_date = SaneDateField(label=_("Day of the first session"), widget=DateInput())
    rhythm = forms.ChoiceField(
        label=_("Rhythm"),
        choices=[
            (RHYTHM_KEEP, _("As in the blueprint")),
            (RHYTHM_WEEKS, _("Every number of weeks (below)")),
        ],
        initial=RHYTHM_KEEP,
        widget=forms.RadioSelect,
    )
    weeks = forms.IntegerField(
        label=_("Number of weeks between sessions"),
        min_value=1,
        max_value=26,
        initial=4,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rhythm") == RHYTHM_WEEKS and not cleaned.get("weeks"):
            self.add_error("weeks", _("Give the number of weeks between sessions."))
        return cleaned
