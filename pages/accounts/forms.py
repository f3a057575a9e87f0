from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.enums import OrganisationKind
from accounts.models import ORGANISATION_NAME_MAX, Organisation, User
from accounts.organisations import clean_name
from accounts.selectors import organisation_list, pending_proposal_for
from accounts.services import user_set_organisation


class OrganisationChoiceMixin(forms.Form):
    """Which organisation the user belongs to: one from the list, or the name of one that is not
    listed yet (a coordinator adds it: an ``OrganisationProposal``). Not both."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("None, or not in the list"),
        help_text=_(
            "The organisation you take part in networks for. A network between organisations "
            "may keep a number of seats per organisation."
        ),
    )
    organisation_not_listed = forms.CharField(
        label=_("My organisation is not listed: its name"),
        max_length=ORGANISATION_NAME_MAX,
        required=False,
        help_text=_("A coordinator adds it to the list; until then your profile shows none."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_list()

    def clean(self):
        cleaned = super().clean()
        name = clean_name(cleaned.get("organisation_not_listed", ""))
        cleaned["organisation_not_listed"] = name
        if name and cleaned.get("organisation"):
            self.add_error(
                "organisation_not_listed",
                _("Choose your organisation from the list, or type its name: not both."),
            )
        return cleaned


class SignupExtraForm(OrganisationChoiceMixin, forms.Form):
    """The profile fields asked at signup, next to allauth's email and password."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    job_function = forms.CharField(label=_("Job function"), max_length=150, required=False)

    field_order = [
        "full_name",
        "email",
        "organisation",
        "organisation_not_listed",
        "job_function",
        "password1",
        "password2",
    ]

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.job_function = self.cleaned_data["job_function"]
        user.language = (get_language() or "nl")[:2]
        user.save(update_fields=["full_name", "job_function", "language"])
        user_set_organisation(
            acting_user=user,
            organisation=self.cleaned_data["organisation"],
            proposed_name=self.cleaned_data["organisation_not_listed"],
        )


class ProfileForm(OrganisationChoiceMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "full_name",
            "organisation",
            "job_function",
            "language",
            "weekly_digest",
            "participation_visible_to_organisation",
        ]

    field_order = [
        "full_name",
        "organisation",
        "organisation_not_listed",
        "job_function",
        "language",
        "weekly_digest",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A name they asked to add stays asked for when they save the profile again.
        if self.instance.pk and not self.instance.organisation_id:
            pending = pending_proposal_for(user=self.instance)
            if pending is not None:
                self.fields["organisation_not_listed"].initial = pending.name


class OrganisationProposalAcceptForm(forms.Form):
    """Adding a proposed name as a new organisation: its type and sector."""

    name = forms.CharField(label=_("Name"), max_length=ORGANISATION_NAME_MAX)
    kind = forms.ChoiceField(label=_("Type"), choices=OrganisationKind.choices)
    sector = forms.CharField(label=_("Sector"), max_length=100, required=False)

    def clean_name(self):
        name = clean_name(self.cleaned_data["name"])
        candidate = Organisation(name=name)
        try:
            candidate.clean()
        except ValidationError as error:
            raise ValidationError(error.message_dict["name"]) from error
        return name


class OrganisationProposalMergeForm(forms.Form):
    """Linking the people of a proposed name to an organisation that is already listed."""

    organisation = forms.ModelChoiceField(
        label=_("Existing organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_list()


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.has_usable_password():
            # Signed in through their organisation (issue 26): no Leernet password to ask.
            field = self.fields["password"]
            field.label = _("Your email address")
            field.widget = forms.EmailInput(attrs={"autocomplete": "email"})
            field.help_text = _(
                "You sign in through your organisation: type your address to be sure."
            )
