"""A network's webhooks: the facilitators add one (its secret shown once), send a test event,
switch one on again and delete one (after a confirmation). Deliveries show on the emails page."""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.errors import ApplicationError
from networks import webhooks
from networks.models import WebhookEndpoint, WebhookKind
from networks.models.webhooks import URL_MAX
from pages.networks.mixins import NetworkPermissionMixin
from pages.networks.views.base import NetworkActionView, NetworkConfirmView, _form_error


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("Address (https://…)"),
        max_length=URL_MAX,
        assume_scheme="https",
        help_text=gettext_lazy("The address your chat or system gave you for incoming webhooks."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=WebhookKind.choices)
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        choices=webhooks.event_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one event from the list.")},
    )


class NetworkWebhooksView(NetworkPermissionMixin, TemplateView):
    permission_required = "networks.manage_network"
    template_name = "networks/webhooks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", WebhookForm(initial={"events": ["minutes.published"]}))
        context["endpoints"] = WebhookEndpoint.objects.filter(network=self.network)
        return context

    def post(self, request, *args, **kwargs):
        form = WebhookForm(request.POST)
        if form.is_valid():
            try:
                endpoint, secret = webhooks.endpoint_create(
                    network=self.network, acting_user=request.user, **form.cleaned_data
                )
            except ApplicationError as error:
                _form_error(form, error)
            else:
                context = {"network": self.network, "endpoint": endpoint, "secret": secret}
                return render(request, "networks/webhook_secret.html", context)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class _WebhookMixin:
    def get_success_url(self) -> str:
        return reverse("networks:webhooks", kwargs={"pk": self.network.pk})

    def endpoint(self) -> WebhookEndpoint:
        return get_object_or_404(WebhookEndpoint, network=self.network, pk=self.kwargs["hook_id"])


class WebhookTestView(_WebhookMixin, NetworkActionView):
    def act(self) -> str:
        endpoint = self.endpoint()
        if not endpoint.active:
            raise ApplicationError(_("Switch the webhook on first."))
        webhooks.send_test(endpoint=endpoint)
        return _(
            "A test event is on its way to %(host)s; see the emails page for its delivery."
        ) % {"host": endpoint.host}


class WebhookEnableView(_WebhookMixin, NetworkActionView):
    def act(self) -> str:
        webhooks.endpoint_enable(endpoint=self.endpoint(), acting_user=self.request.user)
        return _("The webhook is on again.")


class WebhookDeleteView(_WebhookMixin, NetworkConfirmView):
    title = gettext_lazy("Delete this webhook?")
    confirm_label = gettext_lazy("Delete webhook")
    already_done_message = gettext_lazy("This webhook is already deleted.")

    def get_target(self):
        return WebhookEndpoint.objects.filter(
            network=self.network, pk=self.kwargs["hook_id"]
        ).first()

    def consequences(self) -> list[str]:
        endpoint = self.target
        return [
            _("Leernet stops sending events to %(host)s.") % {"host": endpoint.host},
            _("Its delivery log is deleted; this cannot be undone."),
        ]

    def act(self) -> str:
        webhooks.endpoint_delete(endpoint=self.target, acting_user=self.request.user)
        return _("The webhook is deleted.")
