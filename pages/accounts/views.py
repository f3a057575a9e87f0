from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts import rules, selectors, services
from accounts.enums import Language
from accounts.middleware import LANGUAGE_CHOSEN_SESSION_KEY
from accounts.rules import may_decide_proposals
from accounts.services import user_delete_account, user_set_language, user_update_profile
from core.errors import ApplicationError
from pages.accounts.forms import (
    DeleteAccountForm,
    OrganisationProposalAcceptForm,
    OrganisationProposalMergeForm,
    ProfileForm,
)
from pages.core.actions import ServiceActionView
from pages.core.mixins import ScopedPermissionMixin


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(acting_user=request.user, data=form.cleaned_data)
        translation.activate(request.user.language)  # answer in the language just chosen
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "pending_proposal": selectors.pending_proposal_for(user=request.user),
            "may_decide_proposals": may_decide_proposals(request.user),
        },
    )


def _require_decider(request) -> None:
    """Coordinators and staff only; anyone else gets the same 404 as a page that is not there."""
    if not may_decide_proposals(request.user):
        raise Http404


@login_required
def organisation_proposals(request):
    """The names people gave for organisations that are not listed yet, each with its choices:
    add it, link its people to a listed organisation, or decline it."""
    _require_decider(request)
    proposals = selectors.pending_proposals()
    organisations = list(selectors.organisation_list())
    rows = [
        (
            proposal,
            OrganisationProposalAcceptForm(
                initial={"name": proposal.name}, prefix=f"p{proposal.pk}"
            ),
        )
        for proposal in proposals
    ]
    return render(
        request,
        "accounts/organisation_proposals.html",
        {"rows": rows, "organisations": organisations},
    )


class OrganisationProposalDecisionView(ScopedPermissionMixin, ServiceActionView):
    """One decision on one pending proposal, then back to the list with a message; bad input
    goes back with the message. Anyone who may not decide gets the same 404 as a proposal
    that is not there (or was decided already)."""

    permission_required = "accounts.decide_proposal"
    permission_rules = rules
    url_kwarg = "proposal_id"

    def get_scoped_queryset(self, user):
        return selectors.pending_proposal_queryset()

    def set_object(self, obj) -> None:
        self.proposal = obj

    def get_success_url(self) -> str:
        return reverse("accounts:organisation_proposals")


class OrganisationProposalAcceptView(OrganisationProposalDecisionView):
    """Add the proposed name to the list, with the type and sector the decider gave."""

    def act(self) -> str:
        proposal = self.proposal
        form = OrganisationProposalAcceptForm(self.request.POST, prefix=f"p{proposal.pk}")
        if not form.is_valid():
            raise ApplicationError(" ".join(m for ms in form.errors.values() for m in ms))
        organisation = services.organisation_proposal_accept(
            proposal=proposal, acting_user=self.request.user, **form.cleaned_data
        )
        return _("%(name)s has been added to the list.") % {"name": organisation.name}


class OrganisationProposalMergeView(OrganisationProposalDecisionView):
    """Link the people who gave the name to an organisation that is listed already."""

    def act(self) -> str:
        form = OrganisationProposalMergeForm(self.request.POST)
        if not form.is_valid():
            raise ApplicationError(_("Choose the organisation to link the people to."))
        organisation = form.cleaned_data["organisation"]
        services.organisation_proposal_merge(
            proposal=self.proposal, organisation=organisation, acting_user=self.request.user
        )
        return _("The people who gave “%(proposed)s” now belong to %(name)s.") % {
            "proposed": self.proposal.name,
            "name": organisation.name,
        }


class OrganisationProposalDeclineView(OrganisationProposalDecisionView):
    """Do not add the name; its people keep no organisation."""

    def act(self) -> str:
        services.organisation_proposal_decline(
            proposal=self.proposal, acting_user=self.request.user
        )
        return _("“%(proposed)s” has not been added.") % {"proposed": self.proposal.name}


@require_POST
def set_language(request):
    """Django's set_language, which also remembers the choice on a signed-in user's profile, or,
    before signing in, in the session until the sign-in stores it (accounts.receivers)."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in Language.values:
        user_set_language(acting_user=request.user, language=language)
    elif language in Language.values:
        request.session[LANGUAGE_CHOSEN_SESSION_KEY] = language
    return django_set_language(request)


@login_required
def delete_account(request):
    """Say what deleting the account does, ask the password, then anonymise and sign out."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user_delete_account(acting_user=request.user, password=form.cleaned_data["password"])
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Your account has been deleted. We sent a confirmation to your old email "
                    "address. Thank you for learning with us."
                ),
            )
            return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form})
