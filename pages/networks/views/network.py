"""A network's own settings and life: create, edit, the status, close and reopen."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView

from core.errors import ApplicationError
from core.idempotency import IdempotentFormViewMixin
from networks import rules, selectors, services
from networks.enums import NetworkStatus
from pages.networks.forms import NetworkCreateForm, NetworkForm, NetworkStatusForm
from pages.networks.mixins import NetworkPermissionMixin
from pages.networks.views.base import NetworkActionView, NetworkConfirmView, _form_error
from sessions.homes import planned_sessions_ahead


class NetworkCreateView(LoginRequiredMixin, IdempotentFormViewMixin, FormView):
    template_name = "networks/network_form.html"
    form_class = NetworkCreateForm

    def get_initial(self):
        return {"ground_rules": services.default_ground_rules(), "member_cap": 15}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            network = services.network_create(acting_user=self.request.user, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The network has been created as a draft. Open it when you are ready for members."),
        )
        return redirect(network)


class NetworkUpdateView(NetworkPermissionMixin, FormView):
    permission_required = "networks.manage_network"
    template_name = "networks/network_form.html"
    form_class = NetworkForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.network, "user": self.request.user}

    def form_valid(self, form):
        try:
            services.network_update(
                network=self.network, data=form.cleaned_data, acting_user=self.request.user
            )
        except ApplicationError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The network has been saved."))
        return redirect(self.network)


class NetworkStatusView(NetworkActionView):
    def act(self):
        form = NetworkStatusForm(self.request.POST, network=self.network)
        if not form.is_valid():
            raise ApplicationError(_("Choose a valid status."))
        network = services.network_set_status(
            network=self.network, status=form.cleaned_data["status"], acting_user=self.request.user
        )
        return _("The network is now: %(status)s") % {"status": network.get_status_display()}


class NetworkCloseView(NetworkConfirmView):
    """Close the network, after confirmation. Closing twice is harmless: the second time says
    it is closed already."""

    title = gettext_lazy("Close the network?")
    confirm_label = gettext_lazy("Yes, close the network")
    already_done_message = gettext_lazy("The network is already closed.")

    def get_target(self):
        return None if self.network.is_closed else self.network

    def get_cancel_url(self) -> str:
        return self.network.get_absolute_url()

    def get_success_url(self) -> str:
        return self.network.get_absolute_url()

    def consequences(self):
        consequences = [
            _("%(network)s is closed: the trajectory ends.") % {"network": self.network.name},
            _("Nobody can join, ask to join or be invited; open invitations stop working."),
            _("No new sessions can be planned. Members keep reading what is there."),
        ]
        ahead = planned_sessions_ahead(network=self.network)
        if ahead:
            consequences.append(
                ngettext(
                    "%(count)d planned session (the next on %(date)s) stays in the calendar and "
                    "nobody is told: cancel it first if it will not take place.",
                    "%(count)d planned sessions (the next on %(date)s) stay in the calendar and "
                    "nobody is told: cancel them first if they will not take place.",
                    len(ahead),
                )
                % {
                    "count": len(ahead),
                    "date": date_format(localtime(ahead[0].starts_at), "DATE_FORMAT"),
                }
            )
        consequences.append(_("You can reopen the network later."))
        return consequences

    def act(self):
        services.network_set_status(
            network=self.network, status=NetworkStatus.CLOSED, acting_user=self.request.user
        )
        return _("The network is closed. You can reopen it from its page.")


class NetworkReopenView(NetworkConfirmView):
    """Reopen a closed network. A network that is not closed gets the service's message."""

    title = gettext_lazy("Reopen the network?")
    confirm_label = gettext_lazy("Yes, reopen the network")
    danger = False

    def get_cancel_url(self) -> str:
        return self.network.get_absolute_url()

    def get_success_url(self) -> str:
        return self.network.get_absolute_url()

    def consequences(self):
        if not rules.can_reopen(self.request.user, self.network):
            raise ApplicationError(_("This network is not closed, so there is nothing to reopen."))
        return [
            _("%(network)s runs again, with the members it has.") % {"network": self.network.name},
            _("You can plan sessions and invite people again."),
            _("Free seats go to the people on the waitlist, who get an email."),
        ]

    def recipients(self):
        free = self.network.member_cap - self.network.member_count
        return [m.user.full_name for m in selectors.next_in_line(network=self.network, seats=free)]

    def act(self):
        services.network_reopen(network=self.network, acting_user=self.request.user)
        return _("The network is running again.")
