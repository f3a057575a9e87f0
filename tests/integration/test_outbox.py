"""Every outbox table survives what goes wrong in production, on the real stack: PostgreSQL,
Redis, real `celery worker` processes and an aiosmtpd SMTP server.

Each table registers a case in tests/integration/outbox_cases/ (one pending row, created while
the broker is unreachable). Every case is played through:
- the worker is SIGKILLed after claiming the row and before the SMTP server accepted it →
  after the sweep, exactly one email;
- the broker was down when the row was created → after the sweep, exactly one email;
- the task runs twice → one email;
- the SMTP server answers 451 three times, then accepts → one email, attempts = 4.
"""

import asyncio
import contextlib
import datetime
import threading
import time

import pytest
from django.utils import timezone

from config.celery_app import app as celery_app
from core import outbox
from core.outbox import OutboxState
from core.tasks import send_outbox_message
from tests.integration.outbox_cases import load_all
from tests.stack_fixtures import SmtpServer

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

CASES = load_all()
LABELS = sorted(CASES)


@contextlib.contextmanager
def broker_down():
    """The producer points at a port where no broker listens: enqueueing fails as it does when
    Redis is down (kombu's OperationalError after the connect timeout)."""
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        celery_app.conf.broker_url = previous
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


class FlakySmtp(SmtpServer):
    """Answers ``451`` (try again later) to the first ``failures`` messages, then accepts."""

    def __init__(self, port, failures=0):
        super().__init__(port)
        self.failures = failures
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        if self.refused < self.failures:
            self.refused += 1
            return "451 4.3.0 Try again later"
        return await super().handle_DATA(server, session, envelope)


class HoldingSmtp(SmtpServer):
    """Keeps every message at DATA without answering until released; a message whose client went
    away meanwhile was never accepted, so it is not counted."""

    def __init__(self, port):
        super().__init__(port)
        self.holding = threading.Event()
        self.released = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        if not self.released.is_set():
            self.holding.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Try again later"
        return await super().handle_DATA(server, session, envelope)


def _pending_row(label):
    with broker_down():
        row, recipient = CASES[label]()
    row.refresh_from_db()
    assert row.state == OutboxState.PENDING, label
    return type(row), row.pk, recipient


def _sweep(after: datetime.timedelta) -> int:
    return outbox.sweep(now=timezone.now() + after)


def _wait_for_state(model, pk, state, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if model.objects.filter(pk=pk, state=state).exists():
            return True
        time.sleep(0.1)
    return False


def _exactly_one(smtp, recipient):
    messages = smtp.wait_for(1)
    assert len(smtp.wait_for(2, timeout=3)) == 1, [m["Subject"] for _to, m in messages]
    recipients, message = messages[0]
    assert recipients == [recipient]
    return message


@pytest.mark.parametrize("label", LABELS)
def test_worker_killed_after_claiming_sends_once_after_the_sweep(label, worker_factory, smtp_port):
    smtp = HoldingSmtp(smtp_port)
    smtp.start()
    try:
        first = worker_factory()
        model, pk, recipient = _pending_row(label)

        send_outbox_message.delay(model=outbox.model_label(model), pk=pk)
        assert smtp.holding.wait(30), "the worker never reached the SMTP server"
        assert model.objects.get(pk=pk).state == OutboxState.SENDING
        first.kill()
        smtp.released.set()
        worker_factory()
        _sweep(outbox.STALE_SENDING + datetime.timedelta(minutes=1))

        message = _exactly_one(smtp, recipient)
        row = model.objects.get(pk=pk)
        assert (row.state, row.attempts) == (OutboxState.SENT, 2)
        assert message["Message-ID"] == row.message_id
    finally:
        smtp.stop()


@pytest.mark.parametrize("label", LABELS)
def test_broker_down_at_enqueue_sends_once_after_the_sweep(label, worker_factory, smtp_server):
    worker_factory()
    model, pk, recipient = _pending_row(label)
    time.sleep(1)
    assert smtp_server.messages == []  # the enqueue was lost with the broker

    enqueued = _sweep(outbox.PENDING_GRACE + datetime.timedelta(minutes=1))

    assert enqueued >= 1
    _exactly_one(smtp_server, recipient)
    row = model.objects.get(pk=pk)
    assert (row.state, row.attempts, row.last_error) == (OutboxState.SENT, 1, "")
    assert row.subject
    assert _sweep(outbox.PENDING_GRACE + datetime.timedelta(minutes=1)) == 0


@pytest.mark.parametrize("label", LABELS)
def test_task_run_twice_sends_once(label, worker_factory, smtp_server):
    worker_factory()
    worker_factory()  # two workers, so both runs may really happen at once
    model, pk, recipient = _pending_row(label)

    for _ in range(2):
        send_outbox_message.delay(model=outbox.model_label(model), pk=pk)

    _exactly_one(smtp_server, recipient)
    assert model.objects.get(pk=pk).attempts == 1


@pytest.mark.parametrize("label", LABELS)
def test_smtp_failing_three_times_then_up_sends_once_after_four_attempts(
    label, worker_factory, smtp_port
):
    smtp = FlakySmtp(smtp_port, failures=3)
    smtp.start()
    try:
        worker_factory()
        model, pk, recipient = _pending_row(label)

        send_outbox_message.delay(model=outbox.model_label(model), pk=pk)

        _exactly_one(smtp, recipient)
        assert _wait_for_state(model, pk, OutboxState.SENT)
        row = model.objects.get(pk=pk)
        assert (row.attempts, smtp.refused, row.last_error) == (4, 3, "")
    finally:
        smtp.stop()


def test_every_outbox_table_has_a_case():
    tables = {
        outbox.model_label(model)
        for model in outbox.outbox_models()
        if issubclass(model, outbox.OutboxMessage)  # webhooks: tests/integration/test_webhooks.py
    }
    assert tables == set(CASES)
