"""The homes: the dashboard ("To do" plus a card per network) and a network's own page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Questionnaire
from minutes.models import Minutes, MinutesVersion
from networks.enums import Role
from sessions.enums import RsvpAnswer, SessionStatus
from sessions.models import AgendaItem, Rsvp
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.utils import count_queries, reads_english

pytestmark = pytest.mark.django_db


def _held(network, days_ago=7, **kwargs):
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    return SessionFactory(
        network=network,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        status=SessionStatus.HELD,
        **kwargs,
    )


def test_dashboard_shows_the_next_session_card_with_agenda_rsvp_and_ics(client, network, member):
    reads_english(member)
    later = SessionFactory(network=network, title="Later session")
    later.starts_at += datetime.timedelta(days=14)
    later.ends_at += datetime.timedelta(days=14)
    later.save()
    nxt = SessionFactory(network=network, title="Case clinic", online_url="https://meet.example/x")
    AgendaItem.objects.create(session=nxt, title="Round of news", duration_minutes=20, position=1)
    client.force_login(member)

    page = client.get(reverse("networks:dashboard")).content.decode()

    assert "Case clinic" in page
    assert "Later session" not in page  # only the next one
    assert "Round of news" in page
    assert reverse("sessions:ics", args=[nxt.pk]) in page
    assert 'href="https://meet.example/x"' in page
    assert reverse("sessions:rsvp_answer", args=[nxt.pk]) in page
    assert "Will you come? Answer with one click:" in page


def test_one_click_rsvp_from_the_home_keeps_the_contribution_and_returns_home(
    client, network, member
):
    session = SessionFactory(network=network)
    Rsvp.objects.create(
        session=session, user=member, answer=RsvpAnswer.MAYBE, input_for_group="Mijn casus"
    )
    client.force_login(member)
    home = reverse("networks:dashboard")

    response = client.post(
        reverse("sessions:rsvp_answer", args=[session.pk]),
        {"answer": RsvpAnswer.ATTENDING, "next": home},
    )

    assert response.status_code == 302
    assert response["Location"] == home
    rsvp = Rsvp.objects.get(session=session, user=member)
    assert (rsvp.answer, rsvp.input_for_group) == (RsvpAnswer.ATTENDING, "Mijn casus")


def test_one_click_rsvp_never_redirects_off_site_and_refuses_a_made_up_answer(
    client, network, member
):
    reads_english(member)
    session = SessionFactory(network=network)
    client.force_login(member)
    url = reverse("sessions:rsvp_answer", args=[session.pk])

    off_site = client.post(url, {"answer": RsvpAnswer.MAYBE, "next": "https://evil.example/"})
    made_up = client.post(url, {"answer": "whenever"}, follow=True)

    assert off_site["Location"] == session.get_absolute_url()
    assert Rsvp.objects.get(session=session, user=member).answer == RsvpAnswer.MAYBE
    assert "Choose one of the answers." in made_up.content.decode()
    assert Rsvp.objects.get(session=session, user=member).answer == RsvpAnswer.MAYBE


def test_one_click_rsvp_after_the_start_records_nothing(client, network, member):
    reads_english(member)
    session = _held(network, days_ago=0)
    session.status = SessionStatus.PLANNED
    session.save(update_fields=["status"])
    client.force_login(member)

    response = client.post(
        reverse("sessions:rsvp_answer", args=[session.pk]),
        {"answer": RsvpAnswer.ATTENDING},
        follow=True,
    )

    assert "You can no longer answer" in response.content.decode()
    assert not Rsvp.objects.filter(session=session).exists()


def test_last_held_card_links_published_minutes_and_shared_results(client, network, member):
    reads_english(member)
    session = _held(network, title="Kickoff")
    minutes = Minutes.objects.create(session=session)
    MinutesVersion.objects.create(minutes=minutes, number=1, content={})
    questionnaire = Questionnaire.objects.create(
        network=network,
        kind="session",
        session=session,
        title="Evaluation",
        closes_at=timezone.now(),
        results_shared=True,
    )
    client.force_login(member)

    page = client.get(reverse("networks:dashboard")).content.decode()

    assert "What happened last" in page
    assert reverse("reports:minutes", args=[session.pk]) in page
    assert reverse("evaluations:results", args=[questionnaire.pk]) in page


def test_last_held_card_says_when_minutes_are_not_published(client, network, member):
    reads_english(member)
    _held(network, title="Kickoff")
    client.force_login(member)

    page = client.get(reverse("networks:dashboard")).content.decode()

    assert "The minutes are not published yet." in page
    assert "See the evaluation results" not in page


def test_dashboard_shows_nothing_of_networks_the_user_is_not_in(client, member):
    reads_english(member)
    SessionFactory(network=NetworkFactory(), title="Somebody else's session")
    client.force_login(member)

    page = client.get(reverse("networks:dashboard")).content.decode()

    assert "Somebody else's session" not in page


def test_network_page_shows_its_next_session_to_members_only(client, network, member, outsider):
    reads_english(member, outsider)
    SessionFactory(network=network, title="Case clinic")
    client.force_login(member)
    as_member = client.get(network.get_absolute_url()).content.decode()
    client.force_login(outsider)
    as_outsider = client.get(network.get_absolute_url()).content.decode()

    assert "Case clinic" in as_member
    assert "Case clinic" not in as_outsider


def _network_with(*, user, members: int, sessions: int, role=Role.MEMBER):
    network = NetworkFactory(member_cap=15)
    MembershipFactory(network=network, user=user, role=role)
    people = [user] + [
        MembershipFactory(network=network, user=UserFactory()).user for _ in range(members - 1)
    ]
    for number in range(sessions):
        if number < sessions // 2:
            session = _held(network, days_ago=7 * (sessions - number))
        else:
            session = SessionFactory(network=network)
            session.starts_at += datetime.timedelta(days=7 * number)
            session.ends_at += datetime.timedelta(days=7 * number)
            session.save()
        AgendaItem.objects.create(session=session, title="Item", duration_minutes=30)
        for person in people:
            Rsvp.objects.create(session=session, user=person, answer=RsvpAnswer.ATTENDING)
    return network


@pytest.mark.parametrize("role", [Role.MEMBER, Role.FACILITATOR])
def test_home_and_network_page_queries_do_not_grow_with_networks_members_or_sessions(
    client, django_assert_num_queries, role
):
    small_user, big_user = UserFactory(), UserFactory()
    small = _network_with(
        user=small_user, members=1, sessions=2, role=role
    )  # one held, one to come
    big = [_network_with(user=big_user, members=15, sessions=20, role=role) for _ in range(3)]
    home = reverse("networks:dashboard")

    client.force_login(small_user)
    home_count = count_queries(client, home)
    page_count = count_queries(client, small.get_absolute_url())
    client.force_login(big_user)
    count_queries(client, home)  # warm the same caches (session, language) as for the small user
    count_queries(client, big[0].get_absolute_url())

    with django_assert_num_queries(home_count):
        client.get(home)
    with django_assert_num_queries(page_count):
        client.get(big[0].get_absolute_url())


def test_someone_on_the_waitlist_can_leave_it_from_the_home(client):
    from networks.enums import MembershipStatus

    network = NetworkFactory()
    waiting = UserFactory(language="en")
    MembershipFactory(
        network=network,
        user=waiting,
        status=MembershipStatus.WAITLISTED,
        joined_at=None,
        waitlisted_at=timezone.now(),
    )
    client.force_login(waiting)

    page = client.get(reverse("networks:dashboard")).content.decode()

    assert "number 1 on the waitlist" in page
    assert reverse("networks:leave", args=[network.pk]) in page
    assert client.get(reverse("networks:leave", args=[network.pk])).status_code == 200


def test_facilitators_see_who_is_coming_instead_of_answer_buttons(client, network, facilitator):
    reads_english(facilitator)
    session = SessionFactory(network=network)
    client.force_login(facilitator)

    page = client.get(reverse("networks:dashboard")).content.decode()

    assert reverse("sessions:rsvp_answer", args=[session.pk]) not in page
    assert "See who is coming" in page


def test_a_closed_network_asks_nothing_more_and_says_it_is_closed(
    client, network, member, facilitator
):
    from core.todo import todos_for
    from networks import services as network_services
    from tests.factories import JoinRequestFactory

    reads_english(member, facilitator)
    session = SessionFactory(network=network, title="Still planned")
    JoinRequestFactory(network=network)
    kinds = {task.kind for task in todos_for(user=member)} | {
        task.kind for task in todos_for(user=facilitator)
    }
    assert {"sessions.rsvp", "networks.join_requests"} <= kinds
    client.force_login(facilitator)
    close_page = client.get(reverse("networks:close", args=[network.pk])).content.decode()
    assert "1 planned session (the next on" in close_page

    network_services.network_set_status(network=network, status="closed", acting_user=facilitator)

    assert todos_for(user=facilitator) == []
    assert "sessions.rsvp" not in {task.kind for task in todos_for(user=member)}
    members_page = client.get(reverse("networks:manage_members", args=[network.pk]))
    assert "The network is closed: reopen it to invite people." in members_page.content.decode()
    assert reverse("networks:invite", args=[network.pk]) not in members_page.content.decode()
    client.force_login(member)
    home = client.get(reverse("networks:dashboard")).content.decode()
    assert reverse("sessions:rsvp_answer", args=[session.pk]) not in home
    page = client.get(network.get_absolute_url()).content.decode()
    assert "The trajectory has ended." in page


def test_approving_into_a_full_network_says_it_means_the_waitlist(client, facilitator):
    from tests.factories import JoinRequestFactory

    reads_english(facilitator)
    full = NetworkFactory(created_by=facilitator, member_cap=10)
    for _ in range(10):
        MembershipFactory(network=full)
    JoinRequestFactory(network=full)
    client.force_login(facilitator)

    page = client.get(reverse("networks:manage_members", args=[full.pk])).content.decode()

    assert "The network is full: whoever you approve goes on the waitlist" in page


def test_the_top_bar_offers_a_new_network_only_to_facilitators(client, network, member):
    """Issue 24.8: a member who facilitates nothing is not offered "New network" in the top bar
    on any page (their home offers it at its bottom, a newcomer's under "Get started")."""
    create = f'href="{reverse("networks:create")}"'
    newcomer = reads_english(UserFactory())
    reads_english(member)
    for user in (member, newcomer):
        client.force_login(user)
        for url in (reverse("networks:directory"), network.get_absolute_url()):
            page = client.get(url).content.decode()
            assert create not in page, (user, url)
    client.force_login(member)
    home = client.get(reverse("networks:dashboard")).content.decode()
    assert home.count(create) == 1
    assert "Want to run a learning network yourself?" in home
    client.force_login(newcomer)
    home = client.get(reverse("networks:dashboard")).content.decode()
    assert home.count(create) == 1
    assert "Get started" in home

    MembershipFactory(network=NetworkFactory(), user=member, role=Role.FACILITATOR)
    client.force_login(member)
    page = client.get(reverse("networks:directory")).content.decode()
    assert create in page
    assert "New network" in page


def test_a_newcomers_home_says_get_started_not_that_their_networks_move_on(client, member):
    """Issue 24.11: someone in no network is not told "New tasks appear here as your networks
    move on"; "Get started" tells them what to do. A member still reads it on a quiet day."""
    quiet = "New tasks appear here as your networks move on."
    newcomer = reads_english(UserFactory())
    client.force_login(newcomer)
    home = client.get(reverse("networks:dashboard")).content.decode()
    assert "Get started" in home
    assert quiet not in home
    client.force_login(reads_english(member))
    home = client.get(reverse("networks:dashboard")).content.decode()
    assert "Get started" not in home
    assert quiet in home
