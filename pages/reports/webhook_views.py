"""An organisation's webhooks (issue 27): its coordinators add, test, switch on and delete them on
the same page as a network's (pages/networks/views/webhooks.py); such a webhook receives the
events of every network the organisation runs and the organisation's own (its participation
report is ready)."""

from django.urls import reverse

from pages.networks.views.webhooks import (
    WebhookDeleteBase,
    WebhookEnableBase,
    WebhooksPageView,
    WebhookTestBase,
)
from pages.reports.organisation_views import OrganisationPermissionMixin


class _OrganisationDoor(OrganisationPermissionMixin):
    url_prefix = "reports:organisation_"

    def owner(self):
        return self.organisation

    def owner_kwargs(self) -> dict:
        return {"organisation": self.organisation}

    def back_url(self) -> str:
        return reverse("reports:organisation_overview", kwargs={"pk": self.organisation.pk})

    def deliveries_url(self) -> None:
        return None


class OrganisationWebhooksView(_OrganisationDoor, WebhooksPageView):
    pass


class OrganisationWebhookTestView(_OrganisationDoor, WebhookTestBase):
    pass


class OrganisationWebhookEnableView(_OrganisationDoor, WebhookEnableBase):
    pass


class OrganisationWebhookDeleteView(_OrganisationDoor, WebhookDeleteBase):
    pass
