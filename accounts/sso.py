"""Signing in through an organisation's own identity provider (issue 26): reads and writes.

An organisation connects its OpenID Connect provider (``IdentityProvider``) for one or more email
domains (``SignInDomain``, one organisation per domain). allauth's ``openid_connect`` provider
does the protocol (PKCE on); it finds the provider as a ``SocialApp`` built here from the row,
with the client secret unsealed only in memory (``core.crypto``), so no secret sits in allauth's
own table. The rules about whom to trust live in ``accounts.sso_adapter``.
"""

import logging

from allauth.socialaccount.models import SocialApp
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import sso_saml
from accounts.audit import AuditAction
from accounts.enums import SessionEndReason
from accounts.models import IdentityProvider, Organisation, SignInDomain, User
from accounts.services import user_sessions_end
from core import crypto
from core.audit import audit_record
from core.errors import ApplicationError
from core.models import AuditEvent

logger = logging.getLogger(__name__)

OIDC = "openid_connect"
PROVIDER_ID_PREFIX = "org-"
_SECRET_PURPOSE = b"leernet.sso-client-secret.v1"
# What a change of these fields is called in the audit log's detail (names only, no values).
_AUDITED_FIELDS = (
    "protocol",
    "issuer_url",
    "client_id",
    "scopes",
    "saml_metadata_url",
    "saml_metadata_xml",
    "saml_entity_id",
    "trusted",
    "mfa_acr_values",
)


def email_domain(email: str) -> str:
    """The domain of ``email``, lower case ("" for something that is not an address)."""
    local, at, domain = (email or "").strip().rpartition("@")
    return domain.lower().strip(".") if at and local else ""


def clean_domain(domain: str) -> str:
    """A domain as stored: lower case, no "@" or dots around it, no spaces."""
    return domain.strip().lower().lstrip("@").strip(".")


def provider_for_email(email: str) -> IdentityProvider | None:
    """The identity provider that answers for ``email``'s domain, if any."""
    domain = email_domain(email)
    if not domain:
        return None
    found = (
        SignInDomain.objects.select_related("provider__organisation").filter(domain=domain).first()
    )
    return found.provider if found else None


def provider_by_id(provider_id: str) -> IdentityProvider | None:
    """The identity provider allauth calls ``provider_id`` ("org-<organisation id>")."""
    number = (provider_id or "").removeprefix(PROVIDER_ID_PREFIX)
    if not provider_id.startswith(PROVIDER_ID_PREFIX) or not number.isdigit():
        return None
    return (
        IdentityProvider.objects.select_related("organisation")
        .filter(organisation_id=int(number))
        .first()
    )


def provider_domains(provider: IdentityProvider) -> list[str]:
    return [d.domain for d in provider.domains.all()]


def identity_providers() -> QuerySet[IdentityProvider]:
    return IdentityProvider.objects.select_related("organisation")


def seal_secret(secret: str) -> bytes:
    return crypto.seal(secret.encode(), purpose=_SECRET_PURPOSE)


def unseal_secret(provider: IdentityProvider) -> str:
    if not provider.client_secret_sealed:
        return ""
    return crypto.unseal(provider.client_secret_sealed, purpose=_SECRET_PURPOSE).decode()


def social_app(provider: IdentityProvider) -> SocialApp:
    """The provider as allauth's (unsaved) ``SocialApp``: discovery under the issuer URL, PKCE on,
    the organisation's scopes; hidden from allauth's own lists of providers. A SAML provider's
    is built by ``accounts.sso_saml``."""
    if provider.protocol == IdentityProvider.Protocol.SAML:
        return sso_saml.social_app(provider)
    return SocialApp(
        provider=OIDC,
        provider_id=provider.provider_id,
        name=provider.organisation.name,
        client_id=provider.client_id,
        secret=unseal_secret(provider),
        settings={
            "server_url": provider.issuer_url,
            "oauth_pkce_enabled": True,
            "scope": provider.scopes.split(),
            "hidden": True,
        },
    )


def mfa_asserted(provider: IdentityProvider, claims: dict) -> bool:
    """The provider says the person gave a second factor: its ``amr`` holds "mfa", or its
    ``acr`` is one the organisation named."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = amr.split()
    if "mfa" in amr:
        return True
    acr = claims.get("acr")
    return bool(acr) and str(acr) in provider.mfa_acr_values.split()


def people_of_domains(domains: list[str]) -> int:
    """How many active accounts have an address in ``domains``."""
    query = Q()
    for domain in domains:
        query |= Q(email__iendswith=f"@{clean_domain(domain)}")
    return User.objects.filter(query, is_active=True).count() if domains else 0


def _end_sessions_of_domains(domains: list[str], *, keep_session_key: str | None) -> int:
    ended = 0
    for domain in domains:
        for user in User.objects.filter(email__iendswith=f"@{domain}", is_active=True):
            ended += user_sessions_end(
                user=user, reason=SessionEndReason.SSO_REQUIRED, keep_session_key=keep_session_key
            )
    return ended


def _check_domains(domains: list[str], provider: IdentityProvider | None) -> None:
    taken = SignInDomain.objects.filter(domain__in=domains).select_related("provider__organisation")
    if provider is not None and provider.pk:
        taken = taken.exclude(provider=provider)
    for other in taken:
        raise ApplicationError(
            _("The domain %(domain)s already signs in through %(organisation)s.")
            % {"domain": other.domain, "organisation": other.provider.organisation.name}
        )


def _apply_protocol(provider: IdentityProvider, fields: dict, client_secret: str) -> None:
    """Write the protocol's own fields onto ``provider`` (the other protocol's are emptied)."""
    protocol = fields.get("protocol") or IdentityProvider.Protocol.OIDC
    provider.protocol = protocol
    if protocol == IdentityProvider.Protocol.SAML:
        url = (fields.get("saml_metadata_url") or "").strip()
        xml = "" if url else (fields.get("saml_metadata_xml") or "").strip()
        if not url and not xml:
            raise ApplicationError(
                _("Give the identity provider's SAML metadata URL, or paste its metadata.")
            )
        if xml:
            try:
                sso_saml.idp_from_xml(xml, fields.get("saml_entity_id", ""))
            except Exception as error:  # lxml's, python3-saml's or a missing certificate
                raise ApplicationError(
                    _("This is not SAML metadata of an identity provider with a certificate.")
                ) from error
        provider.saml_metadata_url, provider.saml_metadata_xml = url, xml
        provider.saml_entity_id = (fields.get("saml_entity_id") or "").strip()
        provider.issuer_url = provider.client_id = ""
        provider.client_secret_sealed = b""
        return
    if not (fields.get("issuer_url") and fields.get("client_id")):
        raise ApplicationError(_("Give the issuer URL and the client id the provider made."))
    if not client_secret and not provider.client_secret_sealed:
        raise ApplicationError(_("Give the client secret the provider made for Leernet."))
    provider.issuer_url = fields["issuer_url"].strip().rstrip("/")
    provider.client_id = fields["client_id"].strip()
    provider.scopes = " ".join((fields.get("scopes") or "").split()) or "openid profile email"
    provider.saml_metadata_url = provider.saml_metadata_xml = provider.saml_entity_id = ""
    if client_secret:
        provider.client_secret_sealed = seal_secret(client_secret)


# The sign-in events carry their organisation in the detail (the log has no organisation column),
# as "organisation <id> (<name then>)", then ": <changed field names>" for a change, so the
# history survives a rename (``sign_in_history``).
_SIGN_IN_ACTIONS = (
    AuditAction.SSO_CONNECTED,
    AuditAction.SSO_CHANGED,
    AuditAction.SSO_REQUIRED_ON,
    AuditAction.SSO_REQUIRED_OFF,
    AuditAction.SSO_DISCONNECTED,
)


def _audit_detail(organisation: Organisation) -> str:
    return f"organisation {organisation.pk} ({organisation.name})"


def sign_in_history(*, organisation: Organisation, limit: int = 20) -> list:
    """The organisation's sign-in events (connected, changed with field names, required on/off,
    disconnected), newest first, in one query without joins (the names are frozen)."""
    events = AuditEvent.objects.filter(
        action__in=_SIGN_IN_ACTIONS, detail__startswith=f"organisation {organisation.pk} ("
    )
    return list(events.order_by("-created_at", "-pk")[:limit])


def _audit_save(provider, *, is_new, before, old_domains, domains, secret_changed, acting_user):
    organisation = provider.organisation
    changed = [f for f in _AUDITED_FIELDS if before[f] != getattr(provider, f)]
    changed += ["domains"] if old_domains != domains else []
    changed += ["client_secret"] if secret_changed and not is_new else []
    if is_new:
        audit_record(
            actor=acting_user, action=AuditAction.SSO_CONNECTED, detail=_audit_detail(organisation)
        )
    elif changed:
        detail = f"{_audit_detail(organisation)}: " + ", ".join(changed)
        audit_record(actor=acting_user, action=AuditAction.SSO_CHANGED, detail=detail)


@transaction.atomic
def identity_provider_save(  # noqa: PLR0913 (the fields of one form)
    *,
    organisation: Organisation,
    issuer_url: str = "",
    client_id: str = "",
    client_secret: str = "",
    scopes: str = "",
    domains: list[str],
    trusted: bool,
    sso_required: bool,
    mfa_acr_values: str = "",
    acting_user: User | None,
    keep_session_key: str | None = None,
    protocol: str = IdentityProvider.Protocol.OIDC,
    saml_metadata_url: str = "",
    saml_metadata_xml: str = "",
    saml_entity_id: str = "",
) -> IdentityProvider:
    """Connect ``organisation`` to its provider (OpenID Connect or SAML) or change it. An empty
    ``client_secret`` keeps the stored one. Audited (connected, changed with the names of the
    fields, required on/off); switching "required" on ends the open sessions of the people of
    its domains (all but ``keep_session_key``, the coordinator's own). Raises
    ``ApplicationError`` for a domain that another organisation has, a first OpenID Connect
    connection without a secret, or SAML without (readable) metadata."""
    domains = sorted({clean_domain(d) for d in domains if clean_domain(d)})
    if not domains:
        raise ApplicationError(_("Give at least one email domain, for example zorg.be."))
    provider = (
        IdentityProvider.objects.select_for_update().filter(organisation=organisation).first()
    )
    _check_domains(domains, provider)
    is_new = provider is None
    provider = provider or IdentityProvider(organisation=organisation)
    before = {field: getattr(provider, field) for field in _AUDITED_FIELDS}
    old_domains = [] if is_new else provider_domains(provider)
    was_required = provider.sso_required
    fields = {
        "protocol": protocol,
        "issuer_url": issuer_url,
        "client_id": client_id,
        "scopes": scopes,
        "saml_metadata_url": saml_metadata_url,
        "saml_metadata_xml": saml_metadata_xml,
        "saml_entity_id": saml_entity_id,
    }
    _apply_protocol(provider, fields, client_secret)
    provider.trusted = trusted
    provider.sso_required = sso_required
    provider.mfa_acr_values = " ".join(mfa_acr_values.split())
    provider.updated_at = timezone.now()
    provider.save()
    provider.domains.exclude(domain__in=domains).delete()
    try:
        with transaction.atomic():
            for domain in domains:
                SignInDomain.objects.get_or_create(provider=provider, domain=domain)
    except IntegrityError as error:  # another organisation took it at the same moment
        raise ApplicationError(
            _("One of these domains was just taken by another organisation.")
        ) from error
    _audit_save(
        provider,
        is_new=is_new,
        before=before,
        old_domains=old_domains,
        domains=domains,
        secret_changed=bool(client_secret),
        acting_user=acting_user,
    )
    if sso_required != was_required:
        action = AuditAction.SSO_REQUIRED_ON if sso_required else AuditAction.SSO_REQUIRED_OFF
        audit_record(actor=acting_user, action=action, detail=_audit_detail(organisation))
    if sso_required and not was_required:
        transaction.on_commit(
            lambda: _end_sessions_of_domains(domains, keep_session_key=keep_session_key)
        )
    return provider


@transaction.atomic
def identity_provider_disconnect(*, organisation: Organisation, acting_user: User | None) -> None:
    """Remove the organisation's provider and domains (people linked to it keep their account
    and sign in with a password, which they set through "Forgot your password?")."""
    deleted, _counts = IdentityProvider.objects.filter(organisation=organisation).delete()
    if deleted:
        audit_record(
            actor=acting_user,
            action=AuditAction.SSO_DISCONNECTED,
            detail=_audit_detail(organisation),
        )


def sso_required_for(email: str) -> IdentityProvider | None:
    """The provider ``email`` must sign in through, when its organisation requires it."""
    provider = provider_for_email(email)
    return provider if provider is not None and provider.sso_required else None
