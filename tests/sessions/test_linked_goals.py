"""Issue 12, part 6: the learning goals linked to a session show on the timeline and its page."""

import pytest
from django.urls import reverse

from evaluations import services as evaluation_services
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _adopted(network, titles, *, drop=()):
    goals = [
        evaluation_services.goal_create(
            network=network, title=title, acting_user=network.created_by
        )
        for title in titles
    ]
    evaluation_services.goals_adopt(
        network=network,
        goal_ids=[goal.pk for goal in goals if goal.title not in drop],
        acting_user=network.created_by,
    )
    return goals


def _timeline(network):
    return reverse("sessions:timeline", kwargs={"pk": network.pk})


def test_linked_goals_show_on_the_timeline_and_the_session_page(client, network, member):
    session = SessionFactory(network=network, title="Valrisico")
    other = SessionFactory(network=network, title="Nachtzorg")
    valrisico, familie, dropped = _adopted(
        network,
        ["Valrisico inschatten", "Familie betrekken", "Niet gekozen"],
        drop=["Niet gekozen"],
    )
    for goal in (valrisico, familie, dropped):
        evaluation_services.goal_link_sessions(
            goal=goal, sessions=[session], acting_user=network.created_by
        )
    client.force_login(member)

    timeline = client.get(_timeline(network)).content.decode()
    page = client.get(session.get_absolute_url()).content.decode()
    other_page = client.get(other.get_absolute_url()).content.decode()

    for html in (timeline, page):
        assert "Valrisico inschatten" in html
        assert "Familie betrekken" in html
        assert "Niet gekozen" not in html
    assert "Valrisico inschatten" not in other_page


def _grow(network, *, members, goals, sessions):
    for _ in range(members):
        MembershipFactory(network=network, user=UserFactory())
    linked = [SessionFactory(network=network) for _ in range(sessions)]
    for goal in _adopted(network, [f"Doel {i} {network.pk}" for i in range(goals)]):
        evaluation_services.goal_link_sessions(
            goal=goal, sessions=linked, acting_user=network.created_by
        )
    return linked


@pytest.mark.parametrize("page", ["timeline", "detail"])
def test_queries_equal_for_1_and_15_members_and_1_and_many_goals(client, facilitator, page):
    small = NetworkFactory(created_by=facilitator, member_cap=15)
    big = NetworkFactory(created_by=facilitator, member_cap=15)
    (small_session,) = _grow(small, members=1, goals=1, sessions=1)
    big_sessions = _grow(big, members=15, goals=6, sessions=5)
    client.force_login(facilitator)

    def url(network, session):
        return session.get_absolute_url() if page == "detail" else _timeline(network)

    count_queries(client, url(small, small_session))  # warm the per-user caches
    one = count_queries(client, url(small, small_session))
    many = count_queries(client, url(big, big_sessions[0]))

    assert many == one
