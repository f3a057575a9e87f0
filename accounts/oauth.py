"""Leernet as an OAuth 2 / OpenID Connect provider (issue 27; allauth.idp.oidc does the protocol).

- ``SCOPES``: what each API scope lets an app do, in plain words (the consent page, the
  connected apps on the profile, the coordinator's integrations page).
- Integrations (``ApiClient``): an organisation's client-credentials clients, created, renamed,
  rotated and revoked by its coordinators (``api_client_create`` …); the secret is returned once.
- Connected apps: the apps a person allowed to act for them (their tokens), listed and revoked
  by that person (``connected_apps``, ``connected_app_revoke``).
- Erasure and export: a deleted account's tokens go (``oauth_erase_user``); "Download my data"
  lists the connected apps (``connected_apps_export``).
- Grants: whether the browser session that allowed an app had passed the second factor
  (``record_grant``, read by ``accounts.rules.token_passed_second_factor``); expired tokens
  and grants without tokens are cleared daily (``clear_expired_tokens``).
"""

import datetime

from allauth.idp.oidc.adapter import get_adapter
from allauth.idp.oidc.internal.oauthlib import device_codes
from allauth.idp.oidc.models import Client, Token
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, Max, Min, OuterRef
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditAction
from accounts.models import ApiClient, OAuthGrant, Organisation
from core.audit import audit_record
from core.errors import ApplicationError

# scope → what it lets an app do, said to the person who allows it.
SCOPES: dict[str, str] = {
    "openid": _("Know who you are on Leernet (your account number)"),
    "profile": _("See your name and language"),
    "email": _("See your email address"),
    "networks:read": _("See the networks you take part in"),
    "sessions:read": _("See the sessions of your networks and their agenda"),
    "rsvp:write": _("Tell a network whether you will come to a session"),
    "attendance:read": _("See who attended the sessions of the networks you facilitate"),
    "minutes:read": _("See the published minutes of your networks"),
    "results:read": _("See evaluation results (totals only, as on the results page)"),
    "members:read": _("See the members of the networks you facilitate"),
    "members:contact": _("See the email addresses of the members of the networks you facilitate"),
    "participation:read": _(
        "See the participation of your organisation's people who allowed it "
        "(network, sessions attended, hours)"
    ),
    "webhooks:manage": _("Add and remove webhooks of the networks you facilitate"),
}
# What an organisation's integration may be given: the organisation's own resources (the open
# networks are public: ``/api/v1/directory`` needs no token). The person-scoped reads
# (networks:read, sessions:read …) act for a person and are refused to an integration.
INTEGRATION_SCOPES = ["participation:read", "webhooks:manage"]
# Scopes whose every use is written to the audit log.
AUDITED_SCOPES = ("participation:read", "members:read", "members:contact")
NAME_MAX = 100


def scope_labels(scopes) -> list[dict]:
    return [{"scope": s, "label": SCOPES[s]} for s in scopes if s in SCOPES]


def record_grant(*, grant_id: str, user, second_factor: bool) -> None:
    """``user`` allowed an app in a browser session that had (or had not) passed the second
    factor: every token issued under ``grant_id`` (allauth's id of one consent or device
    confirmation, kept when a refresh token rotates) carries that (``OAuthGrant``)."""
    OAuthGrant.objects.update_or_create(
        grant_id=grant_id, user=user, defaults={"second_factor": second_factor}
    )


def device_request(user_code: str) -> dict | None:
    """The device-code request a person is asked to confirm with ``user_code`` (a script's
    sign-in, kept by allauth in the cache until it is confirmed or expires): its grant id and the
    scopes it asks; None when the code is unknown, expired or already used."""
    try:
        device_code, _client = device_codes.validate_user_code(user_code)
    except ValidationError:
        return None
    data = cache.get(device_codes.cache_device_code_key(device_code))
    if not data:
        return None
    return {"grant_id": data.get("grant_id"), "scopes": list(data.get("scope") or [])}


@transaction.atomic
def clear_expired_tokens() -> tuple[int, int]:
    """Expired tokens go (what allauth's ``oidc_cleartokens`` does), and so do the grants that
    no token refers to any more (a day old at least: a device confirmation's tokens are issued
    after it). Returns how many tokens and grants went."""
    tokens, _ = Token.objects.expired().delete()
    day_ago = timezone.now() - datetime.timedelta(days=1)
    grants, _ = (
        OAuthGrant.objects.filter(created_at__lt=day_ago)
        .exclude(
            Exists(
                Token.objects.annotate(grant=KT("data__grant_id")).filter(
                    grant=OuterRef("grant_id")
                )
            )
        )
        .delete()
    )
    return tokens, grants


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError(gettext("Give the integration a name."), code="name")
    if len(name) > NAME_MAX:
        raise ApplicationError(
            gettext("Keep the name under %(max)s characters.") % {"max": NAME_MAX}, code="name"
        )
    return name


def _clean_scopes(scopes) -> list[str]:
    scopes = list(dict.fromkeys(scopes))
    if not scopes:
        raise ApplicationError(gettext("Choose at least one permission."), code="scopes")
    unknown = [s for s in scopes if s not in INTEGRATION_SCOPES]
    if unknown:
        raise ApplicationError(
            gettext("An integration cannot have these permissions: %(scopes)s")
            % {"scopes": ", ".join(unknown)},
            code="scopes",
        )
    return scopes


def api_clients_of(*, organisation: Organisation) -> list[ApiClient]:
    return list(
        ApiClient.objects.filter(organisation=organisation)
        .select_related("client", "created_by")
        .order_by("client__name", "pk")
    )


def api_client_by_pk(*, organisation: Organisation, pk: int) -> ApiClient | None:
    return (
        ApiClient.objects.filter(organisation=organisation, pk=pk).select_related("client").first()
    )


def integration_of(client_id: str) -> ApiClient | None:
    """The organisation integration behind an OAuth client id, or None (a person's app)."""
    return ApiClient.objects.filter(client_id=client_id).select_related("organisation").first()


@transaction.atomic
def api_client_create(
    *, organisation: Organisation, name: str, scopes, acting_user
) -> tuple[ApiClient, str]:
    """A new client-credentials client for ``organisation``. Returns it and its secret (shown
    once: only its hash is stored). Audited."""
    name, scopes = _clean_name(name), _clean_scopes(scopes)
    secret = get_adapter().generate_client_secret()
    client = Client(name=name, type=Client.Type.CONFIDENTIAL, skip_consent=True)
    client.set_secret(secret)
    client.set_scopes(scopes)
    client.set_default_scopes(scopes)
    client.set_grant_types([Client.GrantType.CLIENT_CREDENTIALS])
    client.set_response_types([])
    client.save()
    integration = ApiClient.objects.create(
        client=client,
        organisation=organisation,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.API_CLIENT_CREATED,
        detail=f"organisation {organisation.pk} client {client.pk}",
    )
    return integration, secret


@transaction.atomic
def api_client_rename(*, integration: ApiClient, name: str, acting_user) -> ApiClient:
    integration.client.name = _clean_name(name)
    integration.client.save(update_fields=["name"])
    return integration


@transaction.atomic
def api_client_rotate(*, integration: ApiClient, acting_user) -> str:
    """A new secret (returned once); the old one stops working at once, and so do the tokens
    issued with it. Audited."""
    secret = get_adapter().generate_client_secret()
    integration.client.set_secret(secret)
    integration.client.save(update_fields=["secret"])
    Token.objects.filter(client=integration.client).delete()
    integration.rotated_at = timezone.now()
    integration.save(update_fields=["rotated_at"])
    audit_record(
        actor=acting_user,
        action=AuditAction.API_CLIENT_ROTATED,
        detail=f"organisation {integration.organisation_id} client {integration.client_id}",
    )
    return secret


@transaction.atomic
def api_client_revoke(*, integration: ApiClient, acting_user) -> None:
    """The client and every token it holds are deleted. Audited."""
    detail = f"organisation {integration.organisation_id} client {integration.client_id}"
    integration.client.delete()  # cascades to the integration row and the tokens
    audit_record(actor=acting_user, action=AuditAction.API_CLIENT_REVOKED, detail=detail)


def connected_apps(*, user) -> list[dict]:
    """The apps ``user`` allowed to act for them and that still hold a token: per app its name,
    the scopes granted, when it was first allowed and last given a token."""
    rows = (
        Token.objects.valid()
        .filter(user=user, client__isnull=False)
        .exclude(type=Token.Type.AUTHORIZATION_CODE)
        .values("client_id", "client__name")
        .annotate(first=Min("created_at"), last=Max("created_at"), tokens=Count("pk"))
        .order_by("client__name", "client_id")
    )
    scopes: dict[str, set[str]] = {}
    for client_id, granted in (
        Token.objects.valid().filter(user=user).values_list("client_id", "scopes")
    ):
        scopes.setdefault(client_id, set()).update(s for s in granted.split() if s)
    return [
        {
            "client_id": row["client_id"],
            "name": row["client__name"],
            "first_allowed": row["first"],
            "last_used": row["last"],
            "scopes": scope_labels(sorted(scopes.get(row["client_id"], ()))),
        }
        for row in rows
    ]


@transaction.atomic
def connected_app_revoke(*, user, client_id: str) -> int:
    """Every token ``user`` gave the app ``client_id`` is deleted: it can no longer act for them
    (it must ask again). Returns how many tokens went."""
    deleted, _ = Token.objects.filter(user=user, client_id=client_id).delete()
    if deleted:
        audit_record(
            actor=user, action=AuditAction.CONNECTED_APP_REVOKED, detail=f"client {client_id}"
        )
    return deleted


def connected_apps_export(*, user) -> list[dict]:
    """For "Download my data": the connected apps and what they may do (no token values: only
    their hashes are stored)."""
    return [
        {
            "app": app["name"],
            "client_id": app["client_id"],
            "first_allowed": app["first_allowed"].isoformat(),
            "last_used": app["last_used"].isoformat(),
            "permissions": [str(s["label"]) for s in app["scopes"]],
        }
        for app in connected_apps(user=user)
    ]


def oauth_erase_user(*, user, old_email: str, old_name: str) -> None:
    """A deleted account's tokens and consents go, and the apps it registered as their owner."""
    Token.objects.filter(user=user).delete()
    OAuthGrant.objects.filter(user=user).delete()
    Client.objects.filter(owner=user).delete()


def audit_scope_use(*, actor, client_id: str, scope: str, network=None, detail: str = "") -> None:
    """One use of an audited scope (``AUDITED_SCOPES``): who (the person or the integration's
    client), which scope, and for what."""
    audit_record(
        actor=actor,
        action=AuditAction.API_SCOPE_USED,
        network=network,
        detail=f"{scope} client {client_id} {detail}".strip(),
    )
