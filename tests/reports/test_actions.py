"""Try-out actions (uitprobeeracties) that come back: owner, goal and due date in the minutes
editor, updated in place; the owner says how it went; one "how did it go?" email per owner before
the next session; the feedback item on the next session's agenda and what carries over; the
counts per learning goal in the trajectory report."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.errors import ApplicationError
from core.todo import todos_for
from evaluations import services as evaluation_services
from minutes import selectors, services
from minutes.enums import ActionStatus
from minutes.models import ActionCheckIn, ActionItem, Minutes
from sessions import services as session_services
from sessions.enums import SessionKind
from sessions.models import AgendaItem
from tests.factories import MembershipFactory, SessionFactory, UserFactory
from tests.utils import count_queries, report_download

pytestmark = pytest.mark.django_db


def _edit_url(session):
    return reverse("reports:minutes_edit", kwargs={"pk": session.pk})


def _save_url(session):
    return reverse("reports:minutes_save", kwargs={"pk": session.pk})


def _goal(network, title="Valrisico inschatten"):
    goal = evaluation_services.goal_create(
        network=network, title=title, acting_user=network.created_by
    )
    evaluation_services.goals_adopt(
        network=network, goal_ids=[goal.pk], acting_user=network.created_by
    )
    goal.refresh_from_db()
    return goal


def _plan(network, *, days: float, title="Volgende bijeenkomst"):
    starts_at = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    session, _warnings = session_services.session_create(
        network=network,
        data={
            "title": title,
            "kind": SessionKind.REGULAR,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=3),
            "location": "Brugge",
            "online_url": "",
            "description": "",
        },
        acting_user=network.created_by,
    )
    return session


@pytest.fixture
def owners(network, member):
    """Two owners: the fixture member (Mona) and a second member (Pieter)."""
    second = MembershipFactory(
        network=network, user=UserFactory(full_name="Pieter Praktijk", language="en")
    ).user
    return member, second


@pytest.fixture
def three_actions(held, facilitator, owners, network):
    """Three actions of two owners in the held session's minutes, one on a learning goal."""
    session = held[0]
    first, second = owners
    goal = _goal(network)
    minutes = services.minutes_get_or_create(session=session, acting_user=facilitator)
    services.minutes_save_draft(
        minutes=minutes,
        data={"summary": "Samen"},
        item_notes={},
        actions=[
            {"what": "Checklist uitproberen", "owner_id": first.pk, "goal_id": goal.pk},
            {"what": "Valmat testen", "owner_id": first.pk, "due": None},
            {"what": "Collega bevragen", "owner_id": second.pk},
        ],
        acting_user=facilitator,
    )
    return minutes, goal


# The minutes editor ----------------------------------------------------------------------------


def test_editor_saves_owner_goal_and_due_and_keeps_how_it_went(
    client, held, facilitator, member, network
):
    session = held[0]
    goal = _goal(network)
    client.force_login(facilitator)
    page = client.get(_edit_url(session))
    assert page.status_code == 200, (page.status_code, page.get("Location"), page.content[:3000])
    form = page.context["form"]
    assert member.pk in form.member_ids
    assert goal.pk in form.goal_ids

    response = client.post(
        _save_url(session),
        {
            "summary": "x",
            "action_0_what": "Checklist uitproberen",
            "action_0_owner": member.pk,
            "action_0_due": "2030-05-01",
            "action_0_goal": goal.pk,
            "action_1_what": "Folder vragen",
            "action_1_who": "Jan van de apotheek",
        },
    )
    assert response.status_code == 302
    first, outside = ActionItem.objects.order_by("position")
    assert (first.owner, first.goal, first.due) == (member, goal, datetime.date(2030, 5, 1))
    assert (outside.owner, outside.who) == (None, "Jan van de apotheek")

    services.action_answer(
        action=first, status=ActionStatus.PARTLY, outcome="Half gelukt", acting_user=member
    )
    # Saving the draft again (the row carries its id) keeps what the owner said.
    response = client.post(
        _save_url(session),
        {
            "summary": "y",
            "action_0_id": first.pk,
            "action_0_what": "Checklist uitproberen op de afdeling",
            "action_0_owner": member.pk,
            "action_0_goal": goal.pk,
        },
    )
    assert response.status_code == 302
    (kept,) = ActionItem.objects.all()  # the row left out is deleted
    assert kept.pk == first.pk
    assert (kept.what, kept.status, kept.outcome) == (
        "Checklist uitproberen op de afdeling",
        ActionStatus.PARTLY,
        "Half gelukt",
    )
    page = client.get(_edit_url(session)).content.decode()
    assert "Half gelukt" in page


def test_an_owner_who_is_not_a_member_is_refused_on_the_row(
    client, held, facilitator, outsider, network
):
    session = held[0]
    client.force_login(facilitator)

    response = client.post(
        _save_url(session),
        {"summary": "Nieuw", "action_0_what": "Iets", "action_0_owner": outsider.pk},
    )

    assert response.status_code == 200
    with translation.override(network.language):
        expected = gettext(
            "This person is not a member of the network: choose a member, or write the name "
            "of someone outside."
        )
    assert response.context["form"].errors["action_0_owner"] == [expected]
    assert not Minutes.objects.filter(session=session).exists()  # nothing half-written
    assert not ActionItem.objects.exists()


def test_the_service_refuses_a_non_member_owner_and_writes_nothing(minutes, facilitator, outsider):
    before = list(minutes.actions.values_list("what", flat=True))
    with pytest.raises(ApplicationError):
        services.minutes_save_draft(
            minutes=minutes,
            data={"summary": "Overschreven"},
            item_notes={},
            actions=[{"what": "Iets", "owner_id": outsider.pk}],
            acting_user=facilitator,
        )
    minutes.refresh_from_db()
    assert minutes.summary != "Overschreven"
    assert list(minutes.actions.values_list("what", flat=True)) == before


def test_another_minutes_action_id_is_refused(client, minutes, facilitator, network):
    other = SessionFactory(network=network)
    other_minutes = Minutes.objects.create(session=other)
    foreign = ActionItem.objects.create(minutes=other_minutes, what="Van elders")
    client.force_login(facilitator)

    response = client.post(
        _save_url(minutes.session),
        {"summary": "x", "action_0_id": foreign.pk, "action_0_what": "Gekaapt"},
    )

    assert response.status_code == 200
    assert "action_0_what" in response.context["form"].errors
    foreign.refresh_from_db()
    assert foreign.what == "Van elders"


def test_version_content_has_owner_name_and_goal(three_actions, owners):
    minutes, goal = three_actions
    content = services.minutes_content(minutes=minutes)
    assert content["actions"][0] == {
        "what": "Checklist uitproberen",
        "who": owners[0].full_name,
        "due": "",
        "goal": goal.title,
        "owner": owners[0].pk,  # the catch-up pack shows each absentee their own actions
    }
    assert content["actions"][2]["who"] == "Pieter Praktijk"


# The owner answers -----------------------------------------------------------------------------


def test_owner_sees_and_answers_their_actions(client, three_actions, owners, network):
    first, _second = owners
    action = ActionItem.objects.get(what="Valmat testen")
    client.force_login(first)

    tasks = [t for t in todos_for(user=first) if t.kind == "reports.actions"]
    assert len(tasks) == 1
    assert tasks[0].url == reverse("reports:my_actions")
    page = client.get(reverse("reports:my_actions")).content.decode()
    assert "Valmat testen" in page
    assert "Collega bevragen" not in page

    response = client.post(
        reverse("reports:action_answer", kwargs={"action_id": action.pk}),
        {f"a{action.pk}-status": "done", f"a{action.pk}-outcome": "Werkt goed"},
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.outcome) == (ActionStatus.DONE, "Werkt goed")
    assert action.answered_at is not None


def test_marking_someone_elses_action_is_a_404_and_changes_nothing(
    client, three_actions, owners, facilitator
):
    _first, second = owners
    theirs = ActionItem.objects.get(what="Checklist uitproberen")
    for user in (second, facilitator):
        client.force_login(user)
        response = client.post(
            reverse("reports:action_answer", kwargs={"action_id": theirs.pk}),
            {f"a{theirs.pk}-status": "done", f"a{theirs.pk}-outcome": "Niet van mij"},
        )
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.outcome) == (ActionStatus.OPEN, "")
    with pytest.raises(ApplicationError):
        services.action_answer(action=theirs, status="done", outcome="", acting_user=second)


def test_an_answer_without_status_shows_the_form_again(client, three_actions, owners):
    action = ActionItem.objects.get(what="Valmat testen")
    client.force_login(owners[0])
    response = client.post(
        reverse("reports:action_answer", kwargs={"action_id": action.pk}),
        {f"a{action.pk}-status": "gewoon", f"a{action.pk}-outcome": "x" * 301},
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_facilitator_sees_how_the_actions_went_on_the_minutes_page(
    client, three_actions, owners, facilitator
):
    minutes, _goal = three_actions
    action = ActionItem.objects.get(what="Collega bevragen")
    services.action_answer(
        action=action, status=ActionStatus.NOT_DONE, outcome="Geen tijd", acting_user=owners[1]
    )
    client.force_login(facilitator)
    page = client.get(reverse("reports:minutes", kwargs={"pk": minutes.session_id}))
    assert 'id="action-status"' in page.content.decode()
    assert "Geen tijd" in page.content.decode()


# The email before the next session ----------------------------------------------------------------


def test_each_owner_gets_one_checkin_email_before_the_next_session(
    three_actions, owners, network, facilitator, on_commit
):
    first, second = owners
    with on_commit(execute=True):
        following = _plan(network, days=6)
    mail.outbox.clear()

    with on_commit(execute=True):
        assert services.checkins_queue_due() == 0  # six days ahead: not yet
    with on_commit(execute=True):
        created = services.checkins_queue_due(now=following.starts_at - datetime.timedelta(days=2))
    with on_commit(execute=True):
        again = services.checkins_queue_due(now=following.starts_at - datetime.timedelta(days=1))

    assert (created, again) == (2, 0)
    assert ActionCheckIn.objects.filter(session=following).count() == 2
    sent = [m for m in mail.outbox if "actioncheckin" in m.extra_headers.get("Message-ID", "")]
    assert sorted(m.to[0] for m in sent) == sorted([first.email, second.email])
    by_owner = {m.to[0]: m for m in sent}
    body = by_owner[first.email].body
    assert "Checklist uitproberen" in body
    assert "Valmat testen" in body
    assert "Collega bevragen" not in body
    for message in sent:
        assert network.name in message.subject
        assert message.reply_to == [facilitator.email]
    assert "how did your try-out go" in by_owner[second.email].subject  # Pieter reads English


def test_no_checkin_for_owners_who_answered(three_actions, owners, network, on_commit):
    for action in ActionItem.objects.filter(owner=owners[1]):
        services.action_answer(action=action, status="done", outcome="", acting_user=owners[1])
    following = _plan(network, days=2)
    with on_commit(execute=True):
        services.checkins_queue_due()
    assert list(
        ActionCheckIn.objects.filter(session=following).values_list("owner", flat=True)
    ) == [owners[0].pk]


# Feedback on the next session's agenda, and what carries over -------------------------------------


def test_next_session_gets_the_feedback_item_and_not_done_carries_over_once(
    client, three_actions, owners, network, facilitator
):
    minutes, goal = three_actions
    first, second = owners
    not_done = ActionItem.objects.get(what="Collega bevragen")
    services.action_answer(
        action=not_done, status=ActionStatus.NOT_DONE, outcome="Geen tijd", acting_user=second
    )
    services.action_answer(
        action=ActionItem.objects.get(what="Valmat testen"),
        status=ActionStatus.DONE,
        outcome="Goed",
        acting_user=first,
    )

    following = _plan(network, days=10)

    with translation.override(network.language):
        title = gettext("Feedback on try-out actions")
    (item,) = AgendaItem.objects.filter(session=following, title=title)
    assert item.duration_minutes == 15
    for text in ("Checklist uitproberen", "Valmat testen", "Collega bevragen", "Geen tijd"):
        assert text in item.notes
    assert "Pieter Praktijk" in item.notes
    assert first.full_name in item.notes

    (carried,) = ActionItem.objects.filter(minutes__session=following)
    assert (carried.carried_from, carried.owner, carried.status) == (
        not_done,
        second,
        ActionStatus.OPEN,
    )

    # Planning logic again, the previous draft saved again, the next draft saved: still once.
    services.actions_feed_back(session=following)
    client.force_login(facilitator)
    rows = {}
    for index, action in enumerate(minutes.actions.order_by("position")):
        rows |= {
            f"action_{index}_id": action.pk,
            f"action_{index}_what": action.what,
            f"action_{index}_owner": action.owner_id,
        }
    assert client.post(_save_url(minutes.session), {"summary": "Samen", **rows}).status_code == 302
    assert (
        client.post(
            _save_url(following),
            {
                "action_0_id": carried.pk,
                "action_0_what": carried.what,
                "action_0_owner": second.pk,
            },
        ).status_code
        == 302
    )
    assert ActionItem.objects.filter(minutes__session=following).count() == 1
    assert AgendaItem.objects.filter(session=following, title=title).count() == 1
    assert ActionItem.objects.get(pk=carried.pk).carried_from == not_done


def test_answering_not_done_after_planning_carries_over_and_done_takes_it_back(
    three_actions, owners, network
):
    following = _plan(network, days=10)
    action = ActionItem.objects.get(what="Valmat testen")
    assert not ActionItem.objects.filter(minutes__session=following).exists()  # all still open

    services.action_answer(action=action, status="not_done", outcome="", acting_user=owners[0])
    assert ActionItem.objects.filter(minutes__session=following, carried_from=action).count() == 1
    item = Minutes.objects.get(session=following).feedback_item
    assert "Valmat testen" in item.notes

    services.action_answer(action=action, status="done", outcome="Toch", acting_user=owners[0])
    assert not ActionItem.objects.filter(minutes__session=following).exists()
    item.refresh_from_db()
    assert "Toch" in item.notes


def test_unanswered_actions_carry_over_once_the_next_session_is_held(
    three_actions, owners, network, facilitator
):
    following = _plan(network, days=10)
    following.starts_at = timezone.now() - datetime.timedelta(hours=3)
    following.ends_at = timezone.now() - datetime.timedelta(hours=1)
    following.save()
    from networks.selectors import active_member_ids

    session_services.attendance_register(
        session=following,
        entries={
            pk: {"status": "present", "remark": ""}
            for pk in active_member_ids(network_id=network.pk)
        },
        acting_user=facilitator,
    )
    session_services.session_mark_held(session=following, acting_user=facilitator)
    assert ActionItem.objects.filter(minutes__session=following).count() == 3


# The trajectory report -------------------------------------------------------------------------


def test_report_counts_try_outs_per_learning_goal(three_actions, owners, network, client):
    minutes, goal = three_actions
    first, second = owners
    other = _goal(network, "Samenwerken met huisartsen")
    unused = _goal(network, "Nog niet gebruikt")
    checklist = ActionItem.objects.get(what="Checklist uitproberen")
    services.action_answer(action=checklist, status="done", outcome="", acting_user=first)
    mat = ActionItem.objects.get(what="Valmat testen")
    services.action_answer(action=mat, status="partly", outcome="", acting_user=first)
    colleague = ActionItem.objects.get(what="Collega bevragen")
    colleague.goal = other
    colleague.save()
    services.action_answer(action=colleague, status="not_done", outcome="", acting_user=second)
    # Carried over and then done: one try-out, counted once, as done.
    following = _plan(network, days=10)
    copy = ActionItem.objects.get(carried_from=colleague)
    services.action_answer(action=copy, status="done", outcome="", acting_user=second)
    # A second action on the checklist goal, still open.
    ActionItem.objects.create(
        minutes=Minutes.objects.get(session=following), what="Nog één", goal=goal
    )

    counts = {row["goal_id"]: row for row in selectors.goal_action_counts(network=network)}

    def pick(row):
        return {key: row[key] for key in ("total", "done", "partly", "not_done", "open")}

    assert pick(counts[goal.pk]) == {"total": 2, "done": 1, "partly": 0, "not_done": 0, "open": 1}
    assert pick(counts[other.pk]) == {"total": 1, "done": 1, "partly": 0, "not_done": 0, "open": 0}
    assert pick(counts[unused.pk]) == {"total": 0, "done": 0, "partly": 0, "not_done": 0, "open": 0}
    assert pick(counts[None]) == {"total": 1, "done": 0, "partly": 1, "not_done": 0, "open": 0}

    import io

    from pypdf import PdfReader

    client.force_login(network.created_by)
    pdf = report_download(client, network).content
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "Samenwerken met huisartsen" in text


# Query counts ------------------------------------------------------------------------------------


def _grow_actions(network, minutes, facilitator, count):
    goal = _goal(network, f"Leerdoel {count}")
    for index in range(count):
        user = MembershipFactory(network=network, user=UserFactory()).user
        services.minutes_save_draft(
            minutes=minutes,
            data={"summary": "x"},
            item_notes={},
            actions=[
                *(
                    {"id": a.pk, "what": a.what, "owner_id": a.owner_id, "goal_id": a.goal_id}
                    for a in minutes.actions.all()
                ),
                {"what": f"Actie {index}", "owner_id": user.pk, "goal_id": goal.pk},
            ],
            acting_user=facilitator,
        )
        ActionItem.objects.filter(owner=user).update(status="done", outcome="Gelukt")


def test_minutes_editor_queries_equal_for_1_and_15_members(client, held, facilitator, network):
    """The held session's three members plus one, then up to the cap of 15 (each new member
    with an answered action on a learning goal)."""
    network.member_cap = 15
    network.save()
    session = held[0]
    minutes = services.minutes_get_or_create(session=session, acting_user=facilitator)
    client.force_login(facilitator)
    _grow_actions(network, minutes, facilitator, 1)
    one = count_queries(client, _edit_url(session))
    _grow_actions(network, minutes, facilitator, 11)
    assert ActionItem.objects.filter(minutes=minutes).count() == 12
    assert count_queries(client, _edit_url(session)) == one


def test_my_actions_page_queries_equal_for_1_and_15_actions(client, held, facilitator, network):
    network.member_cap = 15
    network.save()
    owner = MembershipFactory(network=network).user
    minutes = services.minutes_get_or_create(session=held[0], acting_user=facilitator)
    goal = _goal(network)
    client.force_login(owner)
    url = reverse("reports:my_actions")

    def add(count):
        for index in range(count):
            ActionItem.objects.create(
                minutes=minutes, what=f"Actie {index}", owner=owner, goal=goal,
                status="done" if index % 2 else "open",
            )  # fmt: skip

    add(1)
    one = count_queries(client, url)
    add(14)
    assert count_queries(client, url) == one


def test_an_owner_who_left_and_a_goal_no_longer_adopted_stay_on_their_action(
    client, three_actions, owners, facilitator, network
):
    minutes, goal = three_actions
    action = ActionItem.objects.get(what="Checklist uitproberen")
    network.memberships.filter(user=owners[0]).update(status="left")
    type(goal).objects.filter(pk=goal.pk).update(status="proposed")
    client.force_login(facilitator)
    response = client.post(
        _save_url(minutes.session),
        {
            "summary": "Samen",
            "action_0_id": action.pk,
            "action_0_what": action.what,
            "action_0_owner": owners[0].pk,
            "action_0_goal": goal.pk,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.goal) == (owners[0], goal)


def test_the_minutes_editor_explains_formatting_in_plain_words(client, held, facilitator):
    session, _excused, _absent = held
    client.force_login(facilitator)

    html = client.get(_edit_url(session)).content.decode()

    assert "Markdown" not in html
    assert "Vet, schuin, lijstjes en links: hoe?" in html
    assert "<code>**belangrijk**</code>" in html
    assert "<strong>belangrijk</strong>" in html
