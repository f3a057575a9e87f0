"""A network's webhooks (issue 27): the events, writing them in the transaction of the change,
the safe-address checks, signing (Standard Webhooks) and the formats per kind.

- ``emit`` writes one ``WebhookDelivery`` per active endpoint that wants the event, inside the
  caller's transaction: the webhook exists exactly when its change does; core/outbox.py sends it
  after commit and retries it for about a day.
- Payloads are thin: type, time, ids, counts and an API link. Never a name, an address, an answer
  or text a member wrote.
- ``check_url`` refuses a plain-http address (unless ``LEERNET_WEBHOOKS_ALLOW_LOOPBACK``, tests
  only) and a host that resolves to a private, loopback, link-local, multicast or reserved address;
  it runs when an endpoint is saved and again before every attempt. No redirects, short timeouts,
  the response body is never read.
"""

import base64
import datetime
import ipaddress
import json
import os
import secrets
import socket
import urllib.parse

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from standardwebhooks.webhooks import Webhook

from accounts.models import AccountEmail
from core import outbox
from core.audit import audit_record
from core.crypto import seal, unseal
from core.errors import ApplicationError
from networks import links
from networks.audit import AuditAction
from networks.models import Network, WebhookDelivery, WebhookEndpoint

SECRET_PURPOSE = b"leernet.webhook-secret.v1"
TIMEOUT = (3.0, 5.0)  # connect, read (seconds)
KEEP_DAYS = 30
TEST_EVENT = "webhook.test"

# Every event a webhook may want, with the one line a chat shows (in the network's language).
EVENTS: dict[str, object] = {
    "network.opened": gettext_lazy("Network “%(network)s” is open for members"),
    "network.closed": gettext_lazy("Network “%(network)s” is closed"),
    "network.reopened": gettext_lazy("Network “%(network)s” is open again"),
    "membership.joined": gettext_lazy("A member joined network “%(network)s”"),
    "membership.left": gettext_lazy("A member left network “%(network)s”"),
    "membership.waitlisted": gettext_lazy("Someone is on the waitlist of “%(network)s”"),
    "membership.promoted": gettext_lazy("Someone moved up from the waitlist of “%(network)s”"),
    "join_request.created": gettext_lazy("New request to join “%(network)s”"),
    "join_request.decided": gettext_lazy("A request to join “%(network)s” was decided"),
    "session.planned": gettext_lazy("Meeting %(number)s of “%(network)s” is planned"),
    "session.updated": gettext_lazy("Meeting %(number)s of “%(network)s” is changed"),
    "session.cancelled": gettext_lazy("Meeting %(number)s of “%(network)s” is cancelled"),
    "session.held": gettext_lazy("Meeting %(number)s of “%(network)s” was held"),
    "minutes.published": gettext_lazy("Minutes of meeting %(number)s of “%(network)s” published"),
    "evaluation.opened": gettext_lazy("An evaluation of “%(network)s” is open"),
    "evaluation.closed": gettext_lazy("An evaluation of “%(network)s” is closed"),
    "results.shared": gettext_lazy("Evaluation results of “%(network)s” are shared with members"),
    "report.ready": gettext_lazy("A report of “%(network)s” is ready"),
    "email.failed": gettext_lazy("An email of “%(network)s” could not be delivered"),
    TEST_EVENT: gettext_lazy("Test event from Leernet for “%(network)s”"),
}


# What the facilitator ticks on the webhooks page, in plain words.
EVENT_LABELS: dict[str, object] = {
    "network.opened": gettext_lazy("The network opens for members"),
    "network.closed": gettext_lazy("The network closes"),
    "network.reopened": gettext_lazy("The network reopens"),
    "membership.joined": gettext_lazy("A member joins"),
    "membership.left": gettext_lazy("A member leaves or is removed"),
    "membership.waitlisted": gettext_lazy("Someone is put on the waitlist"),
    "membership.promoted": gettext_lazy("Someone moves up from the waitlist"),
    "join_request.created": gettext_lazy("Someone asks to join"),
    "join_request.decided": gettext_lazy("A request to join is answered"),
    "session.planned": gettext_lazy("A meeting is planned"),
    "session.updated": gettext_lazy("A meeting is changed"),
    "session.cancelled": gettext_lazy("A meeting is cancelled"),
    "session.held": gettext_lazy("A meeting is marked as held"),
    "minutes.published": gettext_lazy("Minutes are published"),
    "evaluation.opened": gettext_lazy("An evaluation opens"),
    "evaluation.closed": gettext_lazy("An evaluation closes"),
    "results.shared": gettext_lazy("Evaluation results are shared with the members"),
    "report.ready": gettext_lazy("A report is ready to download"),
    "email.failed": gettext_lazy("An email could not be delivered"),
}


def event_choices() -> list[tuple[str, str]]:
    return [(key, f"{EVENT_LABELS[key]} ({key})") for key in EVENTS if key != TEST_EVENT]


# Safe addresses ----------------------------------------------------------------------------------


def _refused(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    if ip.is_loopback and settings.LEERNET_WEBHOOKS_ALLOW_LOOPBACK:
        return False
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def check_url(url: str) -> None:
    """ApplicationError (translated) unless ``url`` is an https address whose host resolves only
    to public addresses."""
    parts = urllib.parse.urlsplit(url)
    allow_http = settings.LEERNET_WEBHOOKS_ALLOW_LOOPBACK
    if parts.scheme != "https" and not (allow_http and parts.scheme == "http"):
        raise ApplicationError(_("A webhook address must start with https://."))
    if not parts.hostname or parts.username or parts.password:
        raise ApplicationError(_("This webhook address has no valid host name."))
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:
        raise ApplicationError(_("The host of this webhook address cannot be found.")) from error
    if not infos or any(_refused(info[4][0]) for info in infos):
        raise ApplicationError(
            _(
                "This webhook address points inside a private network, the machine itself or a "
                "reserved address; Leernet only sends webhooks to public addresses."
            )
        )


# Endpoints ---------------------------------------------------------------------------------------


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def endpoint_secret(endpoint: WebhookEndpoint) -> str:
    return unseal(endpoint.secret_sealed, purpose=SECRET_PURPOSE).decode()


def endpoint_create(
    *, network=None, organisation=None, url: str, kind: str, events: list[str], acting_user
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint of ``network`` or of ``organisation`` and its secret (shown once; stored
    sealed). The caller checked that ``acting_user`` facilitates the network or coordinates the
    organisation (the one door)."""
    check_url(url)
    unknown = set(events) - set(EVENTS)
    if unknown or not events:
        raise ApplicationError(_("Choose at least one event from the list."))
    secret = new_secret()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            network=network,
            organisation=organisation,
            url=url,
            kind=kind,
            events=sorted(set(events)),
            secret_sealed=seal(secret.encode(), purpose=SECRET_PURPOSE),
            created_by=acting_user,
        )
        audit_record(
            actor=acting_user,
            action=AuditAction.WEBHOOK_ADDED,
            network=network,
            detail=_detail(endpoint),
        )
    return endpoint, secret


def _detail(endpoint: WebhookEndpoint) -> str:
    owner = f" of organisation {endpoint.organisation_id}" if endpoint.organisation_id else ""
    return f"webhook {endpoint.pk}{owner} {endpoint.host}"


def endpoint_delete(*, endpoint: WebhookEndpoint, acting_user) -> None:
    with transaction.atomic():
        audit_record(
            actor=acting_user,
            action=AuditAction.WEBHOOK_DELETED,
            network=endpoint.network_id,
            detail=_detail(endpoint),
        )
        endpoint.delete()


def endpoint_enable(*, endpoint: WebhookEndpoint, acting_user) -> None:
    check_url(endpoint.url)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=True, disabled_reason="")


def endpoint_disable(endpoint_id: int, *, reason: str) -> None:
    """Stop sending to an endpoint that failed for a day or answered 410 Gone, and tell the
    person who made it (an email through the outbox)."""
    with transaction.atomic():
        changed = WebhookEndpoint.objects.filter(pk=endpoint_id, active=True).update(
            active=False, disabled_reason=reason[:300]
        )
        endpoint = WebhookEndpoint.objects.select_related(
            "network", "organisation", "created_by"
        ).get(pk=endpoint_id)
        if not changed:
            return
        audit_record(
            actor=None,
            action=AuditAction.WEBHOOK_DISABLED,
            network=endpoint.network_id,
            detail=_detail(endpoint),
        )
        owner = endpoint.created_by
        if owner is None or not owner.email:
            return
        with translation.override(owner.language):
            subject = _("Leernet stopped a webhook of %(network)s") % {
                "network": _owner_name(endpoint)
            }
            body = _(
                "The webhook to %(host)s of network %(network)s failed too often or answered "
                "that it is gone, so Leernet stopped sending to it. Check the receiver, then "
                "switch the webhook on again on its page: %(link)s"
            ) % {
                "host": endpoint.host,
                "network": _owner_name(endpoint),
                "link": links.absolute(_page_path(endpoint)),
            }
        row = AccountEmail.objects.create(
            template_prefix="webhook_disabled",
            user=owner,
            to_email=owner.email,
            subject=subject[:300],
            text_body=body,
        )
        outbox.enqueue(row)


# Events ------------------------------------------------------------------------------------------


def _owner_name(endpoint: WebhookEndpoint) -> str:
    return (endpoint.network or endpoint.organisation).name


def _page_path(endpoint: WebhookEndpoint) -> str:
    if endpoint.network_id is None:
        return links.organisation_webhooks_path(endpoint.organisation_id)
    return links.webhooks_path(endpoint.network_id)


def emit(
    network_id: int, event_type: str, *, data: dict | None = None, endpoint_id: int | None = None
) -> list[WebhookDelivery]:
    """One delivery per active endpoint that wants ``event_type``: the network's own, and those
    of the organisation that runs it (the networks its coordinators see on their overview,
    ``Network.organisation``). Written in the caller's transaction and sent after it commits.
    ``data``: ids and counts only."""
    organisation = Network.objects.filter(pk=network_id).values("organisation_id")[:1]
    endpoints = WebhookEndpoint.objects.filter(
        Q(network_id=network_id) | Q(organisation_id=Subquery(organisation))
    )
    data = {"network_id": network_id, **(data or {})}
    return _write(endpoints, event_type, data, links.api_network_path(network_id), endpoint_id)


def emit_organisation(
    organisation_id: int, event_type: str, *, data: dict | None = None, endpoint_id=None
) -> list[WebhookDelivery]:
    """An organisation's own event (its participation report is ready, a test) to its
    endpoints, in the caller's transaction."""
    endpoints = WebhookEndpoint.objects.filter(organisation_id=organisation_id)
    data = {"organisation_id": organisation_id, **(data or {})}
    api_path = links.api_participation_path(organisation_id)
    return _write(endpoints, event_type, data, api_path, endpoint_id)


def _write(endpoints, event_type: str, data: dict, api_path: str, endpoint_id):
    endpoints = endpoints.filter(active=True)
    if endpoint_id is not None:
        endpoints = list(endpoints.filter(pk=endpoint_id).only("pk"))
    else:
        # The wanted events are filtered here, not with a JSON ``contains`` lookup, which SQLite
        # (the embedded default) lacks; a network or organisation has a handful of endpoints.
        endpoints = [e for e in endpoints.only("pk", "events") if event_type in e.events]
    if not endpoints:
        return []
    payload = {
        "type": event_type,
        "timestamp": timezone.now().astimezone(datetime.UTC).isoformat(),
        "data": {**data, "api_url": links.absolute(api_path)},
    }
    rows = [
        WebhookDelivery(
            endpoint_id=endpoint.pk,
            event_id="msg_" + base64.b32encode(os.urandom(15)).decode().lower(),
            event_type=event_type,
            payload=payload,
        )
        for endpoint in endpoints
    ]
    rows = WebhookDelivery.objects.bulk_create(rows)
    outbox.enqueue_many(WebhookDelivery, [row.pk for row in rows])
    return rows


def emit_email_failed(sender, row, **kwargs) -> None:
    """``core.outbox.delivery_failed``: an email of a network failed for good (its table and id
    only; never the address). A failed webhook is no event (it would feed itself)."""
    if sender is WebhookDelivery or not sender.network_path:
        return
    network_id = (
        sender.objects.filter(pk=row.pk).values_list(sender.network_path, flat=True).first()
    )
    if network_id is not None:
        with transaction.atomic():
            emit(network_id, "email.failed", data={"outbox": row.kind_key, "outbox_id": row.pk})


def send_test(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    with transaction.atomic():
        if endpoint.network_id is None:
            return emit_organisation(endpoint.organisation_id, TEST_EVENT, endpoint_id=endpoint.pk)[
                0
            ]
        return emit(endpoint.network_id, TEST_EVENT, endpoint_id=endpoint.pk)[0]


def prune(*, now: datetime.datetime | None = None) -> int:
    """Beat, daily: deliveries older than 30 days are forgotten."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=KEEP_DAYS)
    deleted, _counts = WebhookDelivery.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# Formats and sending -----------------------------------------------------------------------------


def line(delivery: WebhookDelivery) -> str:
    """The event as one line in the network's language, with a link (an organisation's own
    event: in Dutch, the default, with a link to its webhooks page)."""
    data = delivery.payload.get("data", {})
    text = EVENTS.get(delivery.event_type, delivery.event_type)
    network = delivery.endpoint.network
    if network is None and data.get("network_id"):
        network = Network.objects.filter(pk=data["network_id"]).first()
    if network is None:
        owner, language = delivery.endpoint.organisation, settings.LANGUAGE_CODE
        path = links.organisation_webhooks_path(owner.pk)
    else:
        owner, language, path = network, network.language, links.network_path(network.pk)
    with translation.override(language):
        number = data.get("session_number", "")
        sentence = str(text) % {"network": owner.name, "number": number}
    return f"{sentence} → {links.absolute(path)}"


def body(delivery: WebhookDelivery) -> dict:
    kind = delivery.endpoint.kind
    if kind == "json":
        return delivery.payload
    text = line(delivery)
    if kind == "teams":
        card = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": [{"type": "TextBlock", "text": text, "wrap": True}],
        }
        return {
            "type": "message",
            "attachments": [
                {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
            ],
        }
    if kind == "matrix":
        return {"text": text, "username": "Leernet"}
    return {"text": text}  # Slack and Mattermost incoming webhooks


def post(delivery: WebhookDelivery) -> None:
    """One signed POST; raises unless the receiver answered 2xx (410: PermanentError)."""
    endpoint = delivery.endpoint
    if not endpoint.active:
        raise outbox.PermanentError(_("The webhook is switched off."))
    check_url(endpoint.url)
    content = json.dumps(body(delivery), separators=(",", ":"), ensure_ascii=False)
    now = timezone.now()
    signature = Webhook(endpoint_secret(endpoint)).sign(delivery.event_id, now, content)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Leernet-Webhooks/1",
        "webhook-id": delivery.event_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
    }
    response = requests.post(
        endpoint.url,
        data=content.encode(),
        headers=headers,
        timeout=TIMEOUT,
        allow_redirects=False,
        stream=True,
    )
    response.close()  # the body is never read
    if response.status_code == 410:
        raise outbox.PermanentError("410 Gone")
    if not 200 <= response.status_code < 300:
        raise RuntimeError(f"HTTP {response.status_code}")
