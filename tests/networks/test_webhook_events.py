"""The webhook events of evaluations and reports (issue 27): evaluation opened / closed, results
shared, report ready. Each reaches a receiver on loopback once, signed and thin (no question,
answer, result figure, name or title), and is written in the transaction of its change."""

import datetime
import json

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from evaluations.services import final_evaluation_open, results_share, session_evaluation_open
from evaluations.services.events import evaluations_close_due
from networks import webhooks
from networks.models import WebhookDelivery
from reports.models import NetworkReport
from reports.services import network_report_render, network_report_request
from tests.factories import SessionFactory
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db

EVENTS = ["evaluation.opened", "evaluation.closed", "results.shared", "report.ready"]


def _endpoint(network, facilitator, url, events=EVENTS):
    return webhooks.endpoint_create(
        network=network, url=url, kind="json", events=list(events), acting_user=facilitator
    )


def test_evaluation_events_arrive_once_each_and_thin(network, facilitator, member, on_commit):
    session = SessionFactory(network=network, title="Geheime titel")
    with Receiver() as receiver:
        _endpoint_row, secret = _endpoint(network, facilitator, receiver.url)
        with on_commit(execute=True):
            questionnaire = session_evaluation_open(session=session, acting_user=facilitator)
            results_share(questionnaire=questionnaire, shared=True, acting_user=facilitator)
            results_share(questionnaire=questionnaire, shared=True, acting_user=facilitator)
            results_share(questionnaire=questionnaire, shared=False, acting_user=facilitator)
            questionnaire.closes_at = timezone.now() - datetime.timedelta(minutes=1)
            questionnaire.save(update_fields=["closes_at"])
            assert evaluations_close_due() == 1
            assert evaluations_close_due() == 0
        received = receiver.wait_for(3)
    payloads = [Webhook(secret).verify(body, headers) for headers, body in received]
    assert [p["type"] for p in payloads] == [
        "evaluation.opened",
        "results.shared",
        "evaluation.closed",
    ]
    for payload in payloads:
        assert payload["data"]["questionnaire_id"] == questionnaire.pk
        assert payload["data"]["session_id"] == session.pk
        assert payload["data"]["network_id"] == network.pk
    assert payloads[0]["data"]["invited_count"] == questionnaire.eligible_count
    text = b"".join(body for _h, body in received).decode()
    for private in (questionnaire.title, session.title, network.name, member.email, "Mona"):
        assert private not in text
    assert "score" not in text
    assert "average" not in text


def test_final_evaluation_opened_is_an_event(network, facilitator, on_commit):
    _endpoint(network, facilitator, "http://127.0.0.1:9/", events=["evaluation.opened"])
    questionnaire = final_evaluation_open(
        network=network,
        closes_at=timezone.now() + datetime.timedelta(days=7),
        acting_user=facilitator,
    )
    row = WebhookDelivery.objects.get()
    assert (row.event_type, row.payload["data"]["kind"]) == ("evaluation.opened", "final")
    assert row.payload["data"]["questionnaire_id"] == questionnaire.pk


def test_no_evaluation_event_without_its_change(network, facilitator):
    _endpoint(network, facilitator, "http://127.0.0.1:9/")
    session = SessionFactory(network=network)
    seen = []

    def change_then_fail():
        with transaction.atomic():
            session_evaluation_open(session=session, acting_user=facilitator)
            seen.append(WebhookDelivery.objects.count())
            raise RuntimeError("the change rolls back")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert seen == [1]
    assert not WebhookDelivery.objects.exists()


def test_report_ready_when_the_stored_pdf_is(network, facilitator, on_commit, monkeypatch):
    with Receiver() as receiver:
        _endpoint_row, secret = _endpoint(network, facilitator, receiver.url, ["report.ready"])
        report = network_report_request(network=network)
        assert not WebhookDelivery.objects.exists()  # asked for, not yet stored
        with on_commit(execute=True):
            assert network_report_render(report_id=report.pk) is True
            assert network_report_render(report_id=report.pk) is False
        ((headers, body),) = receiver.wait_for(1)
    payload = Webhook(secret).verify(body, headers)
    assert payload["type"] == "report.ready"
    assert payload["data"] == {
        "network_id": network.pk,
        "report": "trajectory",
        "report_id": report.pk,
        "api_url": payload["data"]["api_url"],
    }
    assert NetworkReport.objects.get(pk=report.pk).pdf_state == "ready"
    assert network.name not in json.dumps(payload)


def test_failed_report_render_is_no_event(network, facilitator, monkeypatch):
    _endpoint(network, facilitator, "http://127.0.0.1:9/", ["report.ready"])
    report = network_report_request(network=network)

    def broken(**kwargs):
        raise OSError("the renderer crashed")

    monkeypatch.setattr("reports.services.network_report_pdf", broken)
    with pytest.raises(OSError, match="crashed"):
        network_report_render(report_id=report.pk)
    assert not WebhookDelivery.objects.exists()
