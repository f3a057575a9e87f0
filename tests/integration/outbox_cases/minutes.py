"""Outbox case of the reports app: the minutes of a held session to its one absent member."""

import datetime

from django.utils import timezone

from core.outbox import OutboxState
from minutes import services
from minutes.models import ActionCheckIn, CatchUpReminder, MinutesDelivery
from sessions import services as session_services
from sessions.enums import AttendanceStatus
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.integration.outbox_cases import case


@case("minutes.MinutesDelivery")
def minutes_to_an_absent_member():
    """A held session whose only member was absent; publishing makes one row. The row is ready
    once the version's PDF is rendered: rendered here, in this process, by the render service
    (its enqueue of the row fails with the broker, as the harness expects)."""
    network = NetworkFactory(member_cap=10)
    facilitator = network.created_by
    absent = MembershipFactory(network=network, user=UserFactory(language="en")).user
    session = SessionFactory(
        network=network,
        number=1,
        title="Valrisico inschatten",
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    session_services.attendance_register(
        session=session,
        entries={absent.pk: {"status": AttendanceStatus.ABSENT, "remark": ""}},
        acting_user=facilitator,
    )
    session_services.session_mark_held(session=session, acting_user=facilitator)
    minutes = services.minutes_get_or_create(session=session, acting_user=facilitator)
    services.minutes_save_draft(
        minutes=minutes,
        data={"summary": "We bespraken **valrisico**."},
        item_notes={},
        actions=[],
        acting_user=facilitator,
    )
    version = services.minutes_publish(minutes=minutes, acting_user=facilitator)
    services.version_render_pdf(version_id=version.pk)
    return MinutesDelivery.objects.get(version=version), absent.email


@case("minutes.CatchUpReminder")
def catch_up_reminder_to_an_unread_absentee():
    """The same minutes, their pack sent six days ago and not read: the reminder sweep makes one
    row (its enqueue fails with the broker, as the harness expects)."""
    delivery, email = minutes_to_an_absent_member()
    MinutesDelivery.objects.filter(pk=delivery.pk).update(
        state=OutboxState.SENT, sent_at=timezone.now() - datetime.timedelta(days=6)
    )
    assert services.catch_up_reminders_due() == 1
    return CatchUpReminder.objects.get(version_id=delivery.version_id), email


@case("minutes.ActionCheckIn")
def tryout_checkin_to_an_owner():
    """A held session where a member took on one try-out action, and the next session two days
    away: the beat job makes one "how did it go?" row for the owner."""
    network = NetworkFactory(member_cap=10)
    facilitator = network.created_by
    owner = MembershipFactory(network=network, user=UserFactory(language="en")).user
    held = SessionFactory(
        network=network,
        number=1,
        title="Valrisico inschatten",
        starts_at=timezone.now() - datetime.timedelta(days=20),
        ends_at=timezone.now() - datetime.timedelta(days=20) + datetime.timedelta(hours=3),
    )
    minutes = services.minutes_get_or_create(session=held, acting_user=facilitator)
    services.minutes_save_draft(
        minutes=minutes,
        data={"summary": "Afspraken"},
        item_notes={},
        actions=[{"what": "Checklist uitproberen", "owner_id": owner.pk}],
        acting_user=facilitator,
    )
    following = SessionFactory(
        network=network,
        number=2,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        ends_at=timezone.now() + datetime.timedelta(days=2, hours=3),
    )
    services.checkins_queue_due()
    return ActionCheckIn.objects.get(session=following), owner.email
