"""Scale-out proof for the minutes: two Celery worker processes consume the same queues at once;
publishing for 15 absent members sends exactly one email to each of them and renders the PDF
exactly once, even with the render and the sends enqueued more than once."""

import datetime
import re
import time

import pytest
from django.utils import timezone

from core.outbox import OutboxState
from core.stored_pdf import PdfState
from core.tasks import send_outbox_message
from minutes import services
from minutes.models import MinutesDelivery
from minutes.tasks import render_minutes_pdf
from sessions import services as session_services
from sessions.enums import AttendanceStatus
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.usefixtures("require_pdf"),
]

ABSENTEES = 15
TASK_DONE = re.compile(r"Task (\S+)\[[0-9a-f-]+\] succeeded")


@pytest.fixture
def session_with_15_absentees():
    network = NetworkFactory(member_cap=15, name="Valpreventie")
    members = [MembershipFactory(network=network).user for _ in range(ABSENTEES)]
    session = SessionFactory(
        network=network,
        number=3,
        title="Valrisico inschatten",
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    session_services.attendance_register(
        session=session,
        entries={
            user.pk: {
                "status": AttendanceStatus.EXCUSED if index % 3 == 0 else AttendanceStatus.ABSENT,
                "remark": "",
            }
            for index, user in enumerate(members)
        },
        acting_user=network.created_by,
    )
    session_services.session_mark_held(session=session, acting_user=network.created_by)
    minutes = services.minutes_get_or_create(session=session, acting_user=network.created_by)
    services.minutes_save_draft(
        minutes=minutes,
        data={"summary": "We bespraken **valrisico**."},
        item_notes={},
        actions=[],
        acting_user=network.created_by,
    )
    return minutes, members


def _wait(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_two_workers_send_one_email_per_absentee_and_render_once(
    worker_factory, smtp_server, session_with_15_absentees
):
    minutes, absentees = session_with_15_absentees
    workers = [worker_factory(), worker_factory()]

    version = services.minutes_publish(
        minutes=minutes, acting_user=minutes.session.network.created_by
    )
    # The render enqueued twice more, so both workers may take one at the same moment.
    render_minutes_pdf.delay(version_id=version.pk)
    render_minutes_pdf.delay(version_id=version.pk)
    rows = MinutesDelivery.objects.filter(version=version)
    assert _wait(lambda: set(rows.values_list("state", flat=True)) == {OutboxState.SENT})
    # Every send enqueued again on top: the rows are claimed, nothing more goes out.
    for pk in rows.values_list("pk", flat=True):
        send_outbox_message.delay(model="minutes.MinutesDelivery", pk=pk)

    def tasks_done(name):
        done = re.compile(rf"Task {re.escape(name)}\[[0-9a-f-]+\] succeeded")
        return sum(len(done.findall(worker.log_path.read_text())) for worker in workers)

    # 3 renders; 15 sends from the render that rendered, 15 enqueued again above (and 15 more
    # from each other render that found the PDF ready).
    ok = _wait(
        lambda: (
            tasks_done("reports.tasks.render_minutes_pdf") == 3
            and tasks_done("core.tasks.send_outbox_message") >= 2 * ABSENTEES
        )
    )
    assert ok, "the workers did not finish the 3 renders and at least 30 sends"
    messages = smtp_server.wait_for(ABSENTEES + 1, timeout=3)
    assert sorted(tos[0] for tos, _m in messages) == sorted(user.email for user in absentees)
    assert len({m["Message-ID"] for _tos, m in messages}) == ABSENTEES
    version.refresh_from_db()
    assert (version.pdf_state, version.pdf_renders) == (PdfState.READY, 1)
    assert list(rows.values_list("attempts", flat=True)) == [1] * ABSENTEES
    logs = [worker.log_path.read_text() for worker in workers]
    assert sum(log.count(f"minutes.MinutesVersion {version.pk}: PDF rendered") for log in logs) == 1
    # Both processes really worked: each ran some of the tasks.
    assert all(TASK_DONE.search(log) for log in logs), "one of the two workers ran no task"
