"""The link in an invitation email, for people with or without an account."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from accounts.adapter import (
    INVITED_EMAIL_SESSION_KEY,
    PENDING_INVITATION_AFTER_EMAIL_KEY,
    PENDING_INVITATION_SESSION_KEY,
)
from core.errors import ApplicationError
from networks import selectors, services
from pages.networks.forms import GroundRulesForm
from pages.networks.views.homes import next_step_url


class InvitationAcceptView(View):
    """The link from an invitation email. Works for people without an account too.

    Anonymous visitors are asked to sign up or log in; the token waits in their session and
    the account adapter brings them back here afterwards. A signed-in account that has not
    verified the invited address gets a page that says so (403, on GET and POST alike) and
    offers to add the invited address to the account (allauth's add-email, confirmed by email;
    the confirmation brings them back here) or to sign out and continue with the invited
    address; nothing is written.

    The link itself came to the invited address, so it proves that address as well as allauth's
    confirmation link would: a visitor who signs up from here with the invited address
    (prefilled) gets it verified at once (``AccountAdapter.stash_invited_email``) and receives
    no second email. Any other address is confirmed as usual.
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
            request.session.pop("account_verified_email", None)
            request.session.pop(INVITED_EMAIL_SESSION_KEY, None)
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
            # The token must not send this account back here after every later login; only the
            # confirmation of the invited address, once added, does (accounts.adapter).
            request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
            request.session[PENDING_INVITATION_AFTER_EMAIL_KEY] = self.kwargs["token"]
            return render(
                request,
                self.other_address_template_name,
                {
                    "invitation": invitation,
                    "network": invitation.network,
                    "error": error.message,
                    "unverified": error.code == "address_unverified",
                    "invited_email": invitation.email,
                },
                status=403,
            )
        return None

    def get(self, request, token):
        invitation, error_response = self._load(request, token)
        if error_response:
            return error_response
        if not request.user.is_authenticated:
            self._remember(request, invitation, token)
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
            self._remember(request, invitation, token)
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

    def _remember(self, request, invitation, token):
        """Keep the token for after signup or login, and the invited address as proven by the
        link (allauth prefills the signup form with it and marks it verified if used)."""
        request.session[PENDING_INVITATION_SESSION_KEY] = token
        get_adapter(request).stash_invited_email(request, invitation.email)

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
