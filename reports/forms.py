import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.datetimes import SaneDateField
from core.forms import DateInput
from core.idempotency import IdempotentFormMixin
from reports.models import Minutes, MinutesItemNote

MAX_ACTION_ROWS = 40
ACTION_FIELD = re.compile(r"^action_(\d+)_(?:what|who|due)$")


class MinutesForm(forms.ModelForm):
    """The sections (Markdown), notes per agenda item, and the action items.

    A new draft starts with two action rows, a saved one with its actions and one empty row;
    ``extra_rows`` adds empty ones (the editor's "add a row" without JavaScript), and
    static/js/minutes-editor.js adds them in the browser. A posted form has as many rows as it
    posts (``action_<n>_what``), up to MAX_ACTION_ROWS. "Who" suggests the network's members
    (``members``: names, a datalist) and takes any name for someone outside."""

    class Meta:
        model = Minutes
        fields = ["summary", "insights", "agreements", "questions_next", "next_session"]
        widgets = {field: forms.Textarea(attrs={"rows": 4}) for field in fields}

    def __init__(self, *args, agenda, actions, item_notes, members=(), extra_rows=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda = agenda
        self.members = list(members)
        for item in agenda:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=_("Notes: %(title)s") % {"title": item.title},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=MinutesItemNote._meta.get_field("notes").max_length,
                initial=item_notes.get(item.pk, ""),
            )
        actions = list(actions)
        if self.is_bound:
            posted = [int(m.group(1)) for key in self.data if (m := ACTION_FIELD.match(key))]
            count = max((i + 1 for i in posted if i < MAX_ACTION_ROWS), default=0)
            rows = [None] * count
        else:
            empty = (2 if not actions else 1) + max(int(extra_rows), 0)
            rows = actions + [None] * empty
            rows = rows[: max(MAX_ACTION_ROWS, len(actions))]
        self.action_count = len(rows)
        who_attrs = {"list": "action-who-members", "autocomplete": "off"}
        for index, action in enumerate(rows):
            self.fields[f"action_{index}_what"] = forms.CharField(
                label=_("Action"), max_length=300, required=False,
                initial=action.what if action else "",
            )  # fmt: skip
            self.fields[f"action_{index}_who"] = forms.CharField(
                label=_("Who"), max_length=150, required=False,
                initial=action.who if action else "",
                widget=forms.TextInput(attrs=who_attrs),
                help_text=_("A member, or any name for someone outside."),
            )  # fmt: skip
            self.fields[f"action_{index}_due"] = SaneDateField(
                label=_("Due date"), required=False, widget=DateInput(),
                initial=action.due if action else None,
            )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        for index in range(self.action_count):
            what = cleaned.get(f"action_{index}_what")
            if not what and (
                cleaned.get(f"action_{index}_who") or cleaned.get(f"action_{index}_due")
            ):
                self.add_error(f"action_{index}_what", _("Say what needs to be done."))
        return cleaned

    def item_fields(self):
        return [self[f"item_{item.pk}"] for item in self.agenda]

    def action_rows(self):
        return [
            (self[f"action_{i}_what"], self[f"action_{i}_who"], self[f"action_{i}_due"])
            for i in range(self.action_count)
        ]

    def item_notes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.agenda}

    def actions(self) -> list[dict]:
        return [
            {
                "what": self.cleaned_data[f"action_{i}_what"],
                "who": self.cleaned_data[f"action_{i}_who"],
                "due": self.cleaned_data[f"action_{i}_due"],
            }
            for i in range(self.action_count)
            if self.cleaned_data.get(f"action_{i}_what")
        ]


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changed (for a new version)"), max_length=300, required=False
    )
    include_present = forms.BooleanField(
        label=_("Also send the minutes to the members who were present"), required=False
    )


class PublishConfirmForm(PublishForm):
    """The editor's publishing options, carried through the confirmation page unchanged."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget = forms.HiddenInput()


class CommentForm(IdempotentFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your comment on the draft"), widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )  # fmt: skip


class ExtraRowsForm(forms.Form):
    """``?extra=<n>`` on the editor: empty action rows to add (the no-JavaScript "add a row")."""

    extra = forms.IntegerField(min_value=0, max_value=MAX_ACTION_ROWS, required=False)


class VersionQueryForm(forms.Form):
    """``?version=<number>`` on the minutes page."""

    version = forms.IntegerField(min_value=1, max_value=32767)


class ResendForm(forms.Form):
    """The hidden field of a "send again" button: the outbox row to send again."""

    delivery = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class CatchUpInputForm(IdempotentFormMixin, forms.Form):
    """The "my input" form of the catch-up pack: text for the facilitator, or a practice
    question for the board (then with a title, and the option to show the name only to the
    facilitator)."""

    FACILITATOR = "facilitator"
    BOARD = "board"

    text = forms.CharField(
        label=_("Your input"),
        help_text=_("A question, a thought, something from your own practice."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    destination = forms.ChoiceField(
        label=_("Where should it go?"),
        choices=[
            (FACILITATOR, _("To the facilitator, as input for the next session")),
            (BOARD, _("Onto the practice question board, as a question for the group")),
        ],
        initial=FACILITATOR,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Your question in one line (for the board)"), max_length=200, required=False
    )
    name_for_facilitator_only = forms.BooleanField(
        label=_("On the board, show my name only to the facilitator"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("destination") == self.BOARD and not (cleaned.get("title") or "").strip():
            self.add_error("title", _("Give your question a title for the board."))
        return cleaned

    @property
    def to_board(self) -> bool:
        return self.cleaned_data["destination"] == self.BOARD
