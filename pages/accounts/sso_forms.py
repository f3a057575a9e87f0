"""The sign-in step of organisations' own sign-in (issue 26): the email-first form, and allauth's
password forms refusing the addresses whose organisation requires its own sign-in."""

from allauth.account.forms import LoginForm, ResetPasswordForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import sso


def sso_required_message(provider) -> str:
    return gettext(
        "%(organisation)s signs its people in through its own account. Use “Sign in with your "
        "organisation” with this address: no Leernet password is used for it."
    ) % {"organisation": provider.organisation.name}


def refuse_if_sso_required(email: str) -> None:
    provider = sso.sso_required_for(email)
    if provider is not None:
        raise ValidationError(sso_required_message(provider), code="sso_required")


class OrganisationSignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Your work email address"),
        help_text=_("If your organisation signs you in, you go to its sign-in page."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PasswordLoginForm(LoginForm):
    """allauth's login form; an address whose organisation requires its own sign-in is refused
    before any password is checked."""

    def clean(self):
        refuse_if_sso_required(str(self.data.get("login", "")))
        return super().clean()


class PasswordResetForm(ResetPasswordForm):
    def clean_email(self):
        email = super().clean_email()
        refuse_if_sso_required(email)
        return email
