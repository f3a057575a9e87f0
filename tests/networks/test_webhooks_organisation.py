"""An organisation's webhooks (issue 27): its coordinators' endpoint receives the events of the
networks the organisation runs (``Network.organisation``, as on their overview) and its own
(participation report ready), never another organisation's; a network endpoint and an
organisation endpoint cannot be one row; the coordinators' page; the failure email goes to the
endpoint's creator."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from accounts.models import AccountEmail, Organisation, OrganisationCoordinator
from core.outbox import OutboxState
from networks import webhooks
from networks.enums import NetworkStatus
from networks.models import WebhookDelivery, WebhookEndpoint
from networks.services import network_set_status
from reports.services import organisation_report_render, organisation_report_request
from tests.factories import NetworkFactory, UserFactory
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(network):
    organisation = Organisation.objects.create(name="Zorgbedrijf Rivierenland")
    network.organisation = organisation
    network.save(update_fields=["organisation"])
    return organisation


@pytest.fixture
def coordinator(organisation):
    user = UserFactory(full_name="Cora Coordinator")
    OrganisationCoordinator.objects.create(organisation=organisation, user=user)
    return user


def _endpoint(organisation, coordinator, url, events=("network.closed", "report.ready")):
    return webhooks.endpoint_create(
        organisation=organisation,
        url=url,
        kind="json",
        events=list(events),
        acting_user=coordinator,
    )


def _close(network, user):
    network.status = NetworkStatus.RUNNING
    network.save(update_fields=["status"])
    return network_set_status(network=network, status=NetworkStatus.CLOSED, acting_user=user)


def test_organisation_endpoint_gets_its_networks_events_only(
    network, facilitator, organisation, coordinator, on_commit
):
    elsewhere = NetworkFactory(
        created_by=facilitator,
        organisation=Organisation.objects.create(name="Stad Mechelen"),
    )
    loose = NetworkFactory(created_by=facilitator)
    with Receiver() as receiver:
        _endpoint_row, secret = _endpoint(organisation, coordinator, receiver.url)
        with on_commit(execute=True):
            _close(network, facilitator)
            _close(elsewhere, facilitator)
            _close(loose, facilitator)
        received = receiver.wait_for(1)
    assert len(received) == 1
    payload = Webhook(secret).verify(received[0][1], received[0][0])
    assert (payload["type"], payload["data"]["network_id"]) == ("network.closed", network.pk)
    assert WebhookDelivery.objects.count() == 1


def test_participation_report_ready_is_an_organisation_event(organisation, coordinator, on_commit):
    with Receiver() as receiver:
        _endpoint_row, secret = _endpoint(organisation, coordinator, receiver.url)
        report = organisation_report_request(organisation=organisation, language="nl")
        with on_commit(execute=True):
            assert organisation_report_render(report_id=report.pk) is True
        ((headers, body),) = receiver.wait_for(1)
    payload = Webhook(secret).verify(body, headers)
    assert payload["type"] == "report.ready"
    assert payload["data"]["organisation_id"] == organisation.pk
    assert payload["data"]["report"] == "participation"
    assert payload["data"]["api_url"].endswith(
        f"/api/v1/organisations/{organisation.pk}/participation"
    )
    assert organisation.name not in body.decode()


def test_an_endpoint_is_of_a_network_or_an_organisation(network, organisation, coordinator):
    endpoint, _secret = _endpoint(organisation, coordinator, "http://127.0.0.1:9/")
    with pytest.raises(IntegrityError), transaction.atomic():
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(network=network)
    with pytest.raises(IntegrityError), transaction.atomic():
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(organisation=None)


def test_gone_emails_the_coordinator_who_made_it(
    network, facilitator, organisation, coordinator, on_commit
):
    with Receiver(status=410) as receiver:
        endpoint, _secret = _endpoint(organisation, coordinator, receiver.url)
        with on_commit(execute=True):
            _close(network, facilitator)
        receiver.wait_for(1)
    endpoint.refresh_from_db()
    assert endpoint.active is False
    email = AccountEmail.objects.get(template_prefix="webhook_disabled")
    assert email.to_email == coordinator.email
    assert f"/organisations/{organisation.pk}/webhooks/" in email.text_body
    assert organisation.name in email.subject


def test_coordinators_page_adds_tests_and_deletes(client, organisation, coordinator, on_commit):
    client.force_login(coordinator)
    url = reverse("reports:organisation_webhooks", kwargs={"pk": organisation.pk})
    assert "Webhooks van deze organisatie" in client.get(url).content.decode()
    with Receiver() as receiver:
        response = client.post(
            url, {"url": receiver.url, "kind": "slack", "events": ["report.ready"]}
        )
        assert response.status_code == 200
        endpoint = WebhookEndpoint.objects.get(organisation=organisation)
        assert endpoint.network is None
        assert webhooks.endpoint_secret(endpoint) in response.content.decode()
        with on_commit(execute=True):
            test_url = reverse(
                "reports:organisation_webhook_test",
                kwargs={"pk": organisation.pk, "hook_id": endpoint.pk},
            )
            assert client.post(test_url).status_code == 302
        ((_headers, body),) = receiver.wait_for(1)
    assert organisation.name in body.decode()  # a chat line names the organisation to itself
    assert WebhookDelivery.objects.get().state == OutboxState.SENT
    delete_url = reverse(
        "reports:organisation_webhook_delete",
        kwargs={"pk": organisation.pk, "hook_id": endpoint.pk},
    )
    assert "niet ongedaan" in client.get(delete_url).content.decode()
    assert client.post(delete_url).status_code == 302
    assert not WebhookEndpoint.objects.exists()


def test_another_organisations_coordinator_gets_404(client, organisation, coordinator):
    endpoint, _secret = _endpoint(organisation, coordinator, "http://127.0.0.1:9/")
    other = Organisation.objects.create(name="Stad Mechelen")
    stranger = UserFactory()
    OrganisationCoordinator.objects.create(organisation=other, user=stranger)
    client.force_login(stranger)
    for name, kwargs in (
        ("reports:organisation_webhooks", {"pk": organisation.pk}),
        ("reports:organisation_webhook_delete", {"pk": organisation.pk, "hook_id": endpoint.pk}),
    ):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404
    # on their own organisation's page another's webhook is unknown: "already deleted", untouched
    own = reverse(
        "reports:organisation_webhook_delete", kwargs={"pk": other.pk, "hook_id": endpoint.pk}
    )
    assert client.post(own).status_code == 302
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


def _delivery(endpoint, event_id, *, state=OutboxState.FAILED, days_ago=0, error="HTTP 503"):
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id=event_id,
        event_type="report.ready",
        state=state,
        last_error=error if state == OutboxState.FAILED else "",
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_the_webhooks_page_logs_30_days_of_deliveries_and_sends_one_again(
    client, organisation, coordinator
):
    endpoint, _secret = _endpoint(organisation, coordinator, "http://127.0.0.1:9/hook")
    failed = _delivery(endpoint, "msg_failed", error="HTTP 503 Service Unavailable")
    _delivery(endpoint, "msg_sent", state=OutboxState.SENT, days_ago=2)
    _delivery(endpoint, "msg_old", days_ago=31, error="HTTP 418 too old to show")
    other = Organisation.objects.create(name="Stad Mechelen")
    stranger = UserFactory()
    OrganisationCoordinator.objects.create(organisation=other, user=stranger)
    elsewhere, _secret = _endpoint(other, stranger, "http://127.0.0.1:9/other")
    _delivery(elsewhere, "msg_elsewhere", error="HTTP 500 of another organisation")

    client.force_login(coordinator)
    page = client.get(reverse("reports:organisation_webhooks", kwargs={"pk": organisation.pk}))
    html = page.content.decode()
    assert "Afleveringen (de laatste 30 dagen)" in html
    assert "HTTP 503 Service Unavailable" in html
    assert "De ontvanger antwoordde:" in html
    assert html.count("report.ready → 127.0.0.1") == 2  # the failed and the sent one
    assert "too old to show" not in html
    assert "another organisation" not in html
    resend = reverse(
        "reports:organisation_webhook_resend",
        kwargs={"pk": organisation.pk, "delivery_id": failed.pk},
    )
    assert f'action="{resend}"' in html

    # another organisation's coordinator: 404 for this delivery, nothing written
    client.force_login(stranger)
    assert client.post(resend).status_code == 404
    own_door = reverse(
        "reports:organisation_webhook_resend", kwargs={"pk": other.pk, "delivery_id": failed.pk}
    )
    assert client.post(own_door).status_code == 404
    assert not WebhookDelivery.objects.filter(resend_of=failed).exists()

    client.force_login(coordinator)
    assert client.post(resend).status_code == 302
    again = WebhookDelivery.objects.get(resend_of=failed)
    assert again.state == OutboxState.PENDING
    assert again.event_id == failed.event_id  # the receiver drops a duplicate by its webhook-id
