from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class SignupExtraForm(forms.Form):
    """The profile fields asked at signup, next to allauth's email and password."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=150, required=False)
    job_function = forms.CharField(label=_("Job function"), max_length=150, required=False)

    field_order = ["full_name", "email", "organisation", "job_function", "password1", "password2"]

    def signup(self, request, user):
        from django.utils.translation import get_language

        user.full_name = self.cleaned_data["full_name"]
        user.organisation = self.cleaned_data["organisation"]
        user.job_function = self.cleaned_data["job_function"]
        user.language = (get_language() or "nl")[:2]
        user.save(update_fields=["full_name", "organisation", "job_function", "language"])


class ProfileForm(forms.ModelForm):
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


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )
