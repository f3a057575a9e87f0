"""An organisation's own sign-in (issue 26): its coordinators (or staff) connect its OpenID
Connect or SAML provider, its email domains, whether its email is trusted and whether its people
must sign in through it (accounts/sso.py does the writing and the audit)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from accounts import sso, sso_saml
from accounts.models import IdentityProvider, Organisation
from core.errors import ApplicationError
from pages.core.actions import ConfirmActionView
from pages.reports.organisation_views import OrganisationPermissionMixin


class IdentityProviderForm(forms.ModelForm):
    issuer_url = forms.URLField(
        label=capfirst(IdentityProvider._meta.get_field("issuer_url").verbose_name),
        help_text=IdentityProvider._meta.get_field("issuer_url").help_text,
        max_length=500,
        assume_scheme="https",
        required=False,
    )
    saml_metadata_url = forms.URLField(
        label=capfirst(IdentityProvider._meta.get_field("saml_metadata_url").verbose_name),
        help_text=IdentityProvider._meta.get_field("saml_metadata_url").help_text,
        max_length=500,
        assume_scheme="https",
        required=False,
    )
    client_secret = forms.CharField(
        label=gettext_lazy("Client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=gettext_lazy("Stored encrypted and never shown again. Leave empty to keep it."),
    )
    domains = forms.CharField(
        label=gettext_lazy("Email domains"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "One or more, separated by spaces, commas or new lines: for example zorg.be."
        ),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "protocol",
            "issuer_url",
            "client_id",
            "scopes",
            "saml_metadata_url",
            "saml_metadata_xml",
            "saml_entity_id",
            "trusted",
            "sso_required",
            "mfa_acr_values",
        ]
        widgets = {
            "protocol": forms.RadioSelect,
            "saml_metadata_xml": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_domains(self):
        text = self.cleaned_data["domains"].replace(",", " ")
        domains = [sso.clean_domain(d) for d in text.split()]
        for domain in domains:
            if "." not in domain or "@" in domain or "/" in domain:
                raise forms.ValidationError(
                    _("“%(domain)s” is not an email domain: write it as zorg.be.")
                    % {"domain": domain}
                )
        return domains

    # each protocol's fields together, then what both share
    field_order = [
        "protocol",
        "issuer_url",
        "client_id",
        "client_secret",
        "scopes",
        "saml_metadata_url",
        "saml_metadata_xml",
        "saml_entity_id",
        "domains",
        "trusted",
        "sso_required",
        "mfa_acr_values",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].required = False  # OpenID Connect only; empty is the default
        self.fields["protocol"].help_text = _(
            "OpenID Connect: fill in the issuer URL, client id, client secret and scopes. "
            "SAML: the metadata URL, or paste the metadata."
        )

    def clean(self):
        data = super().clean()
        if data.get("protocol") == IdentityProvider.Protocol.SAML:
            if not (data.get("saml_metadata_url") or data.get("saml_metadata_xml", "").strip()):
                self.add_error(
                    "saml_metadata_url",
                    _("Give the identity provider's SAML metadata URL, or paste its metadata."),
                )
        else:
            for field in ("issuer_url", "client_id"):
                if not data.get(field):
                    self.add_error(field, _("OpenID Connect needs this field."))
        return data


class SignInPermissionMixin(OrganisationPermissionMixin):
    """The organisation's coordinators, and staff for any organisation; 404 for the rest."""

    permission_required = "accounts.connect_sign_in"

    def get_scoped_queryset(self, user):
        if user.is_staff:
            return Organisation.objects.all()
        return super().get_scoped_queryset(user)

    def _provider(self):
        return IdentityProvider.objects.filter(organisation=self.organisation).first()


class SignInSettingsView(SignInPermissionMixin, TemplateView):
    """Connect or change the organisation's sign-in. The page names the redirect URI to register
    at the provider."""

    template_name = "reports/organisation_sign_in.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provider = self._provider()
        form = kwargs.get("form")
        if form is None:
            initial = {"domains": " ".join(sso.provider_domains(provider))} if provider else {}
            form = IdentityProviderForm(instance=provider, initial=initial)
        provider_id = f"{sso.PROVIDER_ID_PREFIX}{self.organisation.pk}"
        callback = reverse("openid_connect_callback", kwargs={"provider_id": provider_id})
        context.update(
            form=form,
            provider=provider,
            redirect_uri=settings.SITE_URL.rstrip("/") + callback,
            saml_entity_id=sso_saml.sp_entity_id(provider_id),
            saml_acs_url=sso_saml.acs_url(provider_id),
            session_hours=settings.LEERNET_SSO_SESSION_HOURS,
            history=sso.sign_in_history(organisation=self.organisation),
        )
        return context

    def post(self, request, *args, **kwargs):
        provider = self._provider()
        # before the form: a valid ModelForm writes the posted values onto its instance
        was_required = bool(provider and provider.sso_required)
        form = IdentityProviderForm(request.POST, instance=provider)
        if form.is_valid():
            data = form.cleaned_data
            switching_on = data["sso_required"] and not was_required
            if switching_on and request.POST.get("confirm_required") != "yes":
                # It signs people out and takes their password sign-in away: ask first.
                people = sso.people_of_domains(data["domains"])
                # the secret just typed goes back once into the same person's form, else the
                # confirmation would lose it
                form.fields["client_secret"].widget.render_value = True
                return self.render_to_response(
                    self.get_context_data(form=form, confirm_required=people)
                )
            try:
                sso.identity_provider_save(
                    organisation=self.organisation,
                    issuer_url=data["issuer_url"],
                    client_id=data["client_id"],
                    client_secret=data["client_secret"],
                    scopes=data["scopes"],
                    domains=data["domains"],
                    trusted=data["trusted"],
                    sso_required=data["sso_required"],
                    mfa_acr_values=data["mfa_acr_values"],
                    protocol=data["protocol"],
                    saml_metadata_url=data["saml_metadata_url"],
                    saml_metadata_xml=data["saml_metadata_xml"],
                    saml_entity_id=data["saml_entity_id"],
                    acting_user=request.user,
                    keep_session_key=request.session.session_key,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "%(organisation)s's sign-in is saved. Try it: sign out and sign in with "
                        "an address of its domains."
                    )
                    % {"organisation": self.organisation.name},
                )
                return redirect("reports:organisation_sign_in", pk=self.organisation.pk)
        return self.render_to_response(self.get_context_data(form=form))


class SignInDisconnectView(SignInPermissionMixin, ConfirmActionView):
    """Disconnect the organisation's provider after a page that says what follows; the same
    service as ``manage.py organisation_sign_in --disconnect`` (audited)."""

    confirm_label = gettext_lazy("Disconnect")
    already_done_message = gettext_lazy("This organisation has no sign-in connected.")

    def get_target(self):
        return self._provider()

    def get_success_url(self) -> str:
        return reverse("reports:organisation_sign_in", kwargs={"pk": self.organisation.pk})

    def get_title(self) -> str:
        return _("Disconnect %(organisation)s's sign-in?") % {
            "organisation": self.organisation.name
        }

    def consequences(self) -> list[str]:
        domains = sso.provider_domains(self.target)
        people = sso.people_of_domains(domains)
        return [
            ngettext(
                "%(people)s person of %(domains)s then signs in with a Leernet password again.",
                "%(people)s people of %(domains)s then sign in with a Leernet password again.",
                people,
            )
            % {"people": people, "domains": ", ".join(domains)},
            _(
                "Whoever has no password yet sets one through “Forgot your password?” on the "
                "sign-in page. Tell them before you disconnect."
            ),
            _(
                "Their accounts, networks and data stay, and so do the links of their accounts "
                "to this provider: connect it again and they sign in through it as before."
            ),
        ]

    def act(self) -> str:
        sso.identity_provider_disconnect(
            organisation=self.organisation, acting_user=self.request.user
        )
        return _("%(organisation)s's sign-in is disconnected.") % {
            "organisation": self.organisation.name
        }
