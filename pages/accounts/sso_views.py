"""The sign-in step of organisations' own sign-in (issue 26): the email-first form that sends an
address of a connected domain to its organisation's provider, and a guard around allauth's
OpenID Connect views so a provider that is down or answers nonsense gets a page, never a 500."""

import logging
from functools import wraps

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.saml import views as saml_views
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from lxml.etree import XMLSyntaxError
from onelogin.saml2.errors import OneLogin_Saml2_Error
from requests import RequestException

from accounts import sso
from accounts.sso_adapter import SignatureCheckingOIDCAdapter
from pages.accounts.sso_forms import OrganisationSignInForm

logger = logging.getLogger("leernet.sso")

ERROR_TEMPLATE = "socialaccount/authentication_error.html"
# What a provider that is down, slow or answers nonsense raises: requests' errors (OpenID
# Connect), urllib's (OSError: SAML metadata), python3-saml's and lxml's (unreadable metadata).
PROVIDER_ERRORS = (
    RequestException,
    OSError,
    OneLogin_Saml2_Error,
    XMLSyntaxError,
    KeyError,
    ValueError,
)


def _provider_unreachable(request, provider_id: str, error: Exception):
    logger.warning(
        "SSO provider unreachable: provider=%s exception=%s", provider_id, type(error).__name__
    )
    reason = _(
        "Your organisation's sign-in does not answer right now, or its answer could not be read."
    )
    return render(request, ERROR_TEMPLATE, {"reason": reason}, status=502)


def _safe_next(request) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if allowed else ""


@require_http_methods(["GET", "POST"])
def organisation_sign_in(request):
    """GET: the form alone. POST: an address of a connected domain goes on to its organisation's
    provider (PKCE, state kept in the session by allauth) through a page that forwards the
    browser; any other goes back to the password form, saying so."""
    next_url = _safe_next(request)
    form = OrganisationSignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        provider = sso.provider_for_email(form.cleaned_data["email"])
        if provider is None:
            messages.info(
                request,
                _(
                    "Your organisation does not sign you in to Leernet: sign in with your "
                    "Leernet password, or sign up."
                ),
            )
            query = f"?{urlencode({'next': next_url})}" if next_url else ""
            return redirect(reverse("account_login") + query)
        app_provider = get_adapter(request).get_provider(request, provider.provider_id)
        request.META.setdefault("HTTP_HOST", request.get_host())  # python3-saml reads it
        try:
            response = app_provider.redirect(request, process="login", next_url=next_url or None)
        except PROVIDER_ERRORS as error:
            return _provider_unreachable(request, provider.provider_id, error)
        if response.status_code != 302:  # allauth's own error page
            return response
        # Not a redirect: the login page's CSP (form-action 'self') also governs where a posted
        # form is redirected to, so the browser goes on from a page of Leernet's own.
        return render(
            request,
            "accounts/organisation_redirect.html",
            {"provider_url": response["Location"], "organisation": provider.organisation.name},
        )
    return render(request, "accounts/organisation_sign_in.html", {"form": form, "next": next_url})


def _guarded(view_class):
    """allauth's OpenID Connect view with Leernet's adapter (the ID token's signature checked);
    a provider that is down, slow or answers something unreadable gets a page, not a 500."""

    @login_not_required
    def guarded(request, provider_id):
        try:
            view = view_class.adapter_view(SignatureCheckingOIDCAdapter(request, provider_id))
            return view(request)
        except SocialApp.DoesNotExist as error:
            raise Http404 from error
        except PROVIDER_ERRORS as error:
            return _provider_unreachable(request, provider_id, error)

    return guarded


provider_login = _guarded(OAuth2LoginView)
provider_callback = _guarded(OAuth2CallbackView)


def _guarded_saml(view):
    """allauth's SAML view; IdP metadata that cannot be fetched or read gets a page, not a 500."""

    @login_not_required
    @wraps(view)  # keeps allauth's csrf_exempt on the ACS and SLS (the IdP posts to them)
    def guarded(request, organization_slug):
        request.META.setdefault("HTTP_HOST", request.get_host())  # python3-saml reads it
        try:
            return view(request, organization_slug=organization_slug)
        except PROVIDER_ERRORS as error:
            return _provider_unreachable(request, organization_slug, error)
        except PermissionDenied:  # an answer to a sign-in this browser did not start
            logger.warning("SSO sign-in refused: provider=%s reason=state", organization_slug)
            reason = _(
                "This answer of your organisation's sign-in does not belong to a sign-in you "
                "started in this browser. Start again from Leernet's sign-in page."
            )
            return render(request, ERROR_TEMPLATE, {"reason": reason}, status=403)

    return guarded


saml_login = _guarded_saml(saml_views.login)
saml_acs = _guarded_saml(saml_views.acs)
saml_finish_acs = _guarded_saml(saml_views.finish_acs)
saml_metadata = _guarded_saml(saml_views.metadata)
saml_sls = _guarded_saml(saml_views.sls)
