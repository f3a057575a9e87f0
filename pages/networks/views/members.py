"""The facilitators' members page: members, waitlist, invitations, requests to join and the
share link."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from core.errors import ApplicationError
from networks import rules, selectors, services, share_links
from networks.enums import InvitationStatus, MembershipStatus
from networks.models import Invitation, JoinRequest, Membership
from pages.core.actions import ask_before_posting, is_confirmed
from pages.networks.forms import InvitationForm, NetworkStatusForm
from pages.networks.mixins import NetworkPermissionMixin
from pages.networks.views.base import NetworkActionView, NetworkConfirmView

DRAFT_INVITATION_NOTE = gettext_lazy(
    "The network is not open yet: invitees can accept and join, but it is not in the directory "
    "and nobody can ask to join. Open the network on its page when you are ready."
)


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
        if not form.is_valid() or request.POST.get("edit"):
            return self.render_to_response(self.get_context_data(invitation_form=form))
        if not is_confirmed(request):
            return self._ask(form)
        sent, refused = [], []
        for email in form.cleaned_data["emails"]:
            try:
                services.invitation_create(
                    network=self.network,
                    email=email,
                    role=form.cleaned_data["role"],
                    acting_user=request.user,
                    note=form.cleaned_data["note"],
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

    def _ask(self, form):
        """Inviting emails every address: the confirmation page says who gets what."""
        emails = form.cleaned_data["emails"]
        consequences = [
            ngettext(
                "%(count)d person gets an email with a personal link to join %(network)s, "
                "which works for their address only.",
                "%(count)d people get an email with a personal link to join %(network)s, "
                "each working for its own address only.",
                len(emails),
            )
            % {"count": len(emails), "network": self.network.name},
        ]
        if self.network.is_draft:
            consequences.append(str(DRAFT_INVITATION_NOTE))
        return ask_before_posting(
            self.request,
            title=_("Send the invitations?"),
            consequences=consequences,
            recipients=list(emails),
            cancel_url=reverse("networks:manage_members", kwargs={"pk": self.network.pk}),
            confirm_label=_("Yes, send the invitations"),
            back_label=_("Change the addresses"),
        )


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
