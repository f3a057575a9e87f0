import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio.library import SEARCH_MAX_LENGTH


class LibrarySearchForm(forms.Form):
    """The insight library's search: words, and a learning goal and a session to filter by (the
    choices are the network's own; an unknown one is refused)."""

    q = forms.CharField(label=_("Search"), required=False)
    goal = forms.TypedChoiceField(
        label=_("Learning goal"), required=False, coerce=int, empty_value=None
    )
    session = forms.TypedChoiceField(
        label=_("Session"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, goals=(), sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", _("All learning goals"))] + [
            (goal.pk, goal.title) for goal in goals
        ]
        self.fields["session"].choices = [("", _("All sessions"))] + [
            (session.pk, str(session)) for session in sessions
        ]

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        if len(query) > SEARCH_MAX_LENGTH:
            raise forms.ValidationError(
                _("Search with at most %(limit)d characters: a few words are enough.")
                % {"limit": SEARCH_MAX_LENGTH}
            )
        if query and not re.search(r"\w", query):
            raise forms.ValidationError(_("Search with words, not only punctuation."))
        return query
