"""The test provider's claims: allauth's, plus what IDP_USERS says of each person (a locale,
an ``amr``/``acr`` for two-factor, an ``email_verified`` or an ``aud`` of the test's choosing)."""

from allauth.idp.oidc.adapter import DefaultOIDCAdapter
from django.conf import settings

EXTRA = ("locale", "amr", "acr", "email_verified", "aud")


class ClaimsAdapter(DefaultOIDCAdapter):
    def get_claims(self, purpose, user, client, scopes, email=None, **kwargs):
        claims = super().get_claims(purpose, user, client, scopes, email=email, **kwargs)
        person = settings.IDP_USERS.get(user.email, {})
        claims.update({key: person[key] for key in EXTRA if key in person})
        if person.get("no_email"):
            claims.pop("email", None)
            claims.pop("email_verified", None)
        return claims
