"""The catch-up pack on the real stack (issue 12, part 1): PostgreSQL, Redis, a real `celery
worker` process and an aiosmtpd SMTP server. Minutes published for three absentees: three packs,
each with that member's own actions and the next session, one PDF render; the read link from the
email records the read once; input given reaches the facilitator on the next session; the unread
reminder goes once, only to those who did not read."""

import datetime
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from core.stored_pdf import PdfState
from minutes import services
from minutes.enums import ReadVia
from minutes.models import CatchUpReminder, MinutesRead
from sessions import services as session_services
from sessions.enums import AttendanceStatus
from sessions.models import AgendaItem
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.utils import plain_text

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.usefixtures("require_pdf"),
]

ACTIONS = ["Valmatten bestellen", "Checklist uitproberen", "Protocol rondsturen"]
READ_LINK = re.compile(r"http://testserver(/sessions/\d+/minutes/read/[^/\s]+/)")


def _wait(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def three_absentees():
    network = NetworkFactory(member_cap=10, name="Valpreventie")
    facilitator = network.created_by
    present = MembershipFactory(network=network).user
    absentees = [
        MembershipFactory(network=network, user=UserFactory(language=language)).user
        for language in ("nl", "en", "nl")
    ]
    session = SessionFactory(
        network=network,
        number=1,
        title="Valrisico inschatten",
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    upcoming = SessionFactory(network=network, number=2, title="Valmatten in de praktijk")
    AgendaItem.objects.create(session=upcoming, title="Terugblik", duration_minutes=30)
    session_services.attendance_register(
        session=session,
        entries={
            present.pk: {"status": AttendanceStatus.PRESENT, "remark": ""},
            absentees[0].pk: {"status": AttendanceStatus.EXCUSED, "remark": "Ziek"},
            absentees[1].pk: {"status": AttendanceStatus.ABSENT, "remark": ""},
            absentees[2].pk: {"status": AttendanceStatus.ABSENT, "remark": ""},
        },
        acting_user=facilitator,
    )
    session_services.session_mark_held(session=session, acting_user=facilitator)
    minutes = services.minutes_get_or_create(session=session, acting_user=facilitator)
    services.minutes_save_draft(
        minutes=minutes,
        data={"summary": "We bespraken **valrisico**.", "agreements": "Valmatten testen."},
        item_notes={},
        actions=[
            {"what": what, "who": user.full_name, "owner_id": user.pk, "due": None}
            for what, user in zip(ACTIONS, absentees, strict=True)
        ],
        acting_user=facilitator,
    )
    return session, upcoming, minutes, absentees


def _packs(server, count):
    def packs():
        return [
            (tos[0], m)
            for tos, m in list(server.messages)
            if any(word in m["Subject"].lower() for word in ("verslag", "minutes"))
        ]

    _wait(lambda: len(packs()) >= count)
    return dict(packs())


def test_three_absentees_three_packs_read_input_and_one_reminder(
    celery_worker_process, smtp_server, three_absentees, client
):
    session, upcoming, minutes, absentees = three_absentees
    facilitator = session.network.created_by

    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)

    packs = _packs(smtp_server, 3)
    assert sorted(packs) == sorted(user.email for user in absentees)
    for user, own in zip(absentees, ACTIONS, strict=True):
        message = packs[user.email]
        text = plain_text(message)
        assert own in text, user.email
        assert all(other not in text for other in ACTIONS if other != own), user.email
        assert "Valmatten in de praktijk" in text  # the next session
        assert f"/sessions/{upcoming.pk}/rsvp/" in text  # its one-click RSVP
        [attachment] = list(message.iter_attachments())
        assert attachment.get_content().startswith(b"%PDF")
    version.refresh_from_db()
    assert (version.pdf_state, version.pdf_renders) == (PdfState.READY, 1)

    # The read link from the first member's email, without signing in: recorded once.
    read_path = READ_LINK.search(plain_text(packs[absentees[0].email])).group(1)
    assert client.get(read_path).status_code == 200
    assert not MinutesRead.objects.exists()
    assert client.post(read_path).status_code == 302
    assert client.post(read_path).status_code == 302  # a second click is harmless
    assert list(MinutesRead.objects.values_list("user_id", "via")) == [
        (absentees[0].pk, ReadVia.LINK)
    ]
    assert client.get(read_path[:-2] + "x/").status_code == 404  # forged
    # Another member's link while signed in: 404.
    client.force_login(absentees[1])
    assert client.get(read_path).status_code == 404

    # Input from the second member reaches the facilitator on the next session.
    session_services.catch_up_input_give(
        session=session, text="Bij ons werkt een sensormat beter.", acting_user=absentees[1]
    )
    client.force_login(facilitator)
    page = client.get(reverse("sessions:detail", kwargs={"pk": upcoming.pk})).content.decode()
    assert "Bij ons werkt een sensormat beter." in page

    # Five days on, the sweep (run twice) reminds the two who did not read, once each.
    later = timezone.now() + datetime.timedelta(days=5, hours=1)
    assert services.catch_up_reminders_due(now=later) == 2
    assert services.catch_up_reminders_due(now=later) == 0
    reminders = CatchUpReminder.objects.all()
    assert _wait(lambda: all(r.state == "sent" for r in reminders.all()))
    assert sorted(reminders.values_list("recipient_id", flat=True)) == sorted(
        u.pk for u in absentees[1:]
    )
    time.sleep(1)
    reminded = [
        tos[0]
        for tos, m in list(smtp_server.messages)
        if "herinnering" in m["Subject"].lower() or "reminder" in m["Subject"].lower()
    ]
    assert sorted(reminded) == sorted(u.email for u in absentees[1:])
