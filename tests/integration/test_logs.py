"""Logs as an operator reads them (issue 25): JSON lines from the web and a real worker, the
request id carried from a request into the tasks it enqueued, and no email address anywhere in
the log of a full journey (sign-up, invitation, RSVP, evaluation)."""

import datetime
import io
import json
import logging
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.celery_app import app as celery_app
from core.ops.settings import json_logging
from evaluations.models import Questionnaire
from networks.models import Membership
from pages.core.actions import CONFIRMED
from sessions import services as session_services
from sessions.enums import AttendanceStatus
from tests.factories import NetworkFactory, SessionFactory, UserFactory
from tests.integration.processes import wait_until
from tests.stack_fixtures import QUEUE
from tests.utils import plain_text

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

NINA = "nina.journey@example.org"
FIEN = "fien.journey@example.org"
BRAM = "bram.journey@example.org"
PASSWORD = "Een-sterk-wachtw00rd"


@pytest.fixture
def web_log():
    """The web side's log lines as production writes them: settings' JSON formatter and request
    id filter on a handler of the root logger."""
    config = json_logging(fmt="json", level="DEBUG")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    formatter_config = dict(config["formatters"]["line"])
    formatter_class = formatter_config.pop("()")
    module, name = formatter_class.rsplit(".", 1)
    handler.setFormatter(getattr(__import__(module, fromlist=[name]), name)(**formatter_config))
    from core.ops.request_id import RequestIdFilter  # noqa: PLC0415 (lazy: one fixture)

    handler.addFilter(RequestIdFilter())
    # aiosmtpd, the test's stand-in mail server in this process, logs recipients: not Leernet's.
    handler.addFilter(lambda record: not record.name.startswith("mail.log"))
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(previous)


def _link(message, pattern):
    found = re.search(pattern, plain_text(message))
    assert found, plain_text(message)
    return found.group(1)


def _lines(text):
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_a_full_journey_logs_json_with_request_ids_and_no_email_address(
    worker_factory, smtp_server, web_log
):
    worker = worker_factory(LEERNET_LOG_FORMAT="json")
    fien = UserFactory(email=FIEN, full_name="Fien Journey")
    bram = UserFactory(email=BRAM, full_name="Bram Journey")
    network = NetworkFactory(created_by=fien, name="Valpreventie", member_cap=12)
    Membership.objects.create(network=network, user=bram)
    web = Client()

    # Sign-up: the confirmation email goes through the worker.
    web.post(
        reverse("account_signup"),
        {
            "email": NINA,
            "full_name": "Nina Journey",
            "organisation_not_listed": "AZ Sint-Jan",
            "job_function": "Verpleegkundige",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    confirm = _link(
        smtp_server.wait_for(1, timeout=90)[0][1], r"https?://[^/\s]+(/accounts/confirm-email/\S+/)"
    )
    web.post(confirm)

    # Invitation: the facilitator invites her; the request's id reaches the worker's lines.
    facilitator = Client()
    facilitator.force_login(fien)
    invite = facilitator.post(
        reverse("networks:invite", kwargs={"pk": network.pk}),
        # From the confirmation page that asks before emailing (issue 24).
        {"emails": NINA, "role": "member", CONFIRMED: "1"},
        HTTP_X_REQUEST_ID="journey-invite-1",
    )
    assert invite["X-Request-ID"] == "journey-invite-1"
    messages = smtp_server.wait_for(2, timeout=90)
    accept = _link(messages[1][1], r"https?://[^/\s]+(/networks/invitations/\S+/)")
    web.post(accept, {"accept_ground_rules": "on"})
    assert Membership.objects.filter(network=network, user__email=NINA).exists()

    # RSVP for a coming session, then the session is held and she answers the evaluation.
    coming = SessionFactory(
        network=network,
        number=1,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        ends_at=timezone.now() + datetime.timedelta(days=3, hours=2),
    )
    web.post(
        reverse("sessions:rsvp", kwargs={"pk": coming.pk}),
        {"answer": "attending", "apology": "", "input_for_group": ""},
    )
    held = SessionFactory(
        network=network,
        number=2,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    members = list(network.memberships.exclude(user=fien).select_related("user"))
    session_services.attendance_register(
        session=held,
        entries={m.user_id: {"status": AttendanceStatus.PRESENT, "remark": ""} for m in members},
        acting_user=fien,
    )
    session_services.session_mark_held(session=held, acting_user=fien)
    questionnaire = Questionnaire.objects.get(session=held)
    answers = {f"q_{q.pk}": "4" for q in questionnaire.questions.all()}
    answered = web.post(reverse("evaluations:answer", args=[questionnaire.pk]), answers)
    assert answered.status_code == 302

    worker_text = worker.log_path.read_text()
    web_text = web_log.getvalue()
    worker_lines = _lines(worker_text)
    web_lines = _lines(web_text)
    # JSON lines with level, logger, message and request id, on both sides.
    assert web_lines
    assert worker_lines
    for line in web_lines + worker_lines:
        assert {"level", "logger", "message", "request_id"} <= set(line)
    assert {"GET", "POST"} & {line["message"].split()[0] for line in web_lines}
    # The invitation request's id is on the worker's lines of the task it enqueued.
    carried = [line for line in worker_lines if line["request_id"] == "journey-invite-1"]
    assert carried
    assert any("send_outbox_message" in line["message"] for line in carried)
    # No address of anyone in the journey, in any form, on either side.
    everything = (web_text + worker_text).lower()
    for address in (NINA, FIEN, BRAM, *(m.user.email for m in members)):
        assert address.lower() not in everything
        assert address.split("@")[0] not in everything
    assert "example.org" not in everything
    assert settings.REDIS_URL


SECRET = "geheim.adres@example.org"


def test_a_tasks_arguments_and_return_value_never_reach_the_worker_log(worker_factory):
    """Celery's own trace lines (received, succeeded with the return value, raised with the
    exception) from a real worker, for tasks given an email address: the address appears in no
    line, in no field, while the lines themselves are still there."""
    worker = worker_factory(LEERNET_LOG_FORMAT="json")
    # Celery's built-in accumulate returns its arguments: the address is argument and result.
    echoed = celery_app.send_task(
        "celery.accumulate", args=[SECRET], kwargs={"note": SECRET}, queue=QUEUE
    )
    # An address where a row's number belongs: the exception's text repeats it.
    refused = celery_app.send_task(
        "core.tasks.send_outbox_message",
        kwargs={"model": "accounts.AccountEmail", "pk": SECRET},
        queue=QUEUE,
    )

    def finished():
        lines = _lines(worker.log_path.read_text())
        done = [line for line in lines if f"[{echoed.id}] succeeded in " in line["message"]]
        failed = [line for line in lines if f"[{refused.id}] raised unexpected" in line["message"]]
        return (done, failed) if done and failed else None

    # Only these two tasks' lines: a queue shared with an earlier test may hold others.
    done, failed = wait_until(finished, timeout=90, what="both tasks' trace lines")
    text = worker.log_path.read_text()
    lines = _lines(text)
    received = [line["message"] for line in lines if line["message"].endswith("] received")]
    assert any(echoed.id in message for message in received)
    assert any(refused.id in message for message in received)
    assert done[0]["message"].endswith(": [not logged]")
    assert "[address removed]" in failed[0]["message"]
    assert all("data" not in line for line in lines)
    assert SECRET not in text
    assert SECRET.split("@")[0] not in text
