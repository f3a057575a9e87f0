"""A network's audit log for its facilitators (``core.audit``): read-only, newest first."""

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.audit import audit_events_for_network
from core.audit_actions import action_choices
from pages.networks.mixins import NetworkPermissionMixin

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("What"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Everything")), *action_choices()]


class NetworkAuditLogView(NetworkPermissionMixin, TemplateView):
    permission_required = "networks.manage_network"
    template_name = "networks/audit_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AuditFilterForm(self.request.GET or None)
        action = form.cleaned_data["action"] if form.is_valid() else ""
        events = audit_events_for_network(network_id=self.network.pk, action=action)
        page = Paginator(events, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            filter_form=form,
            page=page,
            events=page.object_list,
            action=action,
        )
        return context
