"""The facilitator's view of every email a network sends (all outbox tables, core/outbox.py)."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core import outbox, sendings
from pages.core.actions import ServiceActionView
from pages.networks.mixins import NetworkPermissionMixin

SENDINGS_PER_PAGE = 10


class EmailFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            (sendings.SendingState.FAILED, gettext_lazy("Not delivered")),
            (sendings.SendingState.WAITING, gettext_lazy("Still being sent")),
            (sendings.SendingState.SENT, gettext_lazy("All sent")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *outbox.kinds()]


class NetworkEmailsView(NetworkPermissionMixin, TemplateView):
    """One line per sending (the same email to several people), newest first, ten a page; each
    opens to its recipients. Queries: one per outbox table for the lines, one per table on the
    page for the recipients, whatever the number of sendings."""

    permission_required = "networks.manage_network"
    template_name = "networks/emails.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = EmailFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        everything = sendings.network_sendings(
            network_id=self.network.pk,
            kind=filters.get("kind", ""),
            state=filters.get("state", ""),
        )
        page = Paginator(everything, SENDINGS_PER_PAGE).get_page(self.request.GET.get("page"))
        sendings.fill_recipients(list(page.object_list), network_id=self.network.pk)
        for sending in page.object_list:
            for row in sending.rows:
                row.resend_url = reverse(
                    "networks:email_resend",
                    kwargs={"pk": self.network.pk, "kind": row.kind_key, "email_id": row.pk},
                )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=form,
            filtered=bool(filters.get("kind") or filters.get("state")),
            page_obj=page,
            sendings=page.object_list,
            page_query=query.urlencode(),
            failed=sum(sending.failed for sending in everything),
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
