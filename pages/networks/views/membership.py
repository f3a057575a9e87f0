"""A person's own place in a network: ask to join, accept the ground rules, the first step
after joining, the announcement emails, leave."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core.errors import ApplicationError
from networks import rules, selectors, services
from pages.core.actions import ServiceActionView, safe_next_url
from pages.networks.forms import GroundRulesAgainForm, JoinRequestForm
from pages.networks.mixins import NetworkPermissionMixin
from pages.networks.views.base import _form_error
from pages.networks.views.homes import next_step_url


class JoinRequestView(NetworkPermissionMixin, FormView):
    """Ask to join: the ground rules, a motivation, a request to the facilitators. Where the
    public directory's "ask to join" leads (through signup or login): someone who turns out to
    be a member already is sent on to the network."""

    permission_required = "networks.open_join_step"
    template_name = "networks/join_request.html"
    form_class = JoinRequestForm

    def unmet_requirement(self, request):
        if rules.is_member(request.user, self.network):
            messages.info(
                request,
                _("You are already a member of %(network)s.") % {"network": self.network.name},
            )
            return redirect(self.network)
        return super().unmet_requirement(request)

    def form_valid(self, form):
        try:
            services.join_request_create(
                network=self.network,
                acting_user=self.request.user,
                motivation=form.cleaned_data["motivation"],
                accept_ground_rules=form.cleaned_data["accept_ground_rules"],
            )
        except ApplicationError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Your request has been sent. The facilitator will let you know by email."),
        )
        return redirect("networks:dashboard")


class GroundRulesView(NetworkPermissionMixin, FormView):
    """Read the ground rules and accept them (again, after a facilitator changed them)."""

    permission_required = "networks.view_network"
    template_name = "networks/ground_rules.html"
    form_class = GroundRulesAgainForm

    def get_initial(self):
        return {"version": services.ground_rules_version(self.network)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        membership = selectors.own_membership(network=self.network, user=self.request.user)
        context.update(
            accepted_at=membership.ground_rules_accepted_at if membership else None,
            needs_acceptance=selectors.ground_rules_need_acceptance(
                network=self.network, membership=membership
            ),
        )
        return context

    def form_valid(self, form):
        try:
            services.membership_accept_ground_rules(
                network=self.network,
                acting_user=self.request.user,
                version=form.cleaned_data["version"] or None,  # an old page: no version
            )
        except ApplicationError as error:
            _form_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you: you have accepted the ground rules."))
        return redirect(self.network)


class NetworkStartView(NetworkPermissionMixin, View):
    """The link in the welcome emails (a request approved, a seat from the waitlist): sends a
    new member to their next step (``next_step_url``)."""

    permission_required = "networks.view_network"

    def get(self, request, *args, **kwargs):
        return redirect(next_step_url(user=request.user, network=self.network))


class AnnouncementEmailsView(NetworkPermissionMixin, ServiceActionView):
    """A member turns the facilitators' announcement emails for this network on or off (the
    buttons in the network page's announcements section)."""

    permission_required = "networks.choose_announcement_emails"

    def act(self):
        choice = self.request.POST.get("announcement_emails")
        if choice not in ("on", "off"):
            raise ApplicationError(_("Choose whether you want these emails."))
        services.membership_set_announcement_emails(
            network=self.network, enabled=choice == "on", acting_user=self.request.user
        )
        if choice == "on":
            return _("You get the facilitators' messages of %(network)s by email again.") % {
                "network": self.network.name
            }
        return _(
            "You no longer get the facilitators' messages of %(network)s by email; they stay on "
            "the network's page. The minutes and session emails keep coming."
        ) % {"network": self.network.name}

    def get_success_url(self) -> str:
        return safe_next_url(self.request, self.network.get_absolute_url() + "#announcements")


class LeaveView(NetworkPermissionMixin, TemplateView):
    """Leave the network, or its waitlist (the people after you move up one place)."""

    permission_required = "networks.leave_network"
    template_name = "networks/leave.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["on_waitlist"] = rules.is_waitlisted(self.request.user, self.network)
        return context

    def post(self, request, *args, **kwargs):
        on_waitlist = rules.is_waitlisted(request.user, self.network)
        try:
            services.membership_leave(network=self.network, acting_user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(self.network)
        if on_waitlist:
            message = _("You have left the waitlist of %(network)s.")
        else:
            message = _("You have left %(network)s.")
        messages.success(request, message % {"network": self.network.name})
        return redirect("networks:dashboard")
