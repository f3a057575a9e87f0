"""The trajectory report a funder can use (issue 14.5): stored per version of its input, rendered
in a Celery task, never in the request; its sections."""

import io
import re
from collections import Counter
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from core.stored_pdf import PdfState
from networks.enums import MembershipStatus, Role
from networks.models import Membership, Network
from reports import services, tasks
from reports.models import NetworkReport
from sessions import services as session_services
from sessions.enums import PRESENT_STATUSES, AttendanceStatus, SessionStatus
from sessions.models import Attendance, LearningSession
from tests.factories import MembershipFactory, UserFactory
from tests.utils import count_queries, get_without_rendering

pytestmark = pytest.mark.django_db


def _url(network):
    return reverse("reports:report_pdf", kwargs={"pk": network.pk})


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


@pytest.fixture
def demo(client):
    call_command("seed_demo", stdout=io.StringIO())
    network = Network.objects.get(name="Valpreventie in de ouderenzorg")
    facilitator = Membership.objects.filter(network=network, role=Role.FACILITATOR).first().user
    client.force_login(facilitator)
    return network, facilitator


def test_the_demo_report_renders_once_per_change_and_never_in_the_request(client, demo):
    network, facilitator = demo

    page, callbacks = get_without_rendering(client, _url(network))

    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert '<meta http-equiv="refresh"' in page.content.decode()
    report = NetworkReport.objects.get(network=network)
    assert report.pdf_state == PdfState.PENDING
    assert len(callbacks) == 1  # the render, enqueued after commit
    with mock.patch.object(tasks.render_network_report, "delay") as delay:
        callbacks[0]()
    delay.assert_called_once_with(report_id=report.pk)
    # Asking again while it waits enqueues nothing more.
    again, callbacks = get_without_rendering(client, _url(network))
    assert again["Content-Type"].startswith("text/html")
    assert callbacks == []

    tasks.render_network_report.delay(report_id=report.pk)  # the worker (eager in tests)
    ready = client.get(_url(network) + "?waited=1").content.decode()  # the refreshed page
    assert f'href="{_url(network)}"' in ready
    assert "http-equiv" not in ready
    first, callbacks = get_without_rendering(client, _url(network))
    second, more = get_without_rendering(client, _url(network))

    assert first["Content-Type"] == "application/pdf"
    assert callbacks == []
    assert more == []
    assert first.content == second.content
    report.refresh_from_db()
    assert (report.pdf_state, report.pdf_renders) == (PdfState.READY, 1)
    assert NetworkReport.objects.filter(network=network).count() == 1

    # A change (an attendance) is a new version of the input: rendered again, once.
    row = Attendance.objects.filter(session__network=network, status=AttendanceStatus.ABSENT)[0]
    session_services.attendance_register(
        session=row.session,
        entries={row.user_id: {"status": AttendanceStatus.PRESENT, "remark": ""}},
        acting_user=facilitator,
    )
    page, callbacks = get_without_rendering(client, _url(network))
    assert page["Content-Type"].startswith("text/html")
    assert len(callbacks) == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        callbacks[0]()
    download, _callbacks = get_without_rendering(client, _url(network))
    assert download["Content-Type"] == "application/pdf"
    new = NetworkReport.objects.get(network=network)  # the older version went
    assert new.pk != report.pk
    assert new.pdf_renders == 1


def test_the_demo_report_has_every_section(client, demo):
    network, _facilitator = demo
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.get(_url(network))

    text = _text(client.get(_url(network)).content)

    with translation.override(network.language):
        headings = [
            _("Contents"),
            _("Facilitators"),
            _("Participating organisations"),
            _("Hours of participation"),
            _("Practice questions worked on"),
            _("Try-out actions per learning goal"),
            _("Insights"),
            _("Annex: minutes of every session"),
        ]
    for heading in headings:
        assert heading in text
    # The facilitator(s), the organisations with their counts (never the members' names).
    for membership in Membership.objects.filter(network=network, role=Role.FACILITATOR):
        assert membership.user.full_name in text
    assert "WZC Ter Linde" in text
    member = Membership.objects.filter(network=network, role=Role.MEMBER).first()
    assert member.organisation.name in text
    # Hours: the sum over present and late attendance of each session's duration.
    total = sum(
        a.session.duration_minutes / 60
        for a in Attendance.objects.filter(
            session__network=network, status__in=PRESENT_STATUSES
        ).select_related("session")
    )
    assert f"{total:.1f}".replace(".", ",") in text
    # ... and per held session: its duration, the members present (late included), their hours
    held = LearningSession.objects.filter(network=network, status=SessionStatus.HELD)
    assert held.count() >= 2
    for session in held:
        present = session.attendance.filter(status__in=PRESENT_STATUSES).count()
        hours = session.duration_minutes / 60
        row = f"{session.title} {hours:.1f} {present} {hours * present:.1f}".replace(".", ",")
        assert row in text, row
    # Participating organisations with the number of their members (the waitlist not counted).
    counted = Counter(
        Membership.objects.filter(network=network, role=Role.MEMBER, organisation__isnull=False)
        .exclude(status=MembershipStatus.WAITLISTED)
        .values_list("organisation__name", flat=True)
    )
    assert len(counted) >= 2
    for name, count in counted.items():
        assert re.search(rf"{re.escape(name)} [^0-9]{{0,60}}\b{count}\b", text), (name, count)
    assert "Hoe betrek ik familie bij valpreventie?" in text  # the scheduled practice question
    assert "Familie vraagt vaak om fixatie uit angst" in text  # an insight
    assert "We maakten kennis, deelden waar valpreventie" in text  # the minutes in the annex
    assert "....." in text  # the table of contents' leaders and page numbers


def test_a_failed_render_says_so_and_can_be_tried_again(client, network, facilitator):
    client.force_login(facilitator)
    with (
        mock.patch("core.pdf.html_to_pdf", side_effect=OSError("no Pango")),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):  # the task raises; enqueue_on_commit logs what fails
        client.get(_url(network))
    report = NetworkReport.objects.get(network=network)
    assert (report.pdf_state, report.pdf_error) == (PdfState.FAILED, "no Pango")

    page, callbacks = get_without_rendering(client, _url(network))
    assert f'<form method="post" action="{_url(network)}">' in page.content.decode()
    client.get(_url(network) + "?retry=1")  # a link cannot retry: only the button's POST does
    report.refresh_from_db()
    assert report.pdf_state == PdfState.FAILED
    assert callbacks == []
    assert '<meta http-equiv="refresh"' not in page.content.decode()

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(_url(network)).status_code == 302
    download = client.get(_url(network))

    assert download["Content-Type"] == "application/pdf"
    report.refresh_from_db()
    assert (report.pdf_state, report.pdf_renders) == (PdfState.READY, 1)


def test_the_sweep_enqueues_a_report_left_pending(network):
    import datetime

    from django.utils import timezone

    report = NetworkReport.objects.create(
        network=network, fingerprint=services.network_report_fingerprint(network=network)
    )
    NetworkReport.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    with (
        mock.patch.object(tasks.render_network_report, "delay") as delay,
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        services.version_renders_sweep()
    delay.assert_called_once_with(report_id=report.pk)


def test_report_page_queries_do_not_grow_with_the_network(client, network, facilitator):
    network.member_cap = 15
    network.save(update_fields=["member_cap"])
    client.force_login(facilitator)

    def counts():
        with TestCase.captureOnCommitCallbacks(execute=False):
            waiting = count_queries(client, _url(network))  # enqueues the render
        NetworkReport.objects.filter(network=network).update(
            pdf=b"%PDF-1.7", pdf_state=PdfState.READY
        )
        return waiting, count_queries(client, _url(network))

    small = counts()
    session = _held_session(network, facilitator)
    members = [MembershipFactory(network=network, user=UserFactory()).user for _ in range(14)]
    session_services.attendance_register(
        session=session,
        entries={u.pk: {"status": AttendanceStatus.PRESENT, "remark": ""} for u in members},
        acting_user=facilitator,
    )

    assert counts() == small


def _held_session(network, facilitator):
    import datetime

    from django.utils import timezone

    from tests.factories import SessionFactory

    session = SessionFactory(
        network=network,
        number=1,
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    session_services.session_mark_held(session=session, acting_user=facilitator)
    return session
