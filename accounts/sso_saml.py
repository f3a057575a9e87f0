"""SAML 2.0 sign-in of an organisation (issue 26, the second protocol): the provider as
allauth's ``saml`` SocialApp, built from the ``IdentityProvider`` row like the OpenID Connect one.

The identity provider is read from its metadata (a URL, fetched and cached by allauth, or XML
the coordinator pasted). Leernet is the service provider: its entity id is its metadata address
``SITE_URL/accounts/saml/org-<id>/metadata/``, its Assertion Consumer Service
``.../acs/``. Assertions must be signed (python3-saml, strict: audience, destination, times and
the signature against the provider's certificate are checked); a sign-in that Leernet did not
start (IdP-initiated) is refused. The AuthnContextClassRef the provider sends is kept with the
attributes so a named one can count as two-factor (``mfa_asserted``).
"""

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from django.conf import settings
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

from accounts.links import saml_path
from accounts.models import IdentityProvider

SAML = "saml"
# Where the authentication contexts are kept in the account's extra data (beside the attributes).
AUTHN_CONTEXTS = "leernet:authn_contexts"
# The attributes Leernet reads, by what Entra ID, ADFS, Shibboleth and most others send.
ATTRIBUTE_MAPPING = {
    **SAMLProvider.default_attribute_mapping,
    "email": [
        "urn:oid:0.9.2342.19200300.100.1.3",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "email",
        "mail",
    ],
    "first_name": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "urn:oid:2.5.4.42",
        "givenName",
    ],
    "last_name": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "urn:oid:2.5.4.4",
        "sn",
    ],
    "name": ["http://schemas.microsoft.com/identity/claims/displayname", "displayName"],
    "locale": ["preferredLanguage", "urn:oid:2.16.840.1.113730.3.1.39"],
}


class OrganisationSAMLProvider(SAMLProvider):
    """allauth's SAML provider, keeping the AuthnContextClassRef values with the attributes
    (``SOCIALACCOUNT_PROVIDERS["saml"]["provider_class"]``); allauth's URLs stay its own."""

    package = "allauth.socialaccount.providers.saml"

    def extract_extra_data(self, data):
        return {**data.get_attributes(), AUTHN_CONTEXTS: list(data.get_last_authn_contexts())}


def sp_entity_id(provider_id: str) -> str:
    return settings.SITE_URL + saml_path("metadata", provider_id)


def acs_url(provider_id: str) -> str:
    return settings.SITE_URL + saml_path("acs", provider_id)


def idp_from_xml(xml: str, entity_id: str = "") -> dict:
    """allauth's ``idp`` settings from pasted metadata (raises for XML that is not metadata)."""
    found = OneLogin_Saml2_IdPMetadataParser.parse(xml, entity_id=entity_id or None)
    idp = found.get("idp") or {}
    certs = (idp.get("x509certMulti") or {}).get("signing") or [idp.get("x509cert", "")]
    found = {
        "entity_id": idp.get("entityId", ""),
        "x509cert": certs[0],
        "sso_url": (idp.get("singleSignOnService") or {}).get("url", ""),
    }
    if not all(found.values()):
        raise ValueError("no identity provider with a certificate and a sign-in address")
    return found


def social_app(provider: IdentityProvider) -> SocialApp:
    """The organisation's SAML provider as allauth's (unsaved) ``SocialApp``: its slug in
    allauth's URLs is the provider id ("org-<id>")."""
    if provider.saml_metadata_url:
        idp = {
            "entity_id": provider.saml_entity_id or None,
            "metadata_url": provider.saml_metadata_url,
            "metadata_request_timeout": settings.SOCIALACCOUNT_REQUESTS_TIMEOUT,
        }
    else:
        idp = idp_from_xml(provider.saml_metadata_xml, provider.saml_entity_id)
    return SocialApp(
        provider=SAML,
        provider_id=provider.provider_id,
        name=provider.organisation.name,
        client_id=provider.provider_id,
        settings={
            "idp": idp,
            "sp": {"entity_id": sp_entity_id(provider.provider_id)},
            "attribute_mapping": ATTRIBUTE_MAPPING,
            "advanced": {
                "strict": True,
                "want_assertion_signed": True,
                "reject_idp_initiated_sso": True,
            },
            "hidden": True,
        },
    )


def mfa_asserted(provider: IdentityProvider, extra_data: dict) -> bool:
    """The AuthnContextClassRef the provider sent is one the organisation named as two-factor."""
    named = set(provider.mfa_acr_values.split())
    return bool(named) and bool(named & set(extra_data.get(AUTHN_CONTEXTS) or []))
