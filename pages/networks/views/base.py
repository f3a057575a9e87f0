"""What the facilitators' network pages share: a form's service error, and the bases of an
action on the members page (straight, or after a confirmation page)."""

from django.urls import reverse

from core.errors import ApplicationError
from pages.core.actions import ConfirmActionView, ServiceActionView
from pages.networks.mixins import NetworkPermissionMixin


def _form_error(form, error: ApplicationError):
    form.add_error(None, error.message)


class NetworkActionView(NetworkPermissionMixin, ServiceActionView):
    """A facilitator's POST on the members page."""

    permission_required = "networks.manage_network"

    def get_success_url(self) -> str:
        return reverse("networks:manage_members", kwargs={"pk": self.network.pk})


class NetworkConfirmView(NetworkPermissionMixin, ConfirmActionView):
    """A facilitator's action on the network that asks first (templates/confirm.html)."""

    permission_required = "networks.manage_network"

    def get_success_url(self) -> str:
        return reverse("networks:manage_members", kwargs={"pk": self.network.pk})
