"""The signature flow on the real stack: publish → one PDF render → one email per absent member
(outbox rows of ``minutes.MinutesDelivery``, sent by the one outbox task), surviving a mail server
that is down, a broker that is down, and tasks that run twice."""

import datetime
import io
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from config.celery_app import app as celery_app
from core import outbox
from core.outbox import OutboxState
from core.stored_pdf import PdfState
from core.tasks import send_outbox_message, sweep_outboxes
from minutes import services
from minutes.models import MinutesDelivery, MinutesVersion
from reports.tasks import sweep_minutes_renders
from sessions import services as session_services
from sessions.enums import AttendanceStatus
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.usefixtures("require_pdf"),
]

TITLE = "Valrisico inschatten"


@pytest.fixture
def held_session():
    """A held session of six members: three present, one excused, two absent."""
    network = NetworkFactory(member_cap=10, name="Valpreventie")
    members = [
        MembershipFactory(network=network, user=UserFactory(language=lang)).user
        for lang in ["nl", "nl", "nl", "nl", "en", "nl"]
    ]
    session = SessionFactory(
        network=network,
        number=1,
        title=TITLE,
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    statuses = [AttendanceStatus.PRESENT] * 3 + [
        AttendanceStatus.EXCUSED,
        AttendanceStatus.ABSENT,
        AttendanceStatus.ABSENT,
    ]
    session_services.attendance_register(
        session=session,
        entries={m.pk: {"status": s, "remark": ""} for m, s in zip(members, statuses, strict=True)},
        acting_user=network.created_by,
    )
    session_services.session_mark_held(session=session, acting_user=network.created_by)
    minutes = services.minutes_get_or_create(session=session, acting_user=network.created_by)
    services.minutes_save_draft(
        minutes=minutes,
        data={"summary": "We bespraken **valrisico**.", "agreements": "Valmatten testen."},
        item_notes={},
        actions=[{"what": "Checklist maken", "who": "Lotte", "due": None}],
        acting_user=network.created_by,
    )
    return session, minutes, members[3:]


def _forget_connections():
    """Make the next enqueue connect to conf.broker_url afresh."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _minutes_mails(server, count, timeout=30):
    """The minutes emails among what the server received (marking the session held also sent
    evaluation invitations to the members who were present)."""

    def minutes():
        return [
            (tos, m)
            for tos, m in list(server.messages)
            if any(word in m["Subject"].lower() for word in ("verslag", "minutes"))
        ]

    _wait(lambda: len(minutes()) >= count, timeout=timeout)
    return minutes()


def _pdf_text(payload: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(payload))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def _wait(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_publish_sends_one_pdf_email_per_absentee_and_renders_once(
    celery_worker_process, smtp_server, held_session
):
    session, minutes, absentees = held_session

    facilitator = session.network.created_by
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)

    messages = _minutes_mails(smtp_server, 3)
    assert sorted(tos[0] for tos, _m in messages) == sorted(u.email for u in absentees)
    for _tos, message in messages:
        [attachment] = list(message.iter_attachments())
        payload = attachment.get_content()
        assert payload.startswith(b"%PDF")
        pages, text = _pdf_text(payload)
        assert pages >= 1
        assert TITLE in text
    english = next(m for tos, m in messages if tos == [absentees[1].email])
    # (A long encoded subject is folded onto a continuation line: strip the unfolded space.)
    assert english["Subject"].strip() == "Valpreventie: minutes of session 1 — you missed it"
    # The network's name first in every language (the Dutch text comes with the catalogue).
    assert all(m["Subject"].strip().startswith("Valpreventie: ") for _tos, m in messages)
    assert all(m["Reply-To"] == facilitator.email for _tos, m in messages)
    assert sorted(m["Message-ID"] for _tos, m in messages) == sorted(
        f"<minutes-{version.pk}-{user.pk}@leernet>" for user in absentees
    )
    version.refresh_from_db()
    assert (version.pdf_state, version.pdf_renders) == (PdfState.READY, 1)
    assert _wait(
        lambda: set(version.deliveries.values_list("state", flat=True)) == {OutboxState.SENT}
    )
    # Enqueued again, and the sweep on top: still one email each.
    for delivery in version.deliveries.all():
        send_outbox_message.delay(model="minutes.MinutesDelivery", pk=delivery.pk)
        send_outbox_message.delay(model="minutes.MinutesDelivery", pk=delivery.pk)
    sweep_outboxes.delay()
    assert len(_minutes_mails(smtp_server, 4, timeout=5)) == 3
    version.refresh_from_db()
    assert version.pdf_renders == 1


def test_smtp_down_at_publish_then_back_every_absentee_gets_exactly_one(
    celery_worker_process, smtp_server_down, held_session
):
    session, minutes, absentees = held_session

    version = services.minutes_publish(minutes=minutes, acting_user=session.network.created_by)

    deliveries = MinutesDelivery.objects.filter(version=version)
    assert _wait(lambda: all(d.attempts >= 1 for d in deliveries.all()))
    assert _minutes_mails(smtp_server_down, 1, timeout=0) == []
    assert all(d.last_error for d in deliveries.all())
    assert not deliveries.filter(state=OutboxState.SENT).exists()

    smtp_server_down.start()
    # The outbox's own retries (backoff) and its sweep both pick the rows up.
    outbox.sweep(now=timezone.now() + datetime.timedelta(minutes=20))

    messages = _minutes_mails(smtp_server_down, 3)
    assert sorted(tos[0] for tos, _m in messages) == sorted(u.email for u in absentees)
    assert _wait(lambda: set(deliveries.values_list("state", flat=True)) == {OutboxState.SENT})
    assert len(_minutes_mails(smtp_server_down, 4, timeout=5)) == 3


def test_redis_down_at_publish_request_succeeds_and_sweep_delivers(
    celery_worker_process, smtp_server, held_session, client
):
    session, minutes, absentees = held_session
    client.force_login(session.network.created_by)
    conf = celery_app.conf
    real_broker = conf.broker_url
    conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there: the broker is down
    _forget_connections()
    try:
        response = client.post(
            # the confirmation page's POST: the draft is saved already
            reverse("reports:minutes_publish", kwargs={"pk": session.pk}),
            {"change_note": ""},
        )
    finally:
        conf.broker_url = real_broker
        _forget_connections()

    assert response.status_code == 302
    version = MinutesVersion.objects.get(minutes=minutes)
    assert version.pdf_state == PdfState.PENDING
    assert set(version.deliveries.values_list("state", flat=True)) == {OutboxState.PENDING}
    assert _minutes_mails(smtp_server, 1, timeout=2) == []

    # Redis is back; the sweeps find the work older than their grace periods: the render sweep
    # renders (and the render enqueues the rows), the outbox sweep enqueues the rows as well.
    MinutesVersion.objects.filter(pk=version.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    MinutesDelivery.objects.filter(version=version).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    sweep_minutes_renders.delay()
    sweep_outboxes.delay()

    messages = _minutes_mails(smtp_server, 3)
    assert sorted(tos[0] for tos, _m in messages) == sorted(u.email for u in absentees)
    version.refresh_from_db()
    assert version.pdf_renders == 1
