import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.selectors import organisations_to_run_networks_under
from core.datetimes import validate_sane_date
from core.idempotency import IdempotentFormMixin
from networks.enums import MeetingFormat, NetworkStatus, Province, Role, Scope
from networks.models import INVITATION_NOTE_MAX, MOTIVATION_MAX, Network
from networks.services import STATUS_TRANSITIONS
from pages.core.forms import DateInput

MAX_INVITATIONS_AT_ONCE = 30
SEARCH_MAX = 100


class FoldedFieldset(Fieldset):
    """A fieldset inside a closed ``<details>`` (no JavaScript needed): the optional sections
    stay out of the way until opened, and open by themselves when one of their fields has an
    error."""

    template = "networks/_folded_fieldset.html"

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        names = [name for name in self.fields if isinstance(name, str)]
        context.update({"fold_open": any(name in form.errors for name in names)})
        return super().render(form, context, template_pack=template_pack, **kwargs)


def _section(title, *fields, optional: bool = False, intro=None) -> Fieldset:
    """A labelled group of fields; an optional one says so in its legend and its intro, and is
    folded away."""
    legend = _("Optional: %(title)s") % {"title": title} if optional else title
    # HTML() renders its text as a template: escape the intro so it is shown, never run.
    parts = [HTML(format_html('<p class="form-text mt-0">{}</p>', intro))] if intro else []
    kind = FoldedFieldset if optional else Fieldset
    return kind(legend, *parts, *fields, css_class="network-form-section")


def _network_form_layout() -> Layout:
    """The essentials first, then how it runs (with the group's size), then the optional
    sections, folded away (their defaults work)."""
    return Layout(
        _section(
            _("The essentials"),
            "name",
            "goal",
            "participant_role",
            "start_date",
            "end_date",
            "language",
        ),
        _section(
            _("How the trajectory runs"),
            "theme",
            "scope",
            "organisation",
            "listed",
            "rhythm",
            "duration",
            "meeting_format",
            "province",
            "location",
            "member_cap",
        ),
        _section(
            _("more about the network"),
            "description",
            "organisations",
            "colour",
            optional=True,
            intro=_("Helps people in the directory decide whether the network is for them."),
        ),
        _section(
            _("ground rules and seats per organisation"),
            "ground_rules",
            "max_per_organisation",
            optional=True,
            intro=_("The suggested ground rules work for most networks."),
        ),
        _section(
            _("reminders, minutes and evaluations"),
            "reminder_days",
            "minutes_review_days",
            "minutes_due_days",
            "note_takers_may_publish",
            "anonymous_evaluations",
            "anonymity_threshold",
            "evaluation_days",
            optional=True,
            intro=_("The defaults work; you can change them later."),
        ),
        _section(
            _("sign-in security"),
            "require_facilitator_mfa",
            optional=True,
            intro=_(
                "Facilitators see the members' contact details and answers: you can ask "
                "them to protect their account with a second step when they sign in."
            ),
        ),
    )


class NetworkForm(forms.ModelForm):
    """The essentials first (name, goal, who it is for, period, language), then how it runs, then
    clearly labelled optional sections whose defaults work (``helper.layout``)."""

    class Meta:
        model = Network
        fields = [
            "name",
            "theme",
            "description",
            "goal",
            "participant_role",
            "rhythm",
            "duration",
            "meeting_format",
            "province",
            "location",
            "scope",
            "organisation",
            "listed",
            "organisations",
            "start_date",
            "end_date",
            "member_cap",
            "max_per_organisation",
            "ground_rules",
            "language",
            "colour",
            "reminder_days",
            "minutes_review_days",
            "note_takers_may_publish",
            "anonymous_evaluations",
            "anonymity_threshold",
            "evaluation_days",
            "minutes_due_days",
            "require_facilitator_mfa",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "participant_role": forms.Textarea(attrs={"rows": 3}),
            "organisations": forms.Textarea(attrs={"rows": 3}),
            "ground_rules": forms.Textarea(attrs={"rows": 6}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "member_cap": forms.NumberInput(attrs={"min": 10, "max": 15}),
            "max_per_organisation": forms.NumberInput(attrs={"min": 1, "max": 15}),
            "colour": forms.TextInput(attrs={"type": "color"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_organisations(user)
        # A colour input takes neither maxlength nor required (HTML spec); empty means default.
        colour = self.fields["colour"]
        colour.required = False
        colour.widget.attrs.pop("maxlength", None)
        # An optional section's field: left empty, it keeps its default (clean_minutes_due_days).
        self.fields["minutes_due_days"].required = False
        # Words instead of Django's "---------" for a choice not made yet.
        self.fields["scope"].choices = [("", _("Choose…")), *Scope.choices]
        self.fields["province"].choices = [("", _("None: an online network")), *Province.choices]
        for name in ("start_date", "end_date"):
            self.fields[name].validators.append(validate_sane_date)
        self.fields["participant_role"].help_text = _(
            "Who the network is for and what you expect of them, e.g. nurses in home care who "
            "bring cases from their practice."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        # Fields the layout does not name (the double-submit token) still render.
        self.helper.render_unmentioned_fields = True
        self.helper.render_hidden_fields = True
        self.helper.layout = _network_form_layout()

    def _limit_organisations(self, user) -> None:
        """Only an organisation the facilitator works for or coordinates (the service checks
        too)."""
        organisation = self.fields["organisation"]
        if user is not None:
            organisation.queryset = organisations_to_run_networks_under(
                user=user, current_id=self.instance.organisation_id
            )
        else:
            organisation.queryset = organisation.queryset.filter(pk=self.instance.organisation_id)
        organisation.empty_label = _("None: not under an organisation")
        organisation.help_text = _(
            "Its coordinators see the network's overview. You can choose your own organisation "
            "or one you coordinate."
        )

    def clean_colour(self):
        return self.cleaned_data.get("colour") or Network._meta.get_field("colour").default

    def clean_minutes_due_days(self):
        value = self.cleaned_data.get("minutes_due_days")
        return value if value is not None else Network._meta.get_field("minutes_due_days").default

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end cannot be before the start."))
        return cleaned


class NetworkCreateForm(IdempotentFormMixin, NetworkForm):
    """Creating a network: a double click creates it once."""


class NetworkStatusForm(forms.Form):
    """The next status of ``network``: only the moves ``STATUS_TRANSITIONS`` allows from here
    (the page shows one button per choice; the service checks the move again). Closing is not one
    of them: it asks for confirmation on its own page (``networks:close``)."""

    status = forms.ChoiceField(label=_("New status"), choices=NetworkStatus.choices)

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = STATUS_TRANSITIONS[network.status]
        self.fields["status"].choices = [
            (status.value, status.label)
            for status in NetworkStatus
            if status in allowed and status != NetworkStatus.CLOSED
        ]


class DirectoryFilterForm(forms.Form):
    """The public directory's filters (theme, province, format) and word search. A theme matches
    whatever its case in the address; an unknown value makes the form invalid (the page says so
    and lists nothing), never an error."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("For example: care, onboarding")}
        ),
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    province = forms.ChoiceField(
        label=_("Province"),
        required=False,
        choices=[("", _("All provinces")), *Province.choices],
    )
    meeting_format = forms.ChoiceField(
        label=_("Place or online"),
        required=False,
        choices=[("", _("Any format")), *MeetingFormat.choices],
    )

    def __init__(self, data=None, *, themes: list[str], **kwargs):
        if data is not None:
            by_lower = {theme.lower(): theme for theme in themes}
            data = {name: str(data.get(name, "")).strip() for name in self.base_fields}
            data["theme"] = by_lower.get(data["theme"].lower(), data["theme"])
        super().__init__(data, **kwargs)
        self.fields["theme"].choices = [("", _("All themes")), *[(t, t) for t in themes]]

    def filters(self) -> dict:
        """The selector's keyword arguments (``selectors.network_directory``)."""
        data = self.cleaned_data
        return {
            "theme": data["theme"],
            "province": data["province"],
            "meeting_format": data["meeting_format"],
            "words": data["q"],
        }


class InvitationForm(forms.Form):
    emails = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or more addresses, separated by commas or new lines."),
    )
    role = forms.ChoiceField(label=_("Invite as"), choices=Role.choices, initial=Role.MEMBER)
    note = forms.CharField(
        label=_("Personal note (optional)"),
        required=False,
        max_length=INVITATION_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "A few words of your own: they appear in the invitation email, under your name."
        ),
    )

    def clean_emails(self) -> list[str]:
        raw = [part.strip().lower() for part in re.split(r"[\s,;]+", self.cleaned_data["emails"])]
        emails = list(dict.fromkeys(part for part in raw if part))
        if not emails:
            raise ValidationError(_("Enter at least one email address."))
        if len(emails) > MAX_INVITATIONS_AT_ONCE:
            raise ValidationError(
                _("You can invite at most %(max)d people at once.")
                % {"max": MAX_INVITATIONS_AT_ONCE}
            )
        invalid = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                invalid.append(email)
        if invalid:
            raise ValidationError(
                _("These are not valid email addresses: %(emails)s")
                % {"emails": ", ".join(invalid)}
            )
        return emails


class GroundRulesForm(forms.Form):
    accept_ground_rules = forms.BooleanField(
        label=_("I have read the ground rules and accept them."),
        error_messages={"required": _("Please accept the ground rules to join the network.")},
    )


class GroundRulesAgainForm(GroundRulesForm):
    """Accepting the ground rules of a network one is already in (after they changed). The
    hidden ``version`` says which text was read (``services.ground_rules_version``)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_ground_rules"].error_messages["required"] = _(
            "Tick the box to accept the ground rules."
        )


class JoinRequestForm(GroundRulesForm):
    motivation = forms.CharField(
        label=_("Why would you like to join? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=MOTIVATION_MAX,
    )
    field_order = ["motivation", "accept_ground_rules"]
