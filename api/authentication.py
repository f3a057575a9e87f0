"""Who calls the API: a bearer token of Leernet's own OAuth 2 provider (allauth.idp.oidc).

A token given by a person (authorization code with PKCE, device code) acts for that person:
``request.user`` is them. A client-credentials token of an organisation's integration
(``accounts.models.ApiClient``) acts for the organisation and for no person: ``request.user``
is anonymous and ``request.integration`` the integration. A request that carries a token that is
malformed, unknown, expired or revoked is refused with a 401 (never treated as anonymous), so a
script learns at once that its token went bad."""

from allauth.idp.oidc.contrib.rest_framework.authentication import TokenAuthentication
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions

from accounts.oauth import integration_of


class BearerTokenAuthentication(TokenAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            request.integration = None
            return None
        if not header.startswith("Bearer ") or len(header) > 2048:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Bearer <token>.")
            )
        result = super().authenticate(request)
        if result is None:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid: it is unknown, expired or revoked.")
            )
        user, token = result
        integration = None
        if user is None:
            integration = integration_of(token.client_id) if token.client_id else None
            if integration is None:
                raise exceptions.AuthenticationFailed(
                    _("This token is not valid: it is unknown, expired or revoked.")
                )
            user = AnonymousUser()
        elif not user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is no longer active."))
        request.integration = integration
        return user, token

    def authenticate_header(self, request):
        return 'Bearer realm="leernet"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """allauth's token authentication in the OpenAPI schema (drf-spectacular)."""

    target_class = "api.authentication.BearerTokenAuthentication"
    name = "oauth2"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An OAuth 2 access token of Leernet (docs/api.md).",
        }
