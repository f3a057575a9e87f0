"""Fair roles (issue 12, part 4): the suggestion spreads each role evenly and skips members who
won't come; the facilitator accepts or changes it; the reminders tell each member their role."""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from core.audit import AuditEvent
from core.errors import ApplicationError
from minutes import rules as minutes_rules
from sessions import selectors, services
from sessions.audit import AuditAction
from sessions.enums import (
    AgendaRole,
    AttendanceStatus,
    NotificationKind,
    RsvpAnswer,
    SessionStatus,
)
from sessions.models import AgendaItem, AgendaRoleAssignment, Attendance, Rsvp, WorkForm
from sessions.roles import ROLE_ORDER, History, suggest_roles
from tests.factories import MembershipFactory, SessionFactory, UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _members(network, count):
    return [
        MembershipFactory(network=network, user=UserFactory(full_name=f"Lid {i:02d}")).user
        for i in range(count)
    ]


def _series(network, count, start_days=7):
    return [
        SessionFactory(
            network=network,
            number=number,
            starts_at=localtime().replace(hour=12, minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=start_days + 14 * number),
            ends_at=localtime().replace(hour=15, minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=start_days + 14 * number),
        )
        for number in range(1, count + 1)
    ]


def _session_roles(session) -> dict[str, int]:
    return dict(
        AgendaRoleAssignment.objects.filter(session=session, item=None).values_list(
            "role", "user_id"
        )
    )


# The suggestion ---------------------------------------------------------------------------------


def test_ten_members_over_six_sessions_get_each_role_evenly(network, facilitator):
    members = _members(network, 10)
    sessions = _series(network, 6)
    away = members[3]
    for session in (sessions[1], sessions[4]):
        Rsvp.objects.create(session=session, user=away, answer=RsvpAnswer.NOT_ATTENDING)

    for session in sessions:
        suggestion = selectors.session_roles(session=session)["suggestion"]
        if session in (sessions[1], sessions[4]):
            assert away not in suggestion.values()
        services.session_roles_apply_suggestion(session=session, acting_user=facilitator)

    for session in sessions:
        holders = list(_session_roles(session).values())
        assert len(holders) == 4
        assert len(set(holders)) == 4  # nobody two roles in one session
        assert facilitator.pk not in holders
    assert away.pk not in _session_roles(sessions[1]).values()
    assert away.pk not in _session_roles(sessions[4]).values()
    for role in ROLE_ORDER:
        counts = Counter(
            AgendaRoleAssignment.objects.filter(role=role, item=None).values_list(
                "user_id", flat=True
            )
        )
        per_member = [counts.get(member.pk, 0) for member in members]
        assert max(per_member) - min(per_member) <= 1, (role, per_member)


def test_a_member_who_wont_come_is_never_suggested_even_if_it_is_their_turn(network):
    members = _members(network, 5)
    (session,) = _series(network, 1)
    for member in members[:4]:
        Rsvp.objects.create(session=session, user=member, answer=RsvpAnswer.NOT_ATTENDING)

    data = selectors.session_roles(session=session)

    assert set(data["suggestion"].values()) == {members[4]}
    assert data["too_few"]


def test_ties_go_to_fewer_roles_then_longest_since_the_last_role_then_the_name():
    class Person:
        def __init__(self, pk, name):
            self.pk, self.full_name = pk, name

    names = ["Ann", "Bob", "Cas", "Dan", "Eva"]
    ann, bob, cas, dan, eva = (Person(i, n) for i, n in enumerate(names, 1))
    day = datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)
    history = {
        ann.pk: History(per_role={AgendaRole.CHAIR: 1}, total=1, last=day),
        bob.pk: History(per_role={AgendaRole.TIMEKEEPER: 1}, total=1, last=day),
        cas.pk: History(per_role={AgendaRole.TIMEKEEPER: 1}, total=1, last=day.replace(month=2)),
        dan.pk: History(per_role={AgendaRole.CASE_OWNER: 1}, total=2, last=day),
    }

    chosen = suggest_roles([eva, dan, cas, bob, ann], history)

    # Chair: Eva never had a role. Note-taker: Ann, Bob and Cas had one role, Bob's and Ann's
    # were longest ago, then the name decides.
    assert chosen == {
        AgendaRole.CHAIR: eva,
        AgendaRole.NOTE_TAKER: ann,
        AgendaRole.TIMEKEEPER: dan,
        AgendaRole.CASE_OWNER: bob,
    }


def test_the_same_order_every_time_and_cancelled_sessions_do_not_count(network, facilitator):
    members = _members(network, 4)
    earlier, now = _series(network, 2)
    services.session_roles_set(
        session=earlier, roles={AgendaRole.CHAIR: members[0]}, acting_user=facilitator
    )
    assert selectors.session_roles(session=now)["suggestion"][AgendaRole.CHAIR] != members[0]

    earlier.status = SessionStatus.CANCELLED
    earlier.save()

    first = selectors.session_roles(session=now)["suggestion"]
    assert first == selectors.session_roles(session=now)["suggestion"]
    assert first[AgendaRole.CHAIR] == members[0]  # "Lid 00": by name, nobody had a role


# The facilitator accepts or changes it ----------------------------------------------------------


def test_the_facilitator_accepts_the_suggestion_with_one_click(client, network, facilitator):
    _members(network, 6)
    (session,) = _series(network, 1)
    suggestion = selectors.session_roles(session=session)["suggestion"]
    client.force_login(facilitator)
    page = client.get(reverse("sessions:roles", kwargs={"pk": session.pk}))
    assert page.status_code == 200
    assert _("Accept the suggestion") in page.content.decode()

    response = client.post(
        reverse("sessions:roles", kwargs={"pk": session.pk}),
        {f"role_{role}": user.pk for role, user in suggestion.items()},
    )

    assert response.status_code == 302
    assert _session_roles(session) == {role: user.pk for role, user in suggestion.items()}
    event = AuditEvent.objects.get(action=AuditAction.SESSION_ROLES_SET)
    assert event.actor == facilitator
    assert event.network_id == network.pk


def test_the_facilitator_changes_a_role(client, network, facilitator):
    members = _members(network, 6)
    (session,) = _series(network, 1)
    services.session_roles_apply_suggestion(session=session, acting_user=facilitator)
    roles = _session_roles(session)
    someone_else = next(m for m in members if m.pk not in roles.values())
    client.force_login(facilitator)

    response = client.post(
        reverse("sessions:roles", kwargs={"pk": session.pk}),
        {**{f"role_{role}": pk for role, pk in roles.items()}, "role_chair": someone_else.pk},
    )

    assert response.status_code == 302
    assert _session_roles(session) == {**roles, AgendaRole.CHAIR: someone_else.pk}
    assert AuditEvent.objects.filter(action=AuditAction.SESSION_ROLES_SET).count() == 2
    # The session page names the holders; the new chair sees their role on it.
    client.force_login(someone_else)
    page = client.get(session.get_absolute_url()).content.decode()
    assert someone_else.full_name in page
    with translation.override("nl"):
        assert _("Your role: %(role)s") % {"role": _("Chair")} in page


def test_a_role_holder_who_is_not_a_member_is_refused_and_nothing_is_written(
    client, network, facilitator, outsider
):
    members = _members(network, 4)
    (session,) = _series(network, 1)
    client.force_login(facilitator)

    response = client.post(
        reverse("sessions:roles", kwargs={"pk": session.pk}),
        {"role_chair": outsider.pk, "role_note_taker": members[0].pk},
    )

    assert response.status_code == 200
    assert _("Choose a member of this network for this role.") in response.content.decode()
    assert not AgendaRoleAssignment.objects.exists()
    with pytest.raises(ApplicationError) as raised:
        services.session_roles_set(
            session=session,
            roles={AgendaRole.NOTE_TAKER: members[0], AgendaRole.CHAIR: outsider},
            acting_user=facilitator,
        )
    assert raised.value.message == _("%(name)s is not a member of this network.") % {
        "name": outsider.full_name
    }
    assert not AgendaRoleAssignment.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.SESSION_ROLES_SET).exists()


def test_a_member_gets_404_and_cannot_set_roles(client, network, member, facilitator):
    (session,) = _series(network, 1)
    client.force_login(member)
    url = reverse("sessions:roles", kwargs={"pk": session.pk})

    assert client.get(url).status_code == 404
    assert client.post(url, {"role_chair": member.pk}).status_code == 404
    assert not AgendaRoleAssignment.objects.exists()
    with pytest.raises(ApplicationError):
        services.session_roles_set(
            session=session, roles={AgendaRole.CHAIR: member}, acting_user=member
        )


def test_a_cancelled_session_gets_no_roles(network, facilitator, member):
    (session,) = _series(network, 1)
    session.status = SessionStatus.CANCELLED
    session.save()
    with pytest.raises(ApplicationError):
        services.session_roles_set(
            session=session, roles={AgendaRole.CHAIR: member}, acting_user=facilitator
        )


def test_the_session_note_taker_may_write_the_minutes(network, facilitator):
    members = _members(network, 2)
    (session,) = _series(network, 1)
    services.session_roles_set(
        session=session, roles={AgendaRole.NOTE_TAKER: members[0]}, acting_user=facilitator
    )
    assert minutes_rules.can_edit_minutes(members[0], session)
    assert not minutes_rules.can_edit_minutes(members[1], session)


def test_item_roles_and_session_roles_live_side_by_side(network, facilitator):
    members = _members(network, 3)
    (session,) = _series(network, 1)
    item = services.agenda_item_add(
        session=session,
        data={"title": "Casus", "duration_minutes": 30},
        roles={AgendaRole.CASE_OWNER: members[0]},
        acting_user=facilitator,
    )
    services.session_roles_set(
        session=session, roles={AgendaRole.CASE_OWNER: members[1]}, acting_user=facilitator
    )
    assert [(r.role, r.user) for r in item.roles.all()] == [(AgendaRole.CASE_OWNER, members[0])]
    assert _session_roles(session) == {AgendaRole.CASE_OWNER: members[1].pk}


# Reminders and the home -------------------------------------------------------------------------


def test_the_reminder_tells_each_member_their_role_and_the_work_form_steps(
    network, facilitator, on_commit
):
    members = _members(network, 4)
    (session,) = _series(network, 1)
    incident = WorkForm.objects.get(network__isnull=True, slug="incidentmethode")
    AgendaItem.objects.create(
        session=session, title="Intervisie", duration_minutes=45, work_form=incident
    )
    owner, note_taker, nobody = members[0], members[1], members[2]
    services.session_roles_set(
        session=session,
        roles={AgendaRole.CASE_OWNER: owner, AgendaRole.NOTE_TAKER: note_taker},
        acting_user=facilitator,
    )

    with on_commit(execute=True):
        services.session_notify(session=session, kind=NotificationKind.REMINDER)

    bodies = {message.to[0]: message.body for message in mail.outbox}
    with translation.override("nl"):
        your_role = _("Your role: %(role)s")
        deadline = _("The minutes are due by %(date)s.") % {
            "date": date_format(localtime(session.minutes_due_at), "DATE_FORMAT")
        }
        owner_mail = bodies[owner.email]
        assert your_role % {"role": _("Case owner")} in owner_mail
        assert "1. De inbrenger beschrijft kort een incident." in owner_mail
        assert "2. Informatieve vragen" not in owner_mail  # only the case owner's steps
        assert deadline not in owner_mail
        note_mail = bodies[note_taker.email]
        assert your_role % {"role": _("Note-taker")} in note_mail
        assert deadline in note_mail
        assert "Your role" not in bodies[nobody.email]
        assert (your_role % {"role": ""}).strip() not in bodies[nobody.email]


def test_the_home_card_shows_my_role_and_the_note_takers_deadline(client, network, facilitator):
    members = _members(network, 2)
    (session,) = _series(network, 1)
    services.session_roles_set(
        session=session, roles={AgendaRole.NOTE_TAKER: members[0]}, acting_user=facilitator
    )
    client.force_login(members[0])

    page = client.get(reverse("networks:dashboard")).content.decode()

    with translation.override("nl"):
        assert _("Your role: %(role)s") % {"role": _("Note-taker")} in page
        assert (
            _("The minutes are due by %(date)s.")
            % {"date": date_format(localtime(session.minutes_due_at), "DATE_FORMAT")}
            in page
        )


# Query count ------------------------------------------------------------------------------------


def _network_with_history(facilitator_fixture_network, members):
    network = facilitator_fixture_network
    people = _members(network, members)
    sessions = _series(network, 4)
    for session in sessions[:3]:
        services.session_roles_apply_suggestion(session=session, acting_user=network.created_by)
    Rsvp.objects.create(session=sessions[3], user=people[0], answer=RsvpAnswer.NOT_ATTENDING)
    return sessions[3]


def test_the_roles_page_makes_as_many_queries_for_1_as_for_15_members(client):
    from tests.factories import NetworkFactory

    small = _network_with_history(NetworkFactory(member_cap=15), 1)
    big = _network_with_history(NetworkFactory(member_cap=15), 15)

    client.force_login(small.network.created_by)
    count_queries(client, reverse("sessions:roles", kwargs={"pk": small.pk}))  # warm caches
    small_count = count_queries(client, reverse("sessions:roles", kwargs={"pk": small.pk}))
    client.force_login(big.network.created_by)
    count_queries(client, reverse("sessions:roles", kwargs={"pk": big.pk}))
    big_count = count_queries(client, reverse("sessions:roles", kwargs={"pk": big.pk}))

    assert small_count == big_count


def test_a_member_registered_absent_is_not_suggested_for_that_session(network, facilitator):
    members = _members(network, 5)
    (session,) = _series(network, 1)
    Attendance.objects.create(session=session, user=members[0], status=AttendanceStatus.ABSENT)
    Attendance.objects.create(session=session, user=members[1], status=AttendanceStatus.EXCUSED)

    suggestion = selectors.session_roles(session=session)["suggestion"]

    assert set(suggestion.values()) == set(members[2:])  # three members, four roles
    assert members[0] not in suggestion.values()
    assert members[1] not in suggestion.values()
