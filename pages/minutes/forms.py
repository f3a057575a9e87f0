import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.datetimes import SaneDateField
from core.idempotency import IdempotentFormMixin
from minutes.enums import ActionStatus
from minutes.models import Minutes, MinutesItemNote
from pages.core.forms import DateInput, Select

MAX_ACTION_ROWS = 40
ACTION_FIELD = re.compile(r"^action_(\d+)_(?:id|what|owner|who|due|goal)$")


class MinutesForm(forms.ModelForm):
    """The sections (Markdown), notes per agenda item, and the try-out actions.

    A new draft starts with two action rows, a saved one with its actions and one empty row;
    ``extra_rows`` adds empty ones (the editor's "add a row" without JavaScript), and
    static/js/minutes-editor.js adds them in the browser. A posted form has as many rows as it
    posts (``action_<n>_what``), up to MAX_ACTION_ROWS. A row's owner is one of the network's
    active members (``members``, a select) or, for someone outside, a name (``who``); it may name
    one of the network's adopted learning goals (``goals``). A saved row carries its id (hidden),
    so saving updates it in place and keeps how it went."""

    class Meta:
        model = Minutes
        fields = ["summary", "insights", "agreements", "questions_next", "next_session"]
        widgets = {field: forms.Textarea(attrs={"rows": 4}) for field in fields}

    def __init__(
        self, *args, agenda, actions, item_notes, members=(), goals=(), extra_rows=0, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.agenda = agenda
        self.members = list(members)
        self.goals = list(goals)
        self.member_ids = {user.pk for user in self.members}
        self.goal_ids = {goal.pk for goal in self.goals}
        for item in agenda:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=_("Notes: %(title)s") % {"title": item.title},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=MinutesItemNote._meta.get_field("notes").max_length,
                initial=item_notes.get(item.pk, ""),
            )
        actions = list(actions)
        self.saved_actions = {action.pk: action for action in actions}
        if self.is_bound:
            posted = [int(m.group(1)) for key in self.data if (m := ACTION_FIELD.match(key))]
            count = max((i + 1 for i in posted if i < MAX_ACTION_ROWS), default=0)
            rows = [self._posted_action(i) for i in range(count)]
        else:
            empty = (2 if not actions else 1) + max(int(extra_rows), 0)
            rows = actions + [None] * empty
            rows = rows[: max(MAX_ACTION_ROWS, len(actions))]
        self.action_count = len(rows)
        owner_choices = [("", _("— someone outside the network —"))] + [
            (str(user.pk), user.full_name) for user in self.members
        ]
        goal_choices = [("", _("— no learning goal —"))] + [
            (str(goal.pk), goal.title) for goal in self.goals
        ]
        for index, action in enumerate(rows):
            self.fields[f"action_{index}_id"] = forms.IntegerField(
                required=False, widget=forms.HiddenInput(), min_value=1, max_value=2**63 - 1,
                initial=action.pk if action else None,
            )  # fmt: skip
            self.fields[f"action_{index}_what"] = forms.CharField(
                label=_("Action"), max_length=300, required=False,
                initial=action.what if action else "",
            )  # fmt: skip
            # A plain integer, checked in ``clean``: an owner who is not (or no longer) a member
            # gets a message that says so, not "select a valid choice".
            choices = owner_choices
            if action and action.owner_id and action.owner_id not in self.member_ids:
                # An owner who left the network keeps the action they had.
                choices = [*owner_choices, (str(action.owner_id), action.owner.full_name)]
            self.fields[f"action_{index}_owner"] = forms.IntegerField(
                label=_("Owner"), required=False, min_value=1, max_value=2**63 - 1,
                widget=Select(choices=choices),
                initial=action.owner_id if action else None,
            )  # fmt: skip
            self.fields[f"action_{index}_who"] = forms.CharField(
                label=_("Or someone outside"), max_length=150, required=False,
                initial=action.who if action and not action.owner_id else "",
                help_text=_("Their name, if the owner is not a member."),
            )  # fmt: skip
            self.fields[f"action_{index}_due"] = SaneDateField(
                label=_("Due date"), required=False, widget=DateInput(),
                initial=action.due if action else None,
            )  # fmt: skip
            goals = goal_choices
            if action and action.goal_id and action.goal_id not in self.goal_ids:
                # A goal no longer adopted stays on the action that had it.
                goals = [*goal_choices, (str(action.goal_id), action.goal.title)]
            self.fields[f"action_{index}_goal"] = forms.IntegerField(
                label=_("Learning goal"), required=False, min_value=1, max_value=2**63 - 1,
                widget=Select(choices=goals),
                initial=action.goal_id if action else None,
            )  # fmt: skip

    def _posted_action(self, index: int):
        """The saved action a posted row names by its hidden id (of these minutes), or None."""
        try:
            return self.saved_actions.get(int(self.data.get(f"action_{index}_id") or 0))
        except (TypeError, ValueError):
            return None

    def clean(self):
        cleaned = super().clean()
        for index in range(self.action_count):
            what = cleaned.get(f"action_{index}_what")
            owner = cleaned.get(f"action_{index}_owner")
            if not what and any(
                cleaned.get(f"action_{index}_{name}") for name in ("owner", "who", "due", "goal")
            ):
                self.add_error(f"action_{index}_what", _("Say what needs to be done."))
            action_id = cleaned.get(f"action_{index}_id")
            kept = self.saved_actions.get(action_id)
            if owner and owner not in self.member_ids and not (kept and kept.owner_id == owner):
                self.add_error(
                    f"action_{index}_owner",
                    _("This person is not a member of the network: choose a member, or write "
                      "the name of someone outside."),
                )  # fmt: skip
            goal = cleaned.get(f"action_{index}_goal")
            if goal and goal not in self.goal_ids and not (kept and kept.goal_id == goal):
                self.add_error(
                    f"action_{index}_goal",
                    _("Choose one of the network's adopted learning goals."),
                )
            if action_id and action_id not in self.saved_actions:
                self.add_error(
                    f"action_{index}_what",
                    _("This action is no longer part of these minutes: reload the page."),
                )
        return cleaned

    def item_fields(self):
        return [self[f"item_{item.pk}"] for item in self.agenda]

    def action_rows(self):
        """Per row: its fields, and the saved action (how it went) or None."""
        rows = []
        for i in range(self.action_count):
            action_id = self[f"action_{i}_id"].value()
            try:
                saved = self.saved_actions.get(int(action_id or 0))
            except (TypeError, ValueError):
                saved = None
            rows.append(
                {
                    "id": self[f"action_{i}_id"],
                    "what": self[f"action_{i}_what"],
                    "owner": self[f"action_{i}_owner"],
                    "who": self[f"action_{i}_who"],
                    "due": self[f"action_{i}_due"],
                    "goal": self[f"action_{i}_goal"],
                    "saved": saved,
                }
            )
        return rows

    def item_notes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.agenda}

    def actions(self) -> list[dict]:
        return [
            {
                "id": self.cleaned_data.get(f"action_{i}_id"),
                "what": self.cleaned_data[f"action_{i}_what"],
                "owner_id": self.cleaned_data.get(f"action_{i}_owner"),
                "who": self.cleaned_data[f"action_{i}_who"],
                "due": self.cleaned_data[f"action_{i}_due"],
                "goal_id": self.cleaned_data.get(f"action_{i}_goal"),
            }
            for i in range(self.action_count)
            if self.cleaned_data.get(f"action_{i}_what")
        ]


class ActionAnswerForm(forms.Form):
    """How a try-out action went, in the owner's words."""

    status = forms.ChoiceField(
        label=_("How did it go?"),
        choices=[
            (ActionStatus.DONE, _("Done")),
            (ActionStatus.PARTLY, _("Partly done")),
            (ActionStatus.NOT_DONE, _("Not done")),
        ],
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        label=_("In one line: what happened?"), max_length=300, required=False,
    )  # fmt: skip


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
