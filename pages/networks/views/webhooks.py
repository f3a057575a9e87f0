"""Webhooks: a network's (its facilitators) and an organisation's (its coordinators,
pages/reports/webhook_views.py) share these views, forms and templates. Add one (its secret shown
once), send a test event, switch one on again and delete one (after a confirmation). A network's
deliveries show on its emails page."""

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
from pages.core.actions import ConfirmActionView, ServiceActionView
from pages.networks.mixins import NetworkPermissionMixin
from pages.networks.views.base import _form_error


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


class WebhookOwnerMixin:
    """Whose webhooks: a subclass names the owner (``owner_kwargs``), its page's URL names
    (``url_prefix``: ``<prefix>webhooks``, ``<prefix>webhook_test`` …) and the link back."""

    url_prefix = "networks:"

    def owner(self):
        return self.network

    def owner_kwargs(self) -> dict:
        return {"network": self.network}

    def back_url(self) -> str:
        return self.network.get_absolute_url()

    def deliveries_url(self) -> str | None:
        return reverse("networks:emails", kwargs={"pk": self.network.pk})

    def page_url(self, name: str = "webhooks", **kwargs) -> str:
        return reverse(self.url_prefix + name, kwargs={"pk": self.owner().pk, **kwargs})

    def get_success_url(self) -> str:
        return self.page_url()

    def endpoint(self) -> WebhookEndpoint:
        return get_object_or_404(WebhookEndpoint, pk=self.kwargs["hook_id"], **self.owner_kwargs())


class WebhooksPageView(WebhookOwnerMixin, TemplateView):
    template_name = "networks/webhooks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", WebhookForm(initial={"events": ["minutes.published"]}))
        endpoints = WebhookEndpoint.objects.filter(**self.owner_kwargs())
        context.update(
            owner=self.owner(),
            back_url=self.back_url(),
            deliveries_url=self.deliveries_url(),
            is_organisation="organisation" in self.owner_kwargs(),
            rows=[
                {
                    "endpoint": endpoint,
                    "test_url": self.page_url("webhook_test", hook_id=endpoint.pk),
                    "enable_url": self.page_url("webhook_enable", hook_id=endpoint.pk),
                    "delete_url": self.page_url("webhook_delete", hook_id=endpoint.pk),
                }
                for endpoint in endpoints
            ],
        )
        return context

    def post(self, request, *args, **kwargs):
        form = WebhookForm(request.POST)
        if form.is_valid():
            try:
                endpoint, secret = webhooks.endpoint_create(
                    **self.owner_kwargs(), acting_user=request.user, **form.cleaned_data
                )
            except ApplicationError as error:
                _form_error(form, error)
            else:
                context = {
                    "owner": self.owner(),
                    "endpoint": endpoint,
                    "secret": secret,
                    "list_url": self.page_url(),
                }
                return render(request, "networks/webhook_secret.html", context)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class WebhookTestBase(WebhookOwnerMixin, ServiceActionView):
    def act(self) -> str:
        endpoint = self.endpoint()
        if not endpoint.active:
            raise ApplicationError(_("Switch the webhook on first."))
        webhooks.send_test(endpoint=endpoint)
        return _("A test event is on its way to %(host)s.") % {"host": endpoint.host}


class WebhookEnableBase(WebhookOwnerMixin, ServiceActionView):
    def act(self) -> str:
        webhooks.endpoint_enable(endpoint=self.endpoint(), acting_user=self.request.user)
        return _("The webhook is on again.")


class WebhookDeleteBase(WebhookOwnerMixin, ConfirmActionView):
    title = gettext_lazy("Delete this webhook?")
    confirm_label = gettext_lazy("Delete webhook")
    already_done_message = gettext_lazy("This webhook is already deleted.")

    def get_target(self):
        return WebhookEndpoint.objects.filter(
            pk=self.kwargs["hook_id"], **self.owner_kwargs()
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


class _NetworkDoor(NetworkPermissionMixin):
    permission_required = "networks.manage_network"


class NetworkWebhooksView(_NetworkDoor, WebhooksPageView):
    pass


class WebhookTestView(_NetworkDoor, WebhookTestBase):
    pass


class WebhookEnableView(_NetworkDoor, WebhookEnableBase):
    pass


class WebhookDeleteView(_NetworkDoor, WebhookDeleteBase):
    pass
