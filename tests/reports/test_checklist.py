"""Issue 24: the method's checklist (reports/checklist.py). Every step's tick comes from the
stored rows: each test below reads the checklist, writes the row a facilitator's action writes
(through the service that writes it), and reads again. Steps done out of order are ticked; the
checklist never blocks; two facilitators see the same ticks; the query count is fixed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.todo import todos_for
from evaluations import services as evaluation_services
from evaluations.models import Questionnaire
from minutes.models import Minutes
from minutes.services import minutes_publish
from networks import services as network_services
from networks.enums import NetworkStatus, Role
from reports.checklist import STEPS, checklists_for, method_checklist
from reports.models import NetworkReport
from reports.todo import METHOD_TODO
from sessions import services as session_services
from sessions.enums import SessionKind
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def steps(network) -> dict[str, bool]:
    return {step.key: step.done for step in method_checklist(network=network).steps}


def step(network, key):
    return next(s for s in method_checklist(network=network).steps if s.key == key)


@pytest.fixture
def group(network, facilitator):
    members = [MembershipFactory(network=network, user=UserFactory()).user for _ in range(3)]
    return network, members


def _past_session(network, *, kind=SessionKind.REGULAR, days=2):
    start = timezone.now() - datetime.timedelta(days=days)
    return SessionFactory(
        network=network, kind=kind, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )


def _hold(session, members, facilitator):
    entries = {m.pk: {"status": "present", "remark": ""} for m in members}
    return session_services.session_record_attendance(
        session=session, entries=entries, mark_held=True, acting_user=facilitator
    )


def test_the_steps_follow_the_seeds_order():
    assert [key for key, _title in STEPS] == [
        "goal",
        "open",
        "invite",
        "intake",
        "goals",
        "kickoff_planned",
        "kickoff_held",
        "attendance",
        "minutes",
        "evaluation",
        "more_sessions",
        "final",
        "report",
    ]


def test_goal_step_is_ticked_by_the_networks_stated_goal_role_and_course(network):
    network.participant_role = "  "
    network.save(update_fields=["participant_role"])
    assert steps(network)["goal"] is False

    network.participant_role = "Je brengt casussen mee."
    network.save(update_fields=["participant_role"])

    assert steps(network)["goal"] is True


def test_open_step_is_ticked_by_the_networks_status(network, facilitator):
    network.status = NetworkStatus.DRAFT
    network.save(update_fields=["status"])
    assert steps(network)["open"] is False
    assert method_checklist(network=network).current.key == "open"

    network_services.network_set_status(
        network=network, status=NetworkStatus.OPEN, acting_user=facilitator
    )

    assert steps(network)["open"] is True


def test_invite_step_is_ticked_by_a_stored_invitation(network, facilitator):
    assert steps(network)["invite"] is False

    network_services.invitation_create(
        network=network, email="nieuw@example.org", role=Role.MEMBER, acting_user=facilitator
    )

    assert steps(network)["invite"] is True
    assert method_checklist(network=network).current.key == "intake"


def test_invite_step_is_ticked_by_a_member_who_joined_otherwise(network, member):
    assert steps(network)["invite"] is True  # a member holds a seat: no invitation needed


def test_intake_step_is_ticked_by_the_opened_intake_and_says_until_when(group, facilitator):
    network, _members = group
    assert steps(network)["intake"] is False
    assert step(network, "intake").state == "Nog niet geopend"

    deadline = timezone.now() + datetime.timedelta(days=5)
    evaluation_services.intake_open(network=network, deadline=deadline, acting_user=facilitator)

    assert steps(network)["intake"] is True
    assert step(network, "intake").state.startswith("Open tot ")


def test_goals_step_is_ticked_by_adopted_goals_not_by_a_vote_alone(group, facilitator):
    network, _members = group
    goal = evaluation_services.goal_create(
        network=network, title="Valrisico inschatten", acting_user=facilitator
    )
    evaluation_services.goal_create(
        network=network, title="Familie betrekken", acting_user=facilitator
    )
    evaluation_services.vote_create(
        network=network,
        kind="goals",
        title="Welke leerdoelen?",
        points=3,
        closes_at=timezone.now() + datetime.timedelta(days=3),
        options=["Valrisico inschatten", "Familie betrekken"],
        acting_user=facilitator,
    )
    assert steps(network)["goals"] is False
    assert step(network, "goals").action_label == "Bekijk de stemming"

    evaluation_services.goals_adopt(network=network, goal_ids=[goal.pk], acting_user=facilitator)

    assert steps(network)["goals"] is True


def test_kickoff_steps_are_ticked_by_the_planned_then_held_kickoff(group, facilitator):
    network, members = group
    assert steps(network)["kickoff_planned"] is False
    kickoff = _past_session(network, kind=SessionKind.KICKOFF)
    assert steps(network)["kickoff_planned"] is True
    assert steps(network)["kickoff_held"] is False
    # The kickoff has ended: its attendance to-do asks this step already.
    assert step(network, "kickoff_held").covered_by == "sessions.attendance"

    _hold(kickoff, members, facilitator)

    assert steps(network)["kickoff_held"] is True


def test_attendance_step_waits_for_every_ended_session(group, facilitator):
    network, members = group
    first, second = _past_session(network, days=9), _past_session(network, days=2)
    _hold(first, members, facilitator)
    assert steps(network)["attendance"] is False
    assert step(network, "attendance").action_url == reverse(
        "sessions:attendance", kwargs={"pk": second.pk}
    )

    _hold(second, members, facilitator)

    assert steps(network)["attendance"] is True


def test_minutes_step_is_ticked_by_a_published_version(group, facilitator):
    network, members = group
    session = _hold(_past_session(network), members, facilitator)
    assert steps(network)["minutes"] is False
    assert step(network, "minutes").action_url == reverse(
        "reports:minutes_edit", kwargs={"pk": session.pk}
    )
    minutes = Minutes.objects.create(session=session, summary="We deelden drie casussen.")

    minutes_publish(minutes=minutes, acting_user=facilitator)

    assert steps(network)["minutes"] is True


def test_evaluation_step_is_ticked_by_each_held_sessions_evaluation(group, facilitator):
    network, members = group
    session = _hold(_past_session(network), members, facilitator)
    assert steps(network)["evaluation"] is True  # marking it held opened its evaluation
    # A session held without one (as before evaluations opened by themselves): not ticked.
    Questionnaire.objects.filter(session=session).delete()
    assert steps(network)["evaluation"] is False

    evaluation_services.session_evaluation_open(session=session, acting_user=facilitator)

    assert steps(network)["evaluation"] is True


def test_more_sessions_step_is_ticked_by_a_second_session(network):
    SessionFactory(network=network)
    assert steps(network)["more_sessions"] is False

    SessionFactory(network=network)

    assert steps(network)["more_sessions"] is True


def test_final_step_is_ticked_by_the_opened_final_evaluation(group, facilitator):
    network, _members = group
    assert steps(network)["final"] is False

    evaluation_services.final_evaluation_open(
        network=network,
        closes_at=timezone.now() + datetime.timedelta(days=7),
        acting_user=facilitator,
    )

    assert steps(network)["final"] is True
    assert (
        step(network, "report").state == "De resultaten van de eindevaluatie zijn nog niet gedeeld"
    )


def test_report_step_is_ticked_by_a_stored_report(network):
    assert steps(network)["report"] is False

    NetworkReport.objects.create(network=network, fingerprint="f" * 64)

    assert steps(network)["report"] is True


def test_a_step_done_out_of_order_is_ticked_and_the_first_open_one_stays_current(
    group, facilitator
):
    network, _members = group
    evaluation_services.final_evaluation_open(
        network=network,
        closes_at=timezone.now() + datetime.timedelta(days=7),
        acting_user=facilitator,
    )

    checklist = method_checklist(network=network)

    assert steps(network)["final"] is True
    assert checklist.current.key == "intake"  # the method's next step, not blocked by it


def test_two_facilitators_see_the_same_ticks_and_the_same_next_step(group, facilitator):
    network, _members = group
    co = MembershipFactory(network=network, user=UserFactory(), role=Role.FACILITATOR).user
    network_services.invitation_create(
        network=network, email="twee@example.org", role=Role.MEMBER, acting_user=co
    )

    mine = [t for t in todos_for(user=facilitator, network=network) if t.kind == METHOD_TODO]
    theirs = [t for t in todos_for(user=co, network=network) if t.kind == METHOD_TODO]

    assert [t.title for t in mine] == [t.title for t in theirs]
    assert mine[0].url == reverse("evaluations:intake", kwargs={"pk": network.pk})


def test_fresh_networks_first_todo_is_the_methods_next_step(client, facilitator):
    network = NetworkFactory(created_by=facilitator, status=NetworkStatus.OPEN)

    todos = todos_for(user=facilitator, network=network)

    assert [t.kind for t in todos] == [METHOD_TODO]
    assert (
        todos[0].title
        == f"Volgende stap van de methode in {network.name}: Nodig de leden uit (tien à vijftien)"
    )


def test_a_step_another_todo_asks_gives_no_second_todo(facilitator):
    network = NetworkFactory(created_by=facilitator, status=NetworkStatus.DRAFT)

    kinds = [t.kind for t in todos_for(user=facilitator, network=network)]

    assert kinds == ["networks.open"]  # the checklist's "Open the network", asked once


def test_a_closed_network_gives_no_method_todo_and_offers_the_final_report(
    client, group, facilitator
):
    network, _members = group
    network_services.network_set_status(
        network=network, status=NetworkStatus.CLOSED, acting_user=facilitator
    )
    client.force_login(facilitator)

    page = client.get(network.get_absolute_url()).content.decode()

    assert METHOD_TODO not in [t.kind for t in todos_for(user=facilitator)]
    assert reverse("reports:report_pdf", kwargs={"pk": network.pk}) in page
    assert "Maak het eindrapport" in page


def test_network_page_shows_the_checklist_to_facilitators_only(client, group, facilitator):
    network, members = group
    client.force_login(facilitator)
    page = client.get(network.get_absolute_url()).content.decode()
    client.force_login(members[0])
    member_page = client.get(network.get_absolute_url()).content.decode()

    assert 'id="method-heading"' in page
    assert 'data-step="intake"' in page  # the current step, first
    assert 'id="method-heading"' not in member_page


def test_checklists_take_one_query_for_one_network_or_many(facilitator):
    one = [NetworkFactory(created_by=facilitator)]
    many = [NetworkFactory(created_by=facilitator) for _ in range(4)]
    for network in many:
        for _ in range(3):
            SessionFactory(network=network)

    counts = []
    for networks in (one, many):
        with CaptureQueriesContext(connection) as queries:
            checklists_for(networks)
        counts.append(len(queries))

    assert counts == [1, 1]


def test_intake_page_explains_the_intake_and_previews_its_questions(client, network, facilitator):
    client.force_login(facilitator)

    page = client.get(reverse("evaluations:intake", kwargs={"pk": network.pk})).content.decode()

    assert 'class="lead intake-purpose"' in page
    assert "Met de intake begint de groep" in page
    preview = page.split('class="mb-3 intake-preview"')[1].split("</details>")[0]
    assert preview.count("<li>") == 7
    assert "Wat verwacht je van dit netwerk?" in preview
    assert "Open de intake…" in page


def test_before_any_session_is_held_the_session_steps_say_so_not_0_of_0(network):
    """Issue 24.11: a fresh network's checklist reads "Nog geen bijeenkomst gehouden", not
    "Verslag gepubliceerd voor 0 van 0 gehouden bijeenkomsten"."""
    for key in ("attendance", "minutes", "evaluation"):
        assert step(network, key).state == "Nog geen bijeenkomst gehouden", key
    page = method_checklist(network=network)
    assert not any("0 van 0" in s.state for s in page.steps)
