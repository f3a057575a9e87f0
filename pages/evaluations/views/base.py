"""What the facilitator's actions on a network's intake, goals, votes and evaluations share."""

from django import forms
from django.urls import reverse

from pages.core.actions import ServiceActionView
from pages.networks.mixins import NetworkPermissionMixin


class NetworkActionView(NetworkPermissionMixin, ServiceActionView):
    """A facilitator's POST on a network's intake, goals, votes or evaluations."""

    permission_required = "networks.manage_network"
    form_class: type[forms.Form] | None = None
    success_url_name = "evaluations:goals"

    def get_form(self):
        return self.form_class(self.request.POST, network=self.network)

    def get_success_url(self) -> str:
        return reverse(self.success_url_name, kwargs={"pk": self.network.pk})


def first_error(form) -> str:
    return next(iter(form.errors.values()))[0]
