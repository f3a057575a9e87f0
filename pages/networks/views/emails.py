"""The facilitator's view of every email a network sends (all outbox tables, core/outbox.py)."""

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core import outbox
from pages.core.actions import ServiceActionView
from pages.networks.mixins import NetworkPermissionMixin


class EmailFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[("", gettext_lazy("All states")), *outbox.OutboxState.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *outbox.kinds()]


class NetworkEmailsView(NetworkPermissionMixin, TemplateView):
    permission_required = "networks.manage_network"
    template_name = "networks/emails.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = EmailFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        rows = outbox.network_emails(
            network_id=self.network.pk,
            kind=filters.get("kind", ""),
            state=filters.get("state", ""),
        )
        context.update(
            filter_form=form,
            rows=rows,
            failed=sum(row.state == outbox.OutboxState.FAILED for row in rows),
            limit=outbox.PAGE_LIMIT,
        )
        return context


class NetworkEmailResendView(NetworkPermissionMixin, ServiceActionView):
    permission_required = "networks.manage_network"

    def act(self) -> str:
        row = outbox.network_email(
            network_id=self.network.pk, kind=self.kwargs["kind"], pk=self.kwargs["email_id"]
        )
        if row is None:
            raise Http404
        outbox.resend(row, acting_user=self.request.user)
        return _("The email to %(recipient)s will be sent again.") % {
            "recipient": row.recipient_email
        }

    def get_success_url(self) -> str:
        return reverse("networks:emails", kwargs={"pk": self.network.pk})
