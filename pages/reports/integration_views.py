"""An organisation's integrations (issue 27): the client-credentials clients its coordinators
create, name, rotate and revoke for HR and intranet systems (``accounts.oauth``). A secret is
shown once, on the answer to the click that made it, and never again."""

from django import forms
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from accounts.oauth import (
    INTEGRATION_SCOPES,
    NAME_MAX,
    SCOPES,
    api_client_by_pk,
    api_client_create,
    api_client_revoke,
    api_client_rotate,
    api_clients_of,
)
from core.errors import ApplicationError
from core.idempotency import IdempotentFormMixin, run_once
from pages.core.actions import ConfirmActionView
from pages.reports.organisation_views import OrganisationPermissionMixin


class IntegrationForm(IdempotentFormMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=NAME_MAX,
        help_text=gettext_lazy("What it is, so you recognise it later: e.g. “HR system”."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("What it may do"),
        choices=[(scope, SCOPES[scope]) for scope in INTEGRATION_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        initial=["participation:read"],
    )


SESSION_KEY = "integration_secret_once"


def _show_secret_once(request, organisation, integration, secret, *, rotated: bool):
    """Keep the secret for the next page only (the list pops it), and go there: a reload or a
    second click shows it no more, and a double click makes one integration (``run_once``)."""
    request.session[SESSION_KEY] = {
        "organisation": organisation.pk,
        "integration": integration.pk,
        "secret": secret,
        "rotated": rotated,
    }
    return redirect("reports:organisation_integrations", pk=organisation.pk)


class IntegrationsView(OrganisationPermissionMixin, TemplateView):
    """The list, and the form to add one."""

    template_name = "reports/organisation_integrations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            integrations=api_clients_of(organisation=self.organisation),
            form=kwargs.get("form") or IntegrationForm(),
            token_url=self.request.build_absolute_uri("/identity/o/api/token"),
        )
        shown = self.request.session.pop(SESSION_KEY, None)
        if shown and shown["organisation"] == self.organisation.pk:
            integration = api_client_by_pk(organisation=self.organisation, pk=shown["integration"])
            if integration is not None:
                context.update(
                    new_secret=shown["secret"],
                    new_integration=integration,
                    rotated=shown["rotated"],
                )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Cache-Control"] = "no-store"
        return response

    def post(self, request, *args, **kwargs):
        form = IntegrationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))

        def create():
            try:
                integration, secret = api_client_create(
                    organisation=self.organisation,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    acting_user=request.user,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
                return self.render_to_response(self.get_context_data(form=form))
            return _show_secret_once(request, self.organisation, integration, secret, rotated=False)

        return run_once(request=request, token=form.idempotency_token, create=create)


class IntegrationActionView(OrganisationPermissionMixin, ConfirmActionView):
    def get_target(self):
        return api_client_by_pk(organisation=self.organisation, pk=self.kwargs["integration_pk"])

    def get_success_url(self) -> str:
        return reverse("reports:organisation_integrations", kwargs={"pk": self.organisation.pk})


class IntegrationRotateView(IntegrationActionView):
    confirm_label = gettext_lazy("Make a new secret")
    already_done_message = gettext_lazy("This integration no longer exists.")

    def get_title(self) -> str:
        return _("A new secret for “%(name)s”") % {"name": self.target.client.name}

    def consequences(self) -> list[str]:
        return [
            _("The current secret stops working at once, and so do the tokens made with it."),
            _("You see the new secret once, on the next page: put it in the system that uses it."),
        ]

    def post(self, request, *args, **kwargs):
        self.target = self.get_target()
        if self.target is None:
            return self._already_done()
        secret = api_client_rotate(integration=self.target, acting_user=request.user)
        return _show_secret_once(request, self.organisation, self.target, secret, rotated=True)


class IntegrationRevokeView(IntegrationActionView):
    confirm_label = gettext_lazy("Revoke")
    already_done_message = gettext_lazy("This integration no longer exists.")

    def get_title(self) -> str:
        return _("Revoke “%(name)s”") % {"name": self.target.client.name}

    def consequences(self) -> list[str]:
        return [
            _("It can no longer read anything of your organisation; its tokens stop working."),
            _("This cannot be undone: to connect the system again, add a new integration."),
        ]

    def act(self) -> str:
        name = self.target.client.name
        api_client_revoke(integration=self.target, acting_user=self.request.user)
        return _("“%(name)s” was revoked.") % {"name": name}
