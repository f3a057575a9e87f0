"""allauth's social-account adapter as Leernet runs it: organisations' own identity providers
(issue 26; the providers themselves are read in accounts/sso.py).

Trust: the provider's address counts as verified only when the organisation marked the
provider trusted **and** the address is in one of the organisation's domains (and the provider
did not say it is unverified). An existing account is linked only through such an address and
only when the account's own address is verified; otherwise allauth asks to confirm the address
as it does for a signup. An address in a domain of another organisation is refused. Every
refusal or failure is logged with the provider's id and the kind of failure, never the address.
"""

import logging

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts import sso, sso_saml
from accounts.enums import Language

logger = logging.getLogger("leernet.sso")

ERROR_TEMPLATE = "socialaccount/authentication_error.html"


def claims_of(sociallogin) -> dict:
    """What the provider said about the person: the userinfo answer over the ID token's."""
    data = sociallogin.account.extra_data or {}
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def id_token_claims(sociallogin) -> dict:
    return (sociallogin.account.extra_data or {}).get("id_token") or {}


def address_is_trusted(provider, email: str, claims: dict) -> bool:
    """The provider's ``email`` counts as verified (see the module docstring)."""
    return (
        provider is not None
        and provider.trusted
        and sso.email_domain(email) in sso.provider_domains(provider)
        and claims.get("email_verified") not in (False, "false", "False")
    )


def refuse(request, *, provider_id: str, kind: str, message: str):
    """End the sign-in on the error page with ``message``; log only the provider and ``kind``."""
    logger.warning("SSO sign-in refused: provider=%s reason=%s", provider_id, kind)
    response = render(request, ERROR_TEMPLATE, {"reason": message}, status=400)
    raise ImmediateHttpResponse(response)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        if provider and provider.startswith(sso.PROVIDER_ID_PREFIX):
            found = sso.provider_by_id(provider)
            providers = [found] if found is not None else []
        elif provider in (None, sso.OIDC, sso_saml.SAML):
            providers = list(sso.identity_providers())
        else:
            providers = []
        apps = [sso.social_app(p) for p in providers]
        return [
            app
            for app in apps
            if (client_id is None or app.client_id == client_id)
            and provider in (None, app.provider, app.provider_id)
        ]

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        claims = claims_of(sociallogin)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.full_name = (name or (user.email or "").partition("@")[0])[:150]
        # OpenID Connect's ``locale`` claim, or SAML's ``preferredLanguage`` (sso_saml's
        # attribute mapping puts it in ``data`` as "locale"): "en-GB", "nl_BE" and "en" alike
        said = claims.get("locale") or data.get("locale") or ""
        locale = str(said).replace("_", "-").split("-")[0].lower()
        if locale in Language.values:
            user.language = locale
        provider = sso.provider_by_id(sociallogin.account.provider)
        if provider is not None:
            user.organisation = provider.organisation
        return user

    def pre_social_login(self, request, sociallogin):
        provider_id = sociallogin.account.provider
        provider = sso.provider_by_id(provider_id)
        if provider is None:
            refuse(
                request,
                provider_id=provider_id,
                kind="unknown_provider",
                message=_("This organisation's sign-in is no longer connected to Leernet."),
            )
        email = (sociallogin.user.email if sociallogin.user else "") or ""
        if not email and sociallogin.email_addresses:
            email = sociallogin.email_addresses[0].email
        if not sso.email_domain(email):
            refuse(
                request,
                provider_id=provider_id,
                kind="no_email",
                message=_(
                    "Your organisation's sign-in did not tell Leernet your email address. Ask "
                    "your organisation's IT department to release the “email” claim to Leernet, "
                    "or sign in with your password."
                ),
            )
        owner = sso.provider_for_email(email)
        if owner is not None and owner.pk != provider.pk:
            refuse(
                request,
                provider_id=provider_id,
                kind="domain_of_other_organisation",
                message=_(
                    "Addresses of this domain sign in through %(organisation)s, not through "
                    "this organisation's sign-in."
                )
                % {"organisation": owner.organisation.name},
            )
        trusted = address_is_trusted(provider, email, claims_of(sociallogin))
        for address in sociallogin.email_addresses:
            address.verified = trusted and address.email.lower() == email.lower()

    def authenticate_by_email(self, sociallogin):
        """Link to an existing account only through a trusted address and only when the
        account verified that same address (never on the provider's word alone)."""
        provider = sso.provider_by_id(sociallogin.account.provider)
        claims = claims_of(sociallogin)
        for address in sociallogin.email_addresses:
            if not address_is_trusted(provider, address.email, claims):
                continue
            own = (
                EmailAddress.objects.filter(email__iexact=address.email, verified=True)
                .select_related("user")
                .first()
            )
            if own is not None and own.user.is_active:
                return own.user, own.email
        return None

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        logger.warning(
            "SSO sign-in failed: provider=%s error=%s exception=%s",
            getattr(getattr(provider, "app", None), "provider_id", "")
            or getattr(provider, "id", ""),
            error,
            type(exception).__name__ if exception is not None else "",
        )


class SignatureCheckingOIDCAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect client, checking the ID token's signature against the
    provider's published keys always (allauth skips it for a token it fetched itself, which the
    specification allows over TLS; Leernet checks anyway), besides its issuer, audience (the
    organisation's client id), expiry and ``jti``."""

    def _decode_id_token(self, app, id_token: str) -> dict:
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
