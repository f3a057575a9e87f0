"""Webhooks on the real stack (issue 27): PostgreSQL, Redis, real `celery worker` processes and
a receiver on loopback (tests/webhook_receiver.py) that verifies every signature with the
``standardwebhooks`` library.

- the services' changes reach the receiver, each event type exactly once;
- a receiver that fails three times gets the event once, after recovery (attempts = 4);
- a worker SIGKILLed while the receiver holds the request loses nothing: after the sweep the
  event arrives once, with the same webhook-id.
"""

import datetime
import json
import time

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from core import outbox
from core.outbox import OutboxState
from evaluations.services import results_share, session_evaluation_open
from evaluations.services.events import evaluations_close_due
from networks import webhooks
from networks.enums import NetworkStatus
from networks.models import Network, WebhookDelivery
from networks.services import (
    join_request_create,
    join_request_decide,
    membership_leave,
    network_reopen,
    network_set_status,
)
from reports.services import network_report_request
from sessions.services import session_cancel, session_update
from tests.factories import NetworkFactory, SessionFactory, UserFactory
from tests.webhook_receiver import Receiver

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

LOOPBACK = {"LEERNET_WEBHOOKS_ALLOW_LOOPBACK": "true"}


def _wait_for_state(pk, state, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if WebhookDelivery.objects.filter(pk=pk, state=state).exists():
            return True
        time.sleep(0.1)
    return False


def _verified(receiver, secret, count):
    received = receiver.wait_for(count)
    time.sleep(0.5)  # nothing more is on its way
    assert len(receiver.received) == count, [json.loads(b)["type"] for _h, b in received]
    return [Webhook(secret).verify(body, headers) for headers, body in received]


def _world(receiver, events):
    facilitator = UserFactory(full_name="Fien Facilitator")
    network = NetworkFactory(created_by=facilitator, status=NetworkStatus.DRAFT)
    endpoint, secret = webhooks.endpoint_create(
        network=network, url=receiver.url, kind="json", events=events, acting_user=facilitator
    )
    return network, facilitator, endpoint, secret


def test_each_service_change_arrives_once_signed(worker_factory):
    worker_factory(**LOOPBACK)
    with Receiver() as receiver:
        network, facilitator, _endpoint, secret = _world(receiver, list(dict(webhooks.EVENTS)))
        joiner = UserFactory(full_name="Jan Joiner")
        network = network_set_status(
            network=network, status=NetworkStatus.OPEN, acting_user=facilitator
        )
        request = join_request_create(
            network=network, acting_user=joiner, motivation="Graag", accept_ground_rules=True
        )
        join_request_decide(join_request=request, acting_user=facilitator, approve=True)
        membership_leave(network=Network.objects.get(pk=network.pk), acting_user=joiner)
        session = SessionFactory(network=network)
        session_update(session=session, data={"title": "Anders"}, acting_user=facilitator)
        evaluated = SessionFactory(network=network)
        questionnaire = session_evaluation_open(session=evaluated, acting_user=facilitator)
        results_share(questionnaire=questionnaire, shared=True, acting_user=facilitator)
        questionnaire.closes_at = timezone.now()
        questionnaire.save(update_fields=["closes_at"])
        evaluations_close_due()
        network_report_request(network=network)  # the worker renders it: report.ready
        session_cancel(session=session, acting_user=facilitator)
        network_set_status(network=network, status=NetworkStatus.CLOSED, acting_user=facilitator)
        network_reopen(network=Network.objects.get(pk=network.pk), acting_user=facilitator)
        expected = [
            "network.opened",
            "join_request.created",
            "membership.joined",
            "join_request.decided",
            "membership.left",
            "session.updated",
            "evaluation.opened",
            "results.shared",
            "evaluation.closed",
            "report.ready",
            "session.cancelled",
            "network.closed",
            "network.reopened",
        ]
        payloads = _verified(receiver, secret, len(expected))
    assert sorted(p["type"] for p in payloads) == sorted(expected)
    assert all(p["data"]["network_id"] == network.pk for p in payloads)
    assert WebhookDelivery.objects.exclude(state=OutboxState.SENT).count() == 0


def test_receiver_failing_three_times_gets_the_event_once(worker_factory):
    worker_factory(**LOOPBACK)
    with Receiver(failures=3) as receiver:
        network, _facilitator, endpoint, secret = _world(receiver, ["minutes.published"])
        with transaction.atomic():
            (row,) = webhooks.emit(network.pk, "minutes.published", data={"session_id": 1})
        (payload,) = _verified(receiver, secret, 1)
        assert _wait_for_state(row.pk, OutboxState.SENT)
    row.refresh_from_db()
    assert payload["type"] == "minutes.published"
    assert (row.attempts, receiver.refused, row.last_error) == (4, 3, "")


def test_worker_killed_mid_delivery_loses_nothing(worker_factory):
    with Receiver(hold=True) as receiver:
        network, _facilitator, endpoint, secret = _world(receiver, ["session.planned"])
        first = worker_factory(**LOOPBACK)
        with transaction.atomic():
            (row,) = webhooks.emit(network.pk, "session.planned", data={"session_id": 1})
        assert receiver.holding.wait(60), "the worker never reached the receiver"
        assert WebhookDelivery.objects.get(pk=row.pk).state == OutboxState.SENDING
        first.kill()
        receiver.released.set()
        worker_factory(**LOOPBACK)
        outbox.sweep(now=timezone.now() + outbox.STALE_SENDING + datetime.timedelta(minutes=1))
        (payload,) = _verified(receiver, secret, 1)
        assert _wait_for_state(row.pk, OutboxState.SENT)
    row.refresh_from_db()
    assert payload["type"] == "session.planned"
    assert (row.state, row.attempts) == (OutboxState.SENT, 2)
    assert receiver.received[0][0]["webhook-id"] == row.event_id
