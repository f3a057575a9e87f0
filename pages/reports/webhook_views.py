"""An organisation's webhooks (issue 27): its coordinators add, test, switch on and delete them on
the same page as a network's (pages/networks/views/webhooks.py); such a webhook receives the
events of every network the organisation runs and the organisation's own (its participation
report is ready). Their deliveries of the last 30 days show below them, grouped and sent again
as on a network's emails page (core/sendings.py, networks/_sending.html)."""

import datetime

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import outbox, sendings
from networks.models import WebhookDelivery
from pages.core.actions import ServiceActionView
from pages.networks.views.webhooks import (
    WebhookDeleteBase,
    WebhookEnableBase,
    WebhookOwnerMixin,
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


LOG_DAYS = 30
DELIVERIES_PER_PAGE = 10


class OrganisationWebhooksView(_OrganisationDoor, WebhooksPageView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        since = timezone.now() - datetime.timedelta(days=LOG_DAYS)
        rows = WebhookDelivery.objects.filter(
            endpoint__organisation=self.organisation, created_at__gte=since
        )
        everything = sendings.rows_sendings(WebhookDelivery, rows)
        page = Paginator(everything, DELIVERIES_PER_PAGE).get_page(self.request.GET.get("page"))
        sendings.fill_recipients(list(page.object_list), rows=rows)
        for sending in page.object_list:
            for row in sending.rows:
                row.resend_url = self.page_url("webhook_resend", delivery_id=row.pk)
        context.update(
            sendings=page.object_list,
            page_obj=page,
            failed=sum(sending.failed for sending in everything),
            webhook_log=True,
        )
        return context


class OrganisationWebhookTestView(_OrganisationDoor, WebhookTestBase):
    pass


class OrganisationWebhookEnableView(_OrganisationDoor, WebhookEnableBase):
    pass


class OrganisationWebhookDeleteView(_OrganisationDoor, WebhookDeleteBase):
    pass


class OrganisationWebhookResendView(_OrganisationDoor, WebhookOwnerMixin, ServiceActionView):
    """A delivery sent again through the outbox's resend, as on a network's emails page."""

    def act(self) -> str:
        row = get_object_or_404(
            WebhookDelivery, pk=self.kwargs["delivery_id"], endpoint__organisation=self.organisation
        )
        outbox.resend(row, acting_user=self.request.user)
        return _("The event will be sent to %(host)s again.") % {"host": row.recipient_email}
