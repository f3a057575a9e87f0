"""HTTP glue: permission check (networks.mixins), selector, form, service, response.

The dashboard and the network's own page show what the apps above ``networks`` hold (the next
session, what happened last, announcements, the portfolio): as pages they call those apps'
selectors directly."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.adapter import PENDING_INVITATION_SESSION_KEY
from core.errors import ApplicationError
from core.fragments import NETWORK_HEADER, fragment_version
from core.health import health_for
from core.idempotency import IdempotentFormViewMixin
from core.todo import todos_for
from minutes.homes import last_held_cards
from networks import rules, selectors, services, share_links
from networks.enums import InvitationStatus, MembershipStatus, NetworkStatus
from networks.forms import (
    DirectoryFilterForm,
    GroundRulesAgainForm,
    GroundRulesForm,
    InvitationForm,
    JoinRequestForm,
    NetworkCreateForm,
    NetworkForm,
    NetworkStatusForm,
)
from networks.mixins import NetworkPermissionMixin
from networks.models import Invitation, JoinRequest, Membership, Network
from pages.cards import cards
from pages.core.actions import ConfirmActionView, ServiceActionView, safe_next_url
from portfolio.cards import portfolio_section
from sessions.homes import announcement_section, next_session_cards

DRAFT_INVITATION_NOTE = gettext_lazy(
    "The network is not open yet: invitees can accept and join, but it is not in the directory "
    "and nobody can ask to join. Open the network on its page when you are ready."
)


DIRECTORY_PAGE_SIZE = 20

# The to-do a member who just joined does first, if it is theirs (evaluations/todo.py).
FIRST_STEP_TODO = "evaluations.intake"

NEXT_SESSION_CARD = "sessions/cards/next_session.html"
LAST_HELD_CARD = "reports/cards/last_held.html"


def next_step_url(*, user, network) -> str:
    """Where a member who just joined lands: the intake while it is open and not answered by
    them, else the network's page."""
    for todo in todos_for(user=user, network=network):
        if todo.kind == FIRST_STEP_TODO:
            return todo.url
    return network.get_absolute_url()


def home_cards(*, user, networks) -> dict[int, list]:
    """Each network's cards on the homes, by network id: the next session, then what happened
    last. A fixed number of queries, however many networks (each selector reads them at once)."""
    if not networks:
        return {}
    upcoming = next_session_cards(user=user, networks=networks)
    last_held = last_held_cards(user=user, networks=networks)
    return {
        network.pk: cards(
            (NEXT_SESSION_CARD, upcoming.get(network.pk)),
            (LAST_HELD_CARD, last_held.get(network.pk)),
        )
        for network in networks
    }


def _form_error(form, error: ApplicationError):
    form.add_error(None, error.message)


class DashboardView(LoginRequiredMixin, TemplateView):
    """The home: what is due now ("To do", most urgent first), then each network with its cards
    (the next session, what happened last), then where the user waits."""

    template_name = "networks/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        dashboard = selectors.dashboard_for_user(user=user)
        active = dashboard["facilitating"] + dashboard["member_of"]
        for membership in active:  # the cards ask the viewer's role without a query
            membership.network.viewer_role = membership.role
        by_network = home_cards(user=user, networks=[membership.network for membership in active])
        for membership in active:
            membership.cards = by_network[membership.network_id]
        context.update(dashboard, tasks=todos_for(user=user))
        return context


class DirectoryView(TemplateView):
    """The public directory: open, external, listed networks, for everyone (no sign-in), with
    filters, word search and pages of ``DIRECTORY_PAGE_SIZE``. Bad input (an unknown filter
    value, a page that is not there) gives a page that says so, never an error."""

    template_name = "networks/directory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        themes = selectors.network_themes()
        form = DirectoryFilterForm(self.request.GET or None, themes=themes)
        valid = form.is_valid()
        filters = form.filters() if valid else {}
        # A value no network has (an unknown theme, province or format) finds nothing.
        networks = (
            selectors.network_directory(user=self.request.user, **filters)
            if valid or not form.is_bound
            else Network.objects.none()
        )
        page = Paginator(networks, DIRECTORY_PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            networks=page.object_list,
            themes=themes,
            filter_form=form,
            filtered=form.is_bound and any(form.data.get(name) for name in form.fields),
        )
        return context


class PublicNetworkView(TemplateView):
    """A network's public page: what the directory shows, at length, with "ask to join". Only
    for networks in the directory (anything else is a 404, as if it did not exist); names no
    member, only the facilitators."""

    template_name = "networks/public_network.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        network = selectors.public_network(pk=kwargs["pk"])
        if network is None:
            raise Http404
        user = self.request.user
        context["network"] = network
        if user.is_authenticated:
            context["is_member"] = rules.is_member(user, network)
            context["can_request"] = rules.can_request_to_join(user, network)
            context.update(selectors.viewer_waiting_state(network=network, user=user))
        else:
            join = reverse("networks:join", kwargs={"pk": network.pk})
            query = urlencode({REDIRECT_FIELD_NAME: join})
            context["signup_url"] = f"{reverse('account_signup')}?{query}"
            context["login_url"] = f"{reverse('account_login')}?{query}"
        return context


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


class NetworkDetailView(NetworkPermissionMixin, TemplateView):
    """Members see the whole network; others see the public card of an open network."""

    permission_required = "networks.view_card"

    def get_template_names(self):
        if rules.is_member(self.request.user, self.network):
            return ["networks/network_detail.html"]
        return ["networks/network_card.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if rules.is_member(user, self.network):
            members = selectors.member_list(network=self.network)
            context["members"] = members
            context["coordinators_facilitating"] = selectors.coordinators_facilitating(members)
            context["adopted_goals"] = selectors.adopted_goal_titles(network=self.network)
            context["can_leave"] = rules.can_leave(user, self.network)
            context["header_version"] = fragment_version(NETWORK_HEADER, self.network.pk)
            context["tasks"] = todos_for(user=user, network=self.network)
            context["cards"] = home_cards(user=user, networks=[self.network])[self.network.pk]
            context["sections"] = cards(
                (
                    "sessions/cards/announcements.html",
                    announcement_section(user=user, network=self.network),
                ),
                (
                    "reports/cards/portfolio.html",
                    portfolio_section(user=user, network=self.network),
                ),
            )
            if context["is_facilitator"]:
                context["health"] = health_for(network=self.network)
        else:
            context["can_request"] = rules.can_request_to_join(user, self.network)
            context.update(selectors.viewer_waiting_state(network=self.network, user=user))
        return context


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


class ManageMembersView(NetworkPermissionMixin, TemplateView):
    """The facilitator's overview: members, waitlist, invitations and requests to join."""

    permission_required = "networks.manage_network"
    template_name = "networks/manage_members.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = selectors.member_list(network=self.network)
        for membership in members:
            membership.can_remove = rules.can_remove_member(
                self.request.user, self.network, membership
            )
        context.update(
            members=members,
            waitlist=selectors.waitlist(network=self.network),
            organisation_seats=selectors.organisation_seats(network=self.network),
            invitations=selectors.pending_invitations(network=self.network),
            join_requests=selectors.pending_join_requests(network=self.network),
            invitation_form=kwargs.get("invitation_form") or InvitationForm(),
            status_form=NetworkStatusForm(network=self.network),
            can_close=rules.can_close(self.request.user, self.network),
            can_reopen=rules.can_reopen(self.request.user, self.network),
            share_link=share_links.share_link_url(self.network),
        )
        return context


class InviteView(ManageMembersView):
    """Invite one or more people; an invalid form is shown again on the members page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = InvitationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(invitation_form=form))
        sent, refused = [], []
        for email in form.cleaned_data["emails"]:
            try:
                services.invitation_create(
                    network=self.network,
                    email=email,
                    role=form.cleaned_data["role"],
                    acting_user=request.user,
                )
                sent.append(email)
            except ApplicationError as error:
                refused.append(error.message)
        if sent:
            messages.success(
                request, _("Invitation sent to: %(emails)s") % {"emails": ", ".join(sent)}
            )
            if self.network.is_draft:
                messages.warning(request, DRAFT_INVITATION_NOTE)
        for message in refused:
            messages.error(request, message)
        return redirect("networks:manage_members", pk=self.network.pk)


class NetworkActionView(NetworkPermissionMixin, ServiceActionView):
    """A facilitator's POST on the members page."""

    permission_required = "networks.manage_network"

    def get_success_url(self) -> str:
        return reverse("networks:manage_members", kwargs={"pk": self.network.pk})


class NetworkStatusView(NetworkActionView):
    def act(self):
        form = NetworkStatusForm(self.request.POST, network=self.network)
        if not form.is_valid():
            raise ApplicationError(_("Choose a valid status."))
        network = services.network_set_status(
            network=self.network, status=form.cleaned_data["status"], acting_user=self.request.user
        )
        return _("The network is now: %(status)s") % {"status": network.get_status_display()}


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


class NetworkConfirmView(NetworkPermissionMixin, ConfirmActionView):
    """A facilitator's action on the network that asks first (templates/confirm.html)."""

    permission_required = "networks.manage_network"

    def get_success_url(self) -> str:
        return reverse("networks:manage_members", kwargs={"pk": self.network.pk})


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
        ahead = selectors.planned_sessions_ahead(network=self.network)
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


class InvitationRevokeView(NetworkConfirmView):
    title = gettext_lazy("Withdraw the invitation?")
    confirm_label = gettext_lazy("Yes, withdraw the invitation")
    already_done_message = gettext_lazy("This invitation is no longer pending.")

    def get_target(self):
        return Invitation.objects.filter(
            network=self.network, status=InvitationStatus.PENDING, pk=self.kwargs["invitation_id"]
        ).first()

    def consequences(self):
        return [
            _("The invitation to %(email)s is withdrawn: its link stops working.")
            % {"email": self.target.email},
            _("If its email has not gone out yet, it is not sent."),
            _("You can invite the same address again later."),
        ]

    def act(self):
        services.invitation_revoke(invitation=self.target, acting_user=self.request.user)
        return _("The invitation has been withdrawn.")


class ShareLinkResetView(NetworkConfirmView):
    """A new share link, after confirmation: the old one stops working (cannot be undone)."""

    title = gettext_lazy("Make a new link to this network?")
    confirm_label = gettext_lazy("Yes, make a new link")

    def consequences(self):
        return [
            _(
                "The current link stops working at once, also for people who opened it but "
                "have not asked to join yet."
            ),
            _("Nobody gets an email: pass the new link on yourself."),
        ]

    def act(self):
        services.network_share_link_reset(network=self.network, acting_user=self.request.user)
        return _("There is a new link to the network; the old one no longer works.")


class ShareLinkView(View):
    """A network's share link (networks/share_links.py), as its facilitators pass it on: opened
    signed in, this session holds the link and goes on to the network's card (where it may ask
    to join); someone not signed in signs in first and comes back here. A token that is no
    network's current one answers the 404 of a network that does not exist."""

    http_method_names = ["get", "head"]

    def get(self, request, token):
        network = selectors.network_by_share_token(token=token)
        if network is None:
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        share_links.remember(request, network)
        return redirect(network)


class InvitationResendView(NetworkActionView):
    def act(self):
        invitation = get_object_or_404(
            Invitation.objects.filter(network=self.network), pk=self.kwargs["invitation_id"]
        )
        services.invitation_resend(invitation=invitation, acting_user=self.request.user)
        return _("The invitation has been sent again.")


class JoinRequestDecideView(NetworkActionView):
    approve = True

    def act(self):
        join_request = get_object_or_404(
            JoinRequest.objects.filter(network=self.network).select_related("user"),
            pk=self.kwargs["request_id"],
        )
        services.join_request_decide(
            join_request=join_request, acting_user=self.request.user, approve=self.approve
        )
        return (
            _("%(name)s has been approved.") if self.approve else _("%(name)s has been declined.")
        ) % {"name": join_request.user.full_name}


class MemberRemoveView(NetworkConfirmView):
    """Take a member off the network (or its waitlist), after confirmation. A second confirm
    finds nobody to remove and says so."""

    title = gettext_lazy("Remove this person?")
    confirm_label = gettext_lazy("Yes, remove")
    already_done_message = gettext_lazy("This person is no longer in the network.")

    def get_target(self):
        return (
            Membership.objects.filter(
                network=self.network,
                status__in=[MembershipStatus.ACTIVE, MembershipStatus.WAITLISTED],
                pk=self.kwargs["membership_id"],
            )
            .select_related("user")
            .first()
        )

    def _next_in_line(self):
        if not self.target.holds_a_seat:
            return None
        waitlist = selectors.next_in_line(
            network=self.network, seats=1, freed_organisation_id=self.target.organisation_id
        )
        return waitlist[0] if waitlist else None

    def consequences(self):
        name = self.target.user.full_name
        if self.target.is_waitlisted:
            return [_("%(name)s leaves the waitlist of this network.") % {"name": name}]
        lines = [
            _(
                "%(name)s is removed from %(network)s and no longer sees its sessions, minutes "
                "and evaluations."
            )
            % {"name": name, "network": self.network.name},  # fmt: skip
            _("They do not get an email about it."),
        ]
        next_in_line = self._next_in_line()
        if next_in_line is not None:
            lines.append(
                _("Their seat goes to %(name)s, first on the waitlist.")
                % {"name": next_in_line.user.full_name}
            )
        return lines

    def recipients(self):
        next_in_line = self._next_in_line()
        return [next_in_line.user.full_name] if next_in_line else []

    def act(self):
        services.membership_remove(membership=self.target, acting_user=self.request.user)
        return _("%(name)s has been removed from the network.") % {
            "name": self.target.user.full_name
        }


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


class NetworkStartView(NetworkPermissionMixin, View):
    """The link in the welcome emails (a request approved, a seat from the waitlist): sends a
    new member to their next step (``next_step_url``)."""

    permission_required = "networks.view_network"

    def get(self, request, *args, **kwargs):
        return redirect(next_step_url(user=request.user, network=self.network))


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


class InvitationAcceptView(View):
    """The link from an invitation email. Works for people without an account too.

    Anonymous visitors are asked to sign up or log in; the token waits in their session and
    the account adapter brings them back here afterwards. A signed-in account that has not
    verified the invited address gets a page that says so (403, on GET and POST alike) and
    offers to sign out and continue with the invited address; nothing is written.
    """

    template_name = "networks/invitation_accept.html"
    other_address_template_name = "networks/invitation_other_address.html"

    def dispatch(self, request, *args, **kwargs):
        """Someone without an account reads the invitation in the network's language (unless
        they chose one with the language switch), and keeps it: a language cookie carries it
        into the signup that follows, whose account takes it. A signed-in user's own language
        always wins."""
        self.invitation = services.invitation_from_token(kwargs["token"])
        language = self._visitor_language(request)
        if language is None:
            return super().dispatch(request, *args, **kwargs)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = super().dispatch(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response

    def _visitor_language(self, request) -> str | None:
        """The network's language for a visitor who is not signed in and chose none, else None."""
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if request.user.is_authenticated or self.invitation is None:
            return None
        if chosen in dict(settings.LANGUAGES):
            return None
        return self.invitation.network.language

    def _load(self, request, token):
        invitation = self.invitation
        try:
            return services.invitation_check(invitation), None
        except ApplicationError as error:
            request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
            status = 404 if error.code == "invalid" else 410
            response = render(
                request, "networks/invitation_invalid.html", {"error": error.message}, status=status
            )
            return None, response

    def _refuse_other_address(self, request, invitation):
        """The page for a signed-in account that may not use this invitation, else None."""
        try:
            services.invitation_check_address(invitation, acting_user=request.user)
        except ApplicationError as error:
            # The token must not send this account back here after every later login.
            request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
            return render(
                request,
                self.other_address_template_name,
                {
                    "invitation": invitation,
                    "network": invitation.network,
                    "error": error.message,
                    "unverified": error.code == "address_unverified",
                },
                status=403,
            )
        return None

    def get(self, request, token):
        invitation, error_response = self._load(request, token)
        if error_response:
            return error_response
        if not request.user.is_authenticated:
            request.session[PENDING_INVITATION_SESSION_KEY] = token
            return self._render(request, invitation, GroundRulesForm())
        refusal = self._refuse_other_address(request, invitation)
        if refusal:
            return refusal
        return self._render(request, invitation, GroundRulesForm())

    def post(self, request, token):
        invitation, error_response = self._load(request, token)
        if error_response:
            return error_response
        if not request.user.is_authenticated:
            request.session[PENDING_INVITATION_SESSION_KEY] = token
            return self._render(request, invitation, GroundRulesForm())
        refusal = self._refuse_other_address(request, invitation)
        if refusal:
            return refusal
        form = GroundRulesForm(request.POST)
        if not form.is_valid():
            return self._render(request, invitation, form)
        try:
            membership = services.invitation_accept(
                invitation=invitation, acting_user=request.user, accept_ground_rules=True
            )
        except ApplicationError as error:
            request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
            form.add_error(None, error.message)
            return self._render(request, invitation, form)
        request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
        if membership.waits_for_organisation_seat:
            messages.warning(
                request,
                _(
                    "This network keeps seats for other organisations: yours already has the "
                    "maximum number of members. You are number %(position)d on the waitlist; "
                    "we will email you as soon as a seat for you frees up."
                )
                % {"position": selectors.waitlist_position(membership=membership)},
            )
        elif membership.is_waitlisted:
            messages.warning(
                request,
                _(
                    "The network is full. You are number %(position)d on the waitlist; "
                    "we will email you as soon as a seat frees up."
                )
                % {"position": selectors.waitlist_position(membership=membership)},
            )
            return redirect("networks:dashboard")
        messages.success(request, _("Welcome to %(network)s!") % {"network": invitation.network})
        return redirect(next_step_url(user=request.user, network=invitation.network))

    def _render(self, request, invitation, form):
        return render(
            request,
            self.template_name,
            {
                "invitation": invitation,
                "network": invitation.network,
                "form": form,
                "masked_email": services.mask_email(invitation.email),
            },
        )
