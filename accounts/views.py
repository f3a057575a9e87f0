from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts import selectors, services
from accounts.enums import Language
from accounts.forms import (
    DeleteAccountForm,
    OrganisationProposalAcceptForm,
    OrganisationProposalMergeForm,
    ProfileForm,
)
from accounts.models import OrganisationProposal
from accounts.rules import may_decide_proposals
from accounts.services import user_delete_account, user_set_language, user_update_profile
from core.errors import ApplicationError


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


@login_required
@require_POST
def organisation_proposal_decide(request, proposal_id: int):
    """One decision on one proposal (``action``: accept, merge or decline), then back to the
    list with a message; bad input shows the list again with the message."""
    _require_decider(request)
    proposal = get_object_or_404(
        OrganisationProposal.objects.filter(decided_at__isnull=True), pk=proposal_id
    )
    action = request.POST.get("action")
    try:
        if action == "accept":
            form = OrganisationProposalAcceptForm(request.POST, prefix=f"p{proposal.pk}")
            if not form.is_valid():
                raise ApplicationError(" ".join(m for ms in form.errors.values() for m in ms))
            organisation = services.organisation_proposal_accept(
                proposal=proposal, acting_user=request.user, **form.cleaned_data
            )
            message = _("%(name)s has been added to the list.") % {"name": organisation.name}
        elif action == "merge":
            form = OrganisationProposalMergeForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("Choose the organisation to link the people to."))
            organisation = form.cleaned_data["organisation"]
            services.organisation_proposal_merge(
                proposal=proposal, organisation=organisation, acting_user=request.user
            )
            message = _("The people who gave “%(proposed)s” now belong to %(name)s.") % {
                "proposed": proposal.name,
                "name": organisation.name,
            }
        elif action == "decline":
            services.organisation_proposal_decline(proposal=proposal, acting_user=request.user)
            message = _("“%(proposed)s” has not been added.") % {"proposed": proposal.name}
        else:
            raise ApplicationError(_("Choose what to do with this proposal."))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect("accounts:organisation_proposals")


@require_POST
def set_language(request):
    """Django's set_language, which also remembers the choice on a signed-in user's profile."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in Language.values:
        user_set_language(acting_user=request.user, language=language)
    return django_set_language(request)


@login_required
def delete_account(request):
    """Say what deleting the account does, ask the password, then anonymise and sign out."""
    form = DeleteAccountForm(request.POST or None)
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
