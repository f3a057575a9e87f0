"""What is due now (core/todo.py and each app's todo.py): every kind appears when it is due and
is gone once it is done through the real service or view; nobody sees another's to-dos; the
query count does not grow with the number of networks, sessions and members."""

import datetime
import re

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone, translation

from core import outbox
from core.todo import FACILITATOR, MEMBER, ToDo, todos_for
from evaluations import holding
from evaluations import services as evaluation_services
from evaluations.enums import VoteKind
from evaluations.models import Questionnaire
from minutes import services as minutes_services
from minutes.models import MinutesRead
from networks import services as network_services
from networks.enums import NetworkEmailKind, NetworkStatus, Role
from networks.models import INVITATION_SALT, NetworkEmail
from sessions import services as session_services
from sessions.enums import AttendanceStatus, NotificationKind, RsvpAnswer
from sessions.models import SessionNotification
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    NetworkFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now


def kinds(user, network=None) -> list[str]:
    return [task.kind for task in todos_for(user=user, network=network)]


def only(user, kind, network=None) -> ToDo:
    found = [task for task in todos_for(user=user, network=network) if task.kind == kind]
    assert len(found) == 1, found
    return found[0]


def past_session(network, number=1, *, hours_ago=1, **kwargs):
    ends = NOW() - datetime.timedelta(hours=hours_ago)
    return SessionFactory(
        network=network,
        number=number,
        starts_at=ends - datetime.timedelta(hours=3),
        ends_at=ends,
        **kwargs,
    )


def hold(session, facilitator, marks: dict):
    """Register ``marks`` (user → status) and mark the session held, as the page does."""
    return session_services.session_record_attendance(
        session=session,
        entries={user.pk: {"status": status, "remark": ""} for user, status in marks.items()},
        mark_held=True,
        acting_user=facilitator,
    )


# Member tasks -------------------------------------------------------------------------------------


def test_rsvp_for_the_next_session_only_until_answered(client, network, member, facilitator):
    later = SessionFactory(network=network, number=2, starts_at=NOW() + datetime.timedelta(days=20))
    later.ends_at = later.starts_at + datetime.timedelta(hours=2)
    later.save()
    nxt = SessionFactory(network=network, number=1, title="Valrisico")
    task = only(member, "sessions.rsvp")
    assert task.url == reverse("sessions:detail", kwargs={"pk": nxt.pk})
    assert task.due == nxt.starts_at
    assert task.role == MEMBER
    assert task.network_id == network.pk
    assert "Valrisico" in task.title
    assert network.name in task.title
    assert "sessions.rsvp" not in kinds(facilitator)  # facilitators run the session

    client.force_login(member)
    response = client.post(
        reverse("sessions:rsvp", kwargs={"pk": nxt.pk}), {"answer": RsvpAnswer.ATTENDING}
    )
    assert response.status_code == 302
    assert "sessions.rsvp" not in kinds(member)  # the later session is not the next one


def test_rsvp_not_asked_once_the_session_started(network, member):
    SessionFactory(
        network=network,
        starts_at=NOW() - datetime.timedelta(minutes=5),
        ends_at=NOW() + datetime.timedelta(hours=2),
    )
    assert "sessions.rsvp" not in kinds(member)


def test_intake_until_filled_in(network, member, facilitator):
    deadline = NOW() + datetime.timedelta(days=5)
    intake = evaluation_services.intake_open(
        network=network, deadline=deadline, acting_user=facilitator
    )
    task = only(member, "evaluations.intake")
    assert task.url == reverse("evaluations:intake", kwargs={"pk": network.pk})
    assert task.due == deadline
    assert "evaluations.intake" not in kinds(facilitator)

    evaluation_services.intake_submit(
        intake=intake,
        data={"expectations": "Leren", "personal_goals": "Valpreventie"},
        acting_user=member,
    )
    assert "evaluations.intake" not in kinds(member)


def test_intake_past_its_deadline_is_no_task(network, member, facilitator):
    intake = evaluation_services.intake_open(
        network=network, deadline=NOW() + datetime.timedelta(days=1), acting_user=facilitator
    )
    intake.deadline = NOW() - datetime.timedelta(minutes=1)
    intake.save()
    assert "evaluations.intake" not in kinds(member)


def test_vote_until_voted(network, member, facilitator):
    vote = evaluation_services.vote_create(
        network=network,
        kind=VoteKind.TOPICS,
        title="Welk thema eerst?",
        points=3,
        closes_at=NOW() + datetime.timedelta(days=3),
        options=["Valpreventie", "Wondzorg"],
        acting_user=facilitator,
    )
    task = only(member, "evaluations.vote")
    assert task.url == vote.get_absolute_url()
    assert "Welk thema eerst?" in task.title
    assert "evaluations.vote" not in kinds(facilitator)

    option = vote.options.first()
    evaluation_services.vote_cast(vote=vote, allocation={option.pk: 2}, acting_user=member)
    assert "evaluations.vote" not in kinds(member)


def test_closed_vote_is_no_task(network, member, facilitator):
    vote = evaluation_services.vote_create(
        network=network,
        kind=VoteKind.TOPICS,
        title="Thema",
        points=3,
        closes_at=NOW() + datetime.timedelta(days=3),
        options=["A", "B"],
        acting_user=facilitator,
    )
    evaluation_services.vote_close(vote=vote, acting_user=facilitator)
    assert "evaluations.vote" not in kinds(member)


def test_session_evaluation_for_those_present_until_answered(network, member, facilitator):
    absent = MembershipFactory(network=network).user
    session = past_session(network, title="Valrisico")
    hold(session, facilitator, {member: AttendanceStatus.PRESENT, absent: AttendanceStatus.ABSENT})
    questionnaire = Questionnaire.objects.get(session=session)
    task = only(member, "evaluations.answer")
    assert task.url == reverse("evaluations:answer", kwargs={"pk": questionnaire.pk})
    assert task.due == questionnaire.closes_at
    assert "evaluations.answer" not in kinds(absent)  # not eligible

    _answer(questionnaire, member)
    assert "evaluations.answer" not in kinds(member)


def test_final_evaluation_until_answered(network, member, facilitator):
    questionnaire = evaluation_services.final_evaluation_open(
        network=network, closes_at=NOW() + datetime.timedelta(days=7), acting_user=facilitator
    )
    task = only(member, "evaluations.answer")
    assert task.url == questionnaire.get_absolute_url()
    assert network.name in task.title

    _answer(questionnaire, member)
    assert "evaluations.answer" not in kinds(member)


def _answer(questionnaire, user):
    """Answer every question of ``questionnaire`` as ``user`` through the service."""
    answers = {}
    for question in questionnaire.questions.all():
        answers[question.pk] = question.choices[0] if question.choices else "4"
        if question.type in ("short", "long"):
            answers[question.pk] = "Veel geleerd"
    evaluation_services.response_submit(
        questionnaire=questionnaire, answers=answers, acting_user=user
    )


def _publish(session, facilitator):
    minutes = minutes_services.minutes_get_or_create(session=session, acting_user=facilitator)
    minutes_services.minutes_save_draft(
        minutes=minutes,
        data={"summary": "We bespraken valrisico."},
        item_notes={},
        actions=[],
        acting_user=facilitator,
    )
    return minutes_services.minutes_publish(minutes=minutes, acting_user=facilitator)


def test_minutes_to_read_for_the_absent_until_opened(client, network, member, facilitator):
    excused = MembershipFactory(network=network).user
    session = past_session(network)
    hold(
        session, facilitator, {member: AttendanceStatus.PRESENT, excused: AttendanceStatus.EXCUSED}
    )
    assert "reports.read_minutes" not in kinds(excused)  # nothing published yet

    _publish(session, facilitator)
    task = only(excused, "reports.read_minutes")
    assert task.url == reverse("reports:minutes", kwargs={"pk": session.pk})
    assert "reports.read_minutes" not in kinds(member)  # was there

    client.force_login(excused)
    assert client.get(task.url).status_code == 200
    assert "reports.read_minutes" not in kinds(excused)
    first = MinutesRead.objects.get(user=excused)
    assert first.read_at is not None
    assert client.get(task.url).status_code == 200  # a second reading changes nothing
    assert list(MinutesRead.objects.filter(user=excused)) == [first]
    assert MinutesRead.objects.get(user=excused).read_at == first.read_at


def test_changed_ground_rules_until_accepted_again(client, network, member, facilitator):
    network_services.network_update(
        network=network, data={"ground_rules": network.ground_rules}, acting_user=facilitator
    )
    assert "networks.ground_rules" not in kinds(member)  # nothing changed

    network_services.network_update(
        network=network,
        data={"ground_rules": "We zijn op tijd.\r\nWat hier gezegd wordt, blijft hier."},
        acting_user=facilitator,
    )
    task = only(member, "networks.ground_rules")
    assert task.url == reverse("networks:ground_rules", kwargs={"pk": network.pk})
    assert "networks.ground_rules" not in kinds(facilitator)  # they wrote them

    client.force_login(member)
    page = client.get(task.url)
    assert "We zijn op tijd." in page.content.decode()
    assert page.context["needs_acceptance"] is True
    refused = client.post(task.url, {})
    assert refused.status_code == 200
    assert refused.context["form"].errors["accept_ground_rules"]
    assert "networks.ground_rules" in kinds(member)

    response = client.post(task.url, {"accept_ground_rules": "on"})
    assert response.status_code == 302
    assert response.url == network.get_absolute_url()
    assert "networks.ground_rules" not in kinds(member)


def test_invitation_waiting_until_accepted(client, network, outsider):
    invitation = network_services.invitation_create(
        network=network,
        email=outsider.email.upper(),
        role=Role.MEMBER,
        acting_user=network.created_by,
    )
    task = only(outsider, "networks.invitation")
    # The link is the invitation's own (a signed token with a timestamp: compare what it signs).
    match = resolve(task.url)
    assert match.view_name == "networks:invitation_accept"
    assert signing.loads(match.kwargs["token"], salt=INVITATION_SALT) == invitation.pk
    assert task.due == invitation.expires_at
    assert task.network_id == network.pk

    client.force_login(outsider)
    response = client.post(task.url, {"accept_ground_rules": "on"})
    assert response.status_code == 302
    assert "networks.invitation" not in kinds(outsider)


def test_invitation_not_for_unverified_or_other_addresses(network, outsider):
    InvitationFactory(network=network, email="someone.else@example.org")
    expired = InvitationFactory(network=network, email=outsider.email)
    expired.expires_at = NOW() - datetime.timedelta(minutes=1)
    expired.save()
    assert "networks.invitation" not in kinds(outsider)
    other = UserFactory()
    other.emailaddress_set.update(verified=False)
    InvitationFactory(network=network, email=other.email)
    assert "networks.invitation" not in kinds(other)


# Facilitator tasks --------------------------------------------------------------------------------


def test_open_a_draft_network(client, facilitator):
    draft = NetworkFactory(created_by=facilitator, status=NetworkStatus.DRAFT)
    task = only(facilitator, "networks.open")
    assert task.url == draft.get_absolute_url()
    assert task.role == FACILITATOR

    client.force_login(facilitator)
    client.post(reverse("networks:set_status", kwargs={"pk": draft.pk}), {"status": "open"})
    assert "networks.open" not in kinds(facilitator)


def test_decide_join_requests(client, network, facilitator, outsider):
    request = network_services.join_request_create(
        network=network, acting_user=outsider, motivation="", accept_ground_rules=True
    )
    second = network_services.join_request_create(
        network=network, acting_user=UserFactory(), motivation="", accept_ground_rules=True
    )
    task = only(facilitator, "networks.join_requests")
    assert task.url == reverse("networks:manage_members", kwargs={"pk": network.pk})
    with translation.override("en"):
        title = only(facilitator, "networks.join_requests").title
    assert title == f"Decide on 2 requests to join {network.name}"

    client.force_login(facilitator)
    for join_request in (request, second):
        url = reverse(
            "networks:request_approve", kwargs={"pk": network.pk, "request_id": join_request.pk}
        )
        assert client.post(url).status_code == 302
    assert "networks.join_requests" not in kinds(facilitator)


def test_invitations_expiring_soon(client, network, facilitator):
    soon = InvitationFactory(network=network, expires_at=NOW() + datetime.timedelta(days=2))
    InvitationFactory(network=network, expires_at=NOW() + datetime.timedelta(days=5))
    task = only(facilitator, "networks.invitations_expiring")
    assert task.due == soon.expires_at
    assert task.url == reverse("networks:manage_members", kwargs={"pk": network.pk})

    client.force_login(facilitator)
    url = reverse("networks:invitation_resend", kwargs={"pk": network.pk, "invitation_id": soon.pk})
    assert client.post(url).status_code == 302
    assert "networks.invitations_expiring" not in kinds(facilitator)


def test_failed_emails_until_sent_again(client, network, facilitator):
    invitation = network_services.invitation_create(
        network=network, email="nieuw@example.org", role=Role.MEMBER, acting_user=facilitator
    )
    row = NetworkEmail.objects.get(invitation=invitation, kind=NetworkEmailKind.INVITATION)
    NetworkEmail.objects.filter(pk=row.pk).update(state=outbox.OutboxState.FAILED)
    task = only(facilitator, "networks.failed_emails")
    assert task.url == reverse("networks:emails", kwargs={"pk": network.pk}) + "?state=failed"

    client.force_login(facilitator)
    url = reverse(
        "networks:email_resend",
        kwargs={"pk": network.pk, "kind": row.kind_key, "email_id": row.pk},
    )
    assert client.post(url).status_code == 302
    assert "networks.failed_emails" not in kinds(facilitator)


def test_failed_emails_of_every_outbox_table_count_until_resent(network, member, facilitator):
    other = NetworkFactory(created_by=facilitator)
    MembershipFactory(network=other)
    for current in (network, other):
        session = SessionFactory(network=current)
        session_services.session_notify(session=session, kind=NotificationKind.REMINDER)
    SessionNotification.objects.update(state=outbox.OutboxState.FAILED)
    row = SessionNotification.objects.get(session__network=network)

    assert outbox.failed_unresent_counts(network_ids=[network.pk, other.pk]) == {
        network.pk: 1,
        other.pk: 1,
    }
    resent = outbox.resend(row, acting_user=facilitator)
    assert outbox.failed_unresent_counts(network_ids=[network.pk]) == {}
    SessionNotification.objects.filter(pk=resent.pk).update(state=outbox.OutboxState.FAILED)
    assert outbox.failed_unresent_counts(network_ids=[network.pk]) == {network.pk: 1}
    with translation.override("en"):
        title = only(facilitator, "networks.failed_emails", network).title
    assert title == (
        f"1 email of {network.name} could not be delivered: check the address and send it again"
    )


def test_failed_emails_of_two_tables_add_up_in_one_query(network, member, facilitator):
    session = SessionFactory(network=network)
    session_services.session_notify(session=session, kind=NotificationKind.REMINDER)
    network_services.invitation_create(
        network=network, email="nieuw@example.org", role="member", acting_user=facilitator
    )
    SessionNotification.objects.update(state=outbox.OutboxState.FAILED)
    NetworkEmail.objects.filter(network=network).update(state=outbox.OutboxState.FAILED)

    with CaptureQueriesContext(connection) as queries:
        counts = outbox.failed_unresent_counts(network_ids=[network.pk])

    assert counts == {network.pk: 2}
    assert len(queries) == 1


def test_a_page_shares_the_failed_count_and_nothing_goes_stale_outside_it(
    network, member, facilitator
):
    from core.memo import memo_scope

    session = SessionFactory(network=network)
    session_services.session_notify(session=session, kind=NotificationKind.REMINDER)
    SessionNotification.objects.update(state=outbox.OutboxState.FAILED)
    with memo_scope(), CaptureQueriesContext(connection) as queries:
        assert outbox.network_failed_count(network_id=network.pk) == 1
        assert outbox.failed_unresent_counts(network_ids=[network.pk]) == {network.pk: 1}
    assert len(queries) == 1

    SessionNotification.objects.update(state=outbox.OutboxState.SENT)
    assert outbox.network_failed_count(network_id=network.pk) == 0


def test_attendance_and_held_are_one_task(network, member, facilitator):
    session = past_session(network)
    task = only(facilitator, "sessions.attendance")
    assert task.url == reverse("sessions:attendance", kwargs={"pk": session.pk})
    assert task.due == session.ends_at
    assert task.is_overdue

    session_services.attendance_register(
        session=session,
        entries={member.pk: {"status": AttendanceStatus.PRESENT, "remark": ""}},
        acting_user=facilitator,
    )
    assert "sessions.attendance" in kinds(facilitator)  # registered, not yet held

    session_services.session_mark_held(session=session, acting_user=facilitator)
    assert "sessions.attendance" not in kinds(facilitator)


def test_rsvps_missing_three_days_before(network, member, facilitator):
    other = MembershipFactory(network=network).user
    session = SessionFactory(
        network=network,
        starts_at=NOW() + datetime.timedelta(days=2),
        ends_at=NOW() + datetime.timedelta(days=2, hours=3),
    )
    SessionFactory(network=network)  # a week away: not yet
    task = only(facilitator, "sessions.rsvp_missing")
    assert task.url == session.get_absolute_url()
    assert task.due == session.starts_at
    with translation.override("en"):
        assert only(facilitator, "sessions.rsvp_missing").title == (
            f"2 members have not said whether they come to session {session.number} of "
            f"{network.name}"
        )

    session_services.rsvp_set(
        session=session, data={"answer": RsvpAnswer.ATTENDING}, acting_user=member
    )
    with translation.override("en"):
        assert only(facilitator, "sessions.rsvp_missing").title == (
            f"1 member has not said whether they come to session {session.number} of {network.name}"
        )
    session_services.rsvp_set(
        session=session,
        data={"answer": RsvpAnswer.NOT_ATTENDING, "apology": "Ziek"},
        acting_user=other,
    )
    assert "sessions.rsvp_missing" not in kinds(facilitator)


def test_member_absent_twice_in_a_row(network, member, facilitator):
    steady = MembershipFactory(network=network).user
    for number in (1, 2):
        hold(
            past_session(network, number, hours_ago=100 - number),
            facilitator,
            {member: AttendanceStatus.ABSENT, steady: AttendanceStatus.PRESENT},
        )
    task = only(facilitator, "sessions.repeated_absence")
    assert member.full_name in task.title
    assert task.url == reverse("sessions:attendance_overview", kwargs={"pk": network.pk})

    hold(
        past_session(network, 3, hours_ago=2),
        facilitator,
        {member: AttendanceStatus.PRESENT, steady: AttendanceStatus.EXCUSED},
    )
    assert "sessions.repeated_absence" not in kinds(facilitator)  # came back; one absence only


def test_write_and_publish_minutes_due_days_after(network, member, facilitator):
    network_services.network_update(
        network=network, data={"minutes_due_days": 3}, acting_user=facilitator
    )
    session = past_session(network)
    hold(session, facilitator, {member: AttendanceStatus.PRESENT})
    task = only(facilitator, "reports.publish_minutes")
    assert task.due == session.ends_at + datetime.timedelta(days=3)
    assert task.url == reverse("reports:minutes_edit", kwargs={"pk": session.pk})

    _publish(session, facilitator)
    assert "reports.publish_minutes" not in kinds(facilitator)


def test_evaluation_results_to_share(client, network, member, facilitator):
    others = [MembershipFactory(network=network).user for _ in range(2)]
    questionnaire = evaluation_services.final_evaluation_open(
        network=network, closes_at=NOW() + datetime.timedelta(days=7), acting_user=facilitator
    )
    assert questionnaire.anonymous
    assert questionnaire.threshold == 3
    for person in [member, *others]:
        _answer(questionnaire, person)
    holding.release(questionnaire_id=questionnaire.pk)
    assert "evaluations.results" not in kinds(facilitator)  # still open

    Questionnaire.objects.filter(pk=questionnaire.pk).update(closes_at=NOW())
    task = only(facilitator, "evaluations.results")
    assert task.url == reverse("evaluations:results", kwargs={"pk": questionnaire.pk})
    assert "evaluations.results" not in kinds(member)

    client.force_login(facilitator)
    response = client.post(reverse("evaluations:share", kwargs={"pk": questionnaire.pk}))
    assert response.status_code == 302
    assert "evaluations.results" not in kinds(facilitator)


def test_anonymous_answers_below_k_make_no_task(network, member, facilitator):
    """Fewer than k answers of an anonymous evaluation are held back from the results: a task
    would tell the facilitator that someone answered while the results show nothing."""
    MembershipFactory(network=network)
    questionnaire = evaluation_services.final_evaluation_open(
        network=network, closes_at=NOW() + datetime.timedelta(days=7), acting_user=facilitator
    )
    _answer(questionnaire, member)
    holding.release(questionnaire_id=questionnaire.pk)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(closes_at=NOW())

    assert questionnaire.participations.count() == 1
    assert "evaluations.results" not in kinds(facilitator)


def test_closed_evaluation_without_answers_is_no_task(network, facilitator):
    questionnaire = evaluation_services.final_evaluation_open(
        network=network, closes_at=NOW() + datetime.timedelta(days=7), acting_user=facilitator
    )
    Questionnaire.objects.filter(pk=questionnaire.pk).update(closes_at=NOW())
    assert "evaluations.results" not in kinds(facilitator)


# Who sees what ----------------------------------------------------------------------------------


@pytest.fixture
def busy(network, member, facilitator):
    """A network where every member and facilitator task is due."""
    absent = MembershipFactory(network=network).user
    for number in (1, 2):
        hold(
            past_session(network, number, hours_ago=200 - number),
            facilitator,
            {member: AttendanceStatus.ABSENT, absent: AttendanceStatus.ABSENT},
        )
    _publish(network.sessions.get(number=2), facilitator)
    past_session(network, 3)
    SessionFactory(network=network, number=4, starts_at=NOW() + datetime.timedelta(days=1))
    evaluation_services.intake_open(
        network=network, deadline=NOW() + datetime.timedelta(days=4), acting_user=facilitator
    )
    network_services.network_update(
        network=network, data={"ground_rules": "Nieuw"}, acting_user=facilitator
    )
    InvitationFactory(network=network, expires_at=NOW() + datetime.timedelta(days=1))
    return network


def test_nobody_else_sees_a_networks_tasks(busy, member, facilitator, outsider, other_facilitator):
    assert set(kinds(member)) == {
        "sessions.rsvp",
        "evaluations.intake",
        "reports.read_minutes",
        "networks.ground_rules",
    }
    assert {"sessions.attendance", "reports.publish_minutes"} <= set(kinds(facilitator))
    assert kinds(outsider) == []
    # Their own network's next step of the method (reports.method), nothing of this one.
    assert [task.network_id for task in todos_for(user=other_facilitator)] != [busy.pk]
    assert [task for task in todos_for(user=other_facilitator) if task.network_id == busy.pk] == []
    assert todos_for(user=member, network=NetworkFactory()) == []

    network_services.membership_leave(network=busy, acting_user=member)
    assert kinds(member) == []


def test_facilitators_get_no_member_tasks(busy, facilitator):
    assert {task.role for task in todos_for(user=facilitator)} == {FACILITATOR}


def test_todos_for_one_network_and_most_urgent_first(busy, member, facilitator):
    elsewhere = NetworkFactory(created_by=facilitator, status=NetworkStatus.DRAFT)
    everything = todos_for(user=facilitator)
    assert {task.network_id for task in everything} == {busy.pk, elsewhere.pk}
    assert {t.network_id for t in todos_for(user=facilitator, network=busy)} == {busy.pk}
    assert [t.kind for t in todos_for(user=facilitator, network=elsewhere)] == ["networks.open"]

    dated = [task.due for task in everything if task.due is not None]
    assert dated == sorted(dated)
    assert everything[0].is_overdue
    undated = [task.due for task in everything[len(dated) :]]
    assert undated
    assert set(undated) == {None}

    mine = todos_for(user=member)
    assert [t.kind for t in mine[:2]] == ["sessions.rsvp", "evaluations.intake"]


# Query count --------------------------------------------------------------------------------------


def _world(networks: int, sessions: int, members: int):
    """``networks`` networks facilitated by one person with ``members`` members each, among
    them one watched member who is in all of them; ``sessions`` sessions each: all but the last
    held (the watched member absent), the last two days away; every kind of task is due."""
    lead = UserFactory()
    watched = UserFactory()
    for n in range(networks):
        network = NetworkFactory(created_by=lead, member_cap=15)
        people = [watched] + [UserFactory() for _ in range(members - 1)]
        for person in people:
            MembershipFactory(network=network, user=person)
        for number in range(1, sessions):
            session = past_session(network, number, hours_ago=24 * (sessions - number) + 1)
            marks = dict.fromkeys(people, AttendanceStatus.PRESENT)
            marks[watched] = AttendanceStatus.ABSENT
            hold(session, lead, marks)
            if number == 1:
                _publish(session, lead)
        SessionFactory(
            network=network, number=sessions, starts_at=NOW() + datetime.timedelta(days=2)
        )
        evaluation_services.intake_open(
            network=network, deadline=NOW() + datetime.timedelta(days=4), acting_user=lead
        )
        evaluation_services.vote_create(
            network=network,
            kind=VoteKind.TOPICS,
            title=f"Thema {n}",
            points=3,
            closes_at=NOW() + datetime.timedelta(days=3),
            options=["A", "B"],
            acting_user=lead,
        )
        network_services.network_update(
            network=network, data={"ground_rules": f"Nieuw {n}"}, acting_user=lead
        )
        InvitationFactory(network=network, expires_at=NOW() + datetime.timedelta(days=1))
        InvitationFactory(network=network, email=f"w{n}-{watched.email}")
    return lead, watched


@pytest.mark.parametrize("role", ["facilitator", "member"])
def test_query_count_does_not_grow(django_assert_num_queries, role):
    """The same number of queries for 1 network with 1 session and 1 member as for 5 networks
    with 20 sessions and 15 members each."""
    small = _world(1, 1, 1)
    large = _world(5, 20, 15)
    pick = 0 if role == "facilitator" else 1
    with CaptureQueriesContext(connection) as small_queries:
        small_tasks = todos_for(user=small[pick])
    with django_assert_num_queries(len(small_queries)):
        large_tasks = todos_for(user=large[pick])
    assert len(large_tasks) > len(small_tasks) > 0


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "Te laat Dit moest klaar zijn op"), ("en", "Overdue It was due on")],
)
def test_an_overdue_task_reads_as_a_sentence(client, network, facilitator, language, expected):
    past_session(network, hours_ago=30)
    facilitator.language = language
    facilitator.save(update_fields=["language"])
    client.force_login(facilitator)

    html = client.get(reverse("networks:dashboard")).content.decode()

    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert expected in words
    assert "was voorzien tegen" not in words
