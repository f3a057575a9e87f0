"""A network's webhooks (networks/webhooks.py): written in the transaction of the change, signed
by the Standard Webhooks spec (verified with the ``standardwebhooks`` library against a real
receiver on loopback), thin payloads, one line per chat kind, safe addresses, the facilitators'
page. The real worker (kill -9, three failures) is in tests/integration/test_webhooks.py."""

import json

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from standardwebhooks.webhooks import Webhook

from accounts.models import AccountEmail
from core.errors import ApplicationError
from core.outbox import OutboxState
from networks import webhooks
from networks.enums import NetworkStatus
from networks.models import WebhookDelivery, WebhookEndpoint
from networks.services import network_set_status
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db


def _endpoint(network, facilitator, url, kind="json", events=("network.closed",)):
    return webhooks.endpoint_create(
        network=network, url=url, kind=kind, events=list(events), acting_user=facilitator
    )


def _close(network, facilitator):
    network.status = NetworkStatus.RUNNING
    network.save(update_fields=["status"])
    return network_set_status(network=network, status=NetworkStatus.CLOSED, acting_user=facilitator)


def test_event_is_signed_thin_and_verifies(network, facilitator, member, on_commit):
    with Receiver() as receiver:
        endpoint, secret = _endpoint(network, facilitator, receiver.url)
        with on_commit(execute=True):
            _close(network, facilitator)
        (headers, body), *more = receiver.wait_for(1)
    assert more == []
    payload = Webhook(secret).verify(body, headers)  # raises on a bad signature
    assert payload["type"] == "network.closed"
    assert payload["data"]["network_id"] == network.pk
    assert payload["data"]["api_url"].endswith(f"/api/v1/networks/{network.pk}")
    text = body.decode()
    for private in (network.name, member.email, member.full_name, facilitator.email):
        assert private not in text
    with pytest.raises(Exception, match="signature"):
        Webhook(secret).verify(body.replace(b"closed", b"opened"), headers)
    row = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (row.state, row.attempts, row.event_id) == (OutboxState.SENT, 1, headers["webhook-id"])


def test_no_webhook_without_its_change(network, facilitator):
    endpoint, _secret = _endpoint(network, facilitator, "http://127.0.0.1:9/")
    seen = []

    def change_then_fail():
        with transaction.atomic():
            _close(network, facilitator)
            seen.append(WebhookDelivery.objects.filter(endpoint=endpoint).count())
            raise RuntimeError("the change rolls back")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert seen == [1]
    assert not WebhookDelivery.objects.exists()


def test_endpoint_that_does_not_want_the_event_gets_nothing(network, facilitator, on_commit):
    _endpoint(network, facilitator, "http://127.0.0.1:9/", events=["minutes.published"])
    with on_commit(execute=True):
        _close(network, facilitator)
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    ("kind", "key"),
    [("teams", "attachments"), ("slack", "text"), ("mattermost", "text"), ("matrix", "text")],
)
def test_each_chat_kind_gets_one_line_in_the_networks_language(
    kind, key, network, facilitator, on_commit
):
    network.language = "nl"
    network.save(update_fields=["language"])
    with Receiver() as receiver:
        _endpoint(network, facilitator, receiver.url, kind=kind)
        with on_commit(execute=True):
            _close(network, facilitator)
        (_headers, body), *_ = receiver.wait_for(1)
    message = json.loads(body)
    assert key in message
    line = message["text"] if key == "text" else message[key][0]["content"]["body"][0]["text"]
    assert line.startswith(f"Netwerk “{network.name}” is gesloten")
    assert f"/networks/{network.pk}/" in line
    assert "\n" not in line


def test_gone_disables_the_endpoint_and_emails_its_owner(network, facilitator, on_commit):
    with Receiver(status=410) as receiver:
        endpoint, _secret = _endpoint(network, facilitator, receiver.url)
        with on_commit(execute=True):
            _close(network, facilitator)
        receiver.wait_for(1)
    endpoint.refresh_from_db()
    row = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (endpoint.active, row.state, row.attempts) == (False, OutboxState.FAILED, 1)
    assert "410" in endpoint.disabled_reason
    email = AccountEmail.objects.get(template_prefix="webhook_disabled")
    assert email.to_email == facilitator.email
    assert str(endpoint.host) in email.text_body


def test_redirect_is_not_followed(network, facilitator, on_commit):
    with Receiver() as target, Receiver(redirect_to=target.url) as receiver:
        endpoint, _secret = _endpoint(network, facilitator, receiver.url)
        with on_commit(execute=True):
            _close(network, facilitator)
        assert receiver.hits == 1
        assert target.hits == 0
    row = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (row.state, row.last_error) == (OutboxState.PENDING, "HTTP 302")


@pytest.mark.parametrize(
    "url",
    [
        "https://10.1.2.3/hook",
        "https://192.168.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://224.0.0.1/hook",
        "https://0.0.0.0/hook",
        "https://localhost/hook",
        "http://example.org/hook",
        "ftp://example.org/hook",
        "https://no-such-host.invalid/hook",
    ],
)
@override_settings(LEERNET_WEBHOOKS_ALLOW_LOOPBACK=False)
def test_unsafe_addresses_are_refused(url, network, facilitator):
    with pytest.raises(ApplicationError):
        _endpoint(network, facilitator, url)
    assert not WebhookEndpoint.objects.exists()


def test_address_checked_again_at_send(network, facilitator, on_commit):
    endpoint, _secret = _endpoint(network, facilitator, "http://127.0.0.1:9/")
    with override_settings(LEERNET_WEBHOOKS_ALLOW_LOOPBACK=False), on_commit(execute=True):
        _close(network, facilitator)
    row = WebhookDelivery.objects.get(endpoint=endpoint)
    assert row.state == OutboxState.PENDING
    assert "https" in row.last_error


def test_page_adds_a_webhook_and_shows_its_secret_once(client, network, facilitator, on_commit):
    client.force_login(facilitator)
    url = reverse("networks:webhooks", kwargs={"pk": network.pk})
    with Receiver() as receiver:
        response = client.post(
            url, {"url": receiver.url, "kind": "teams", "events": ["minutes.published"]}
        )
        assert response.status_code == 200
        endpoint = WebhookEndpoint.objects.get(network=network)
        secret = webhooks.endpoint_secret(endpoint)
        assert secret.startswith("whsec_")
        assert secret in response.content.decode()
        assert secret not in client.get(url).content.decode()
        assert bytes(endpoint.secret_sealed).find(secret.encode()) == -1

        with on_commit(execute=True):
            response = client.post(
                reverse("networks:webhook_test", kwargs={"pk": network.pk, "hook_id": endpoint.pk})
            )
        assert response.status_code == 302
        (_headers, body), *_ = receiver.wait_for(1)
    assert "Test" in json.loads(body)["attachments"][0]["content"]["body"][0]["text"]
    emails_page = client.get(reverse("networks:emails", kwargs={"pk": network.pk}))
    assert "webhook.test" in emails_page.content.decode()


@override_settings(LEERNET_WEBHOOKS_ALLOW_LOOPBACK=False)
def test_page_refuses_an_address_inside_with_a_message(client, network, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("networks:webhooks", kwargs={"pk": network.pk}),
        {"url": "https://127.0.0.1/x", "kind": "json", "events": ["network.closed"]},
    )
    assert response.status_code == 400
    assert "alleen naar openbare adressen" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_bad_form_input_says_what_to_fix(client, network, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("networks:webhooks", kwargs={"pk": network.pk}),
        {"url": "not a url" * 100, "kind": "fax", "events": ["nope"]},
    )
    assert response.status_code == 400
    assert not WebhookEndpoint.objects.exists()


def test_delete_asks_first_then_deletes(client, network, facilitator):
    endpoint, _secret = _endpoint(network, facilitator, "http://127.0.0.1:9/")
    client.force_login(facilitator)
    url = reverse("networks:webhook_delete", kwargs={"pk": network.pk, "hook_id": endpoint.pk})
    assert "niet ongedaan" in client.get(url).content.decode()
    assert WebhookEndpoint.objects.exists()
    assert client.post(url).status_code == 302
    assert not WebhookEndpoint.objects.exists()
    assert client.post(url).status_code == 302  # twice is harmless


def test_prune_forgets_deliveries_after_30_days(network, facilitator):
    import datetime  # noqa: PLC0415 (lazy: this test only)

    from django.utils import timezone  # noqa: PLC0415 (lazy: this test only)

    endpoint, _secret = _endpoint(network, facilitator, "http://127.0.0.1:9/")
    with transaction.atomic():
        webhooks.emit(network.pk, "network.closed")
    WebhookDelivery.objects.update(created_at=timezone.now() - datetime.timedelta(days=31))
    with transaction.atomic():
        webhooks.emit(network.pk, "network.closed")
    assert webhooks.prune() == 1
    assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 1


def test_a_failed_email_of_the_network_is_an_event(network, facilitator, on_commit):
    from core import outbox  # noqa: PLC0415 (lazy: this test only)
    from networks.models import NetworkEmail  # noqa: PLC0415 (lazy: this test only)

    endpoint, _secret = _endpoint(
        network, facilitator, "http://127.0.0.1:9/", events=["email.failed"]
    )
    email = NetworkEmail.objects.filter(network=network).first()
    if email is None:
        from tests.factories import InvitationFactory  # noqa: PLC0415 (lazy: this test only)

        invitation = InvitationFactory(network=network)
        email = NetworkEmail.objects.create(
            network=network, kind="invitation", invitation=invitation, to_email=invitation.email
        )
    NetworkEmail.objects.filter(pk=email.pk).update(attempts=NetworkEmail.max_attempts - 1)
    with override_settings(EMAIL_BACKEND="tests.networks.test_webhooks.BrokenBackend"):
        assert outbox.deliver(NetworkEmail, email.pk) == "failed"
    row = WebhookDelivery.objects.get(endpoint=endpoint)
    assert row.payload["data"]["outbox_id"] == email.pk
    assert invitation_address_absent(row.payload, email.to_email)


def invitation_address_absent(payload, address) -> bool:
    return address not in json.dumps(payload)


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("the mail server is down")
