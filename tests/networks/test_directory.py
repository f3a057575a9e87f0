"""The public directory (issue 13, part 4): open, external, listed networks for everyone, with
filters, word search and pages, and a public page per network whose "ask to join" leads through
signup or login to the join step. Nothing member-only shows."""

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.formats import date_format

from networks.enums import MeetingFormat, MembershipStatus, NetworkStatus, Province, Scope
from networks.models import ONLINE_PROVINCE_MESSAGE, Network
from pages.networks.forms import NetworkForm
from pages.networks.views import DIRECTORY_PAGE_SIZE
from tests.factories import (
    PASSWORD,
    JoinRequestFactory,
    MembershipFactory,
    NetworkFactory,
    SessionFactory,
    UserFactory,
    network_form_data,
)
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

DIRECTORY = "/networks/directory/"


def _names(response) -> list[str]:
    return [network.name for network in response.context["networks"]]


def _public(network) -> str:
    return reverse("networks:public", kwargs={"pk": network.pk})


def _join(network) -> str:
    return reverse("networks:join", kwargs={"pk": network.pk})


# What shows, and what never does ---------------------------------------------------------------


@pytest.fixture
def seeded():
    """One network of each kind the directory must leave out, next to one it shows, with
    members, a waitlist, a request to join and a session whose names appear nowhere public."""
    facilitator = UserFactory(full_name="Fenna Vanderbegeleiding")
    shown = NetworkFactory(
        name="Zichtbaar netwerk", created_by=facilitator, province=Province.WEST_FLANDERS
    )
    hidden = {
        "draft": NetworkFactory(name="Conceptnetwerk", status=NetworkStatus.DRAFT),
        "running": NetworkFactory(name="Lopend netwerk", status=NetworkStatus.RUNNING),
        "closed": NetworkFactory(name="Gesloten netwerk", status=NetworkStatus.CLOSED),
        "internal": NetworkFactory(name="Intern netwerk", scope=Scope.INTERNAL),
        "unlisted": NetworkFactory(name="Verborgen netwerk", listed=False),
    }
    secrets = ["Quirinus Zwanepoel", "Wieteke Xanthopoulos", "Brecht Yzermans", "Odilia Kwaak"]
    MembershipFactory(network=shown, user=UserFactory(full_name=secrets[0]))
    MembershipFactory(network=shown, user=UserFactory(full_name=secrets[1]))
    MembershipFactory(
        network=shown,
        user=UserFactory(full_name=secrets[2]),
        status=MembershipStatus.WAITLISTED,
    )
    JoinRequestFactory(network=shown, user=UserFactory(full_name=secrets[3]))
    session = SessionFactory(network=shown, title="Geheime bijeenkomst Valrisico")
    return shown, hidden, secrets, session


def test_the_directory_lists_exactly_the_open_listed_external_networks(client, seeded):
    shown, _hidden, _secrets, _session = seeded

    response = client.get(DIRECTORY)

    assert response.status_code == 200
    assert _names(response) == [shown.name]
    assert response.context["themes"] == ["Zorg"]


@pytest.mark.parametrize("kind", ["draft", "running", "closed", "internal", "unlisted"])
def test_a_network_outside_the_directory_has_no_public_page(client, seeded, kind):
    _shown, hidden, _secrets, _session = seeded

    assert client.get(_public(hidden[kind])).status_code == 404
    client.force_login(hidden[kind].created_by)  # not even for its own facilitator
    assert client.get(_public(hidden[kind])).status_code == 404


def test_a_public_page_names_no_member_and_shows_no_session(client, seeded):
    shown, _hidden, secrets, session = seeded

    response = client.get(_public(shown))

    html = response.content.decode()
    assert response.status_code == 200
    assert shown.name in html
    assert "Fenna Vanderbegeleiding" in html  # the facilitator is the one person named
    for name in secrets:
        assert name not in html
    assert session.title not in html
    assert shown.ground_rules not in html  # read at the join step
    directory = client.get(DIRECTORY).content.decode()
    assert "Fenna Vanderbegeleiding" in directory
    for name in secrets:
        assert name not in directory


def test_the_public_page_shows_what_someone_choosing_a_network_needs(client):
    network = NetworkFactory(
        name="Werkplekleren",
        theme="Industrie",
        goal="Een gedeelde aanpak voor werkplekleren.",
        participant_role="Opleiders uit metaalbedrijven.",
        rhythm="Maandelijks op donderdag",
        duration="Acht bijeenkomsten",
        meeting_format=MeetingFormat.IN_PERSON,
        province=Province.ANTWERP,
        location="Bij een van de bedrijven",
        member_cap=12,
    )
    MembershipFactory(network=network)

    html = client.get(_public(network)).content.decode()

    for text in [
        "Werkplekleren",
        "Industrie",
        "Een gedeelde aanpak voor werkplekleren.",
        "Opleiders uit metaalbedrijven.",
        "Maandelijks op donderdag",
        "Acht bijeenkomsten",
        str(MeetingFormat.IN_PERSON.label),
        str(Province.ANTWERP.label),
        "Bij een van de bedrijven",
        "11 plaatsen vrij",
        date_format(network.start_date, "DATE_FORMAT"),
        date_format(network.end_date, "DATE_FORMAT"),
    ]:
        assert text in html, text


def test_an_online_link_in_the_location_is_not_shown(client):
    network = NetworkFactory(
        meeting_format=MeetingFormat.HYBRID,
        province=Province.LIMBURG,
        location="Zaal 3, Hasselt of https://meet.example.org/geheim",
    )

    html = client.get(_public(network)).content.decode()

    assert "meet.example.org" not in html


# Filters, search and pages ---------------------------------------------------------------------


@pytest.fixture
def variety():
    NetworkFactory(
        name="Valpreventie",
        theme="Zorg",
        goal="Vallen voorkomen in woonzorgcentra.",
        meeting_format=MeetingFormat.HYBRID,
        province=Province.WEST_FLANDERS,
    )
    NetworkFactory(
        name="Werkplekleren",
        theme="Industrie",
        goal="Nieuwe collega's op de werkvloer laten leren.",
        participant_role="Leidinggevenden in metaalbedrijven.",
        meeting_format=MeetingFormat.IN_PERSON,
        province=Province.ANTWERP,
    )
    NetworkFactory(
        name="Digitaal lesgeven",
        theme="Onderwijs",
        goal="Samen digitale werkvormen uitproberen.",
        participant_role="Leerkrachten secundair onderwijs.",
        meeting_format=MeetingFormat.ONLINE,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Werkplekleren", "Digitaal lesgeven", "Valpreventie"]),
        ({"theme": "zorg"}, ["Valpreventie"]),
        ({"province": "antwerp"}, ["Werkplekleren"]),
        ({"meeting_format": "online"}, ["Digitaal lesgeven"]),
        ({"q": "WERKVLOER"}, ["Werkplekleren"]),  # the goal, any case
        ({"q": "leerkrachten"}, ["Digitaal lesgeven"]),  # who it is for
        ({"q": "onderwijs"}, ["Digitaal lesgeven"]),  # the theme
        ({"q": "valpreventie"}, ["Valpreventie"]),  # the name
        ({"q": "samen digitale"}, ["Digitaal lesgeven"]),  # every word must match
        ({"q": "samen metaal"}, []),
        ({"q": "vallen", "meeting_format": "online"}, []),
        (
            {"theme": "Industrie", "province": "antwerp", "meeting_format": "in_person"},
            ["Werkplekleren"],
        ),
        ({"q": "   "}, ["Werkplekleren", "Digitaal lesgeven", "Valpreventie"]),
    ],
)
def test_filters_and_search(client, variety, query, expected):
    response = client.get(DIRECTORY, query)

    assert response.status_code == 200
    assert _names(response) == expected


def test_the_filters_keep_their_values_in_the_form(client, variety):
    response = client.get(DIRECTORY, {"theme": "zorg", "province": "west_flanders", "q": "val"})

    html = response.content.decode()
    assert '<option value="Zorg" selected>Zorg</option>' in html
    label = Province.WEST_FLANDERS.label
    assert f'<option value="west_flanders" selected>{label}</option>' in html
    assert 'value="val"' in html


@pytest.mark.parametrize(
    "query",
    [
        {"theme": "Onbestaand"},
        {"province": "atlantis"},
        {"meeting_format": "per-duif"},
        {"q": "x" * 500},
        {"theme": ["Zorg", "Industrie"], "province": "\x00"},
    ],
)
def test_unknown_filter_values_find_nothing_and_say_so(client, variety, query):
    response = client.get(DIRECTORY, query)

    assert response.status_code == 200
    assert _names(response) == []
    assert response.context["filter_form"].errors
    html = response.content.decode()
    assert 'class="directory-empty"' in html
    assert f'href="{DIRECTORY}"' in html  # the way back to every network


def _many(count: int) -> None:
    for number in range(count):
        network = NetworkFactory(
            name=f"Netwerk {number:02d}",
            theme=f"Thema {number % 7}",
            province=list(Province)[number % len(Province)],
        )
        MembershipFactory(network=network)


def test_the_directory_has_pages(client):
    _many(45)

    first = client.get(DIRECTORY)
    third = client.get(DIRECTORY, {"page": "3"})

    assert len(first.context["networks"]) == DIRECTORY_PAGE_SIZE == 20
    assert len(third.context["networks"]) == 5
    assert set(_names(first)).isdisjoint(_names(third))
    assert first.context["page"].paginator.num_pages == 3
    html = first.content.decode()
    assert 'href="?page=2"' in html
    assert 'href="?page=1"' not in html


def test_the_pages_keep_the_filters(client):
    _many(45)

    response = client.get(DIRECTORY, {"q": "netwerk", "page": "2"})

    assert response.context["page"].number == 2
    html = response.content.decode()
    assert 'href="?q=netwerk&amp;page=3"' in html
    assert 'href="?q=netwerk&amp;page=1"' in html


@pytest.mark.parametrize(("page", "number"), [("abc", 1), ("0", 3), ("999", 3), ("-1", 3), ("", 1)])
def test_a_page_that_is_not_there_gives_a_page_that_is(client, page, number):
    _many(45)

    response = client.get(DIRECTORY, {"page": page})

    assert response.status_code == 200
    assert response.context["page"].number == number


@pytest.mark.parametrize("signed_in", [False, True])
def test_directory_queries_do_not_grow_with_the_networks_listed(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    _many(1)
    one = count_queries(client, DIRECTORY)
    _many(44)

    assert count_queries(client, DIRECTORY) == one
    assert count_queries(client, DIRECTORY + "?q=netwerk&page=2") == one


@pytest.mark.parametrize("signed_in", [False, True])
def test_directory_of_13_and_of_133_networks_makes_the_same_queries_and_shows_a_page(
    client, signed_in
):
    if signed_in:
        client.force_login(UserFactory())
    _many(13)
    small = count_queries(client, DIRECTORY)
    _many(120)

    response = client.get(DIRECTORY, {"page": "7"})

    assert count_queries(client, DIRECTORY) == small
    assert count_queries(client, DIRECTORY + "?page=7") == small
    assert len(response.context["networks"]) == 133 - 6 * 20
    assert response.context["page"].paginator.num_pages == 7
    html = response.content.decode()
    # Visitors get Dutch first.
    assert 'aria-label="Vorige pagina"' in html
    assert 'aria-label="Volgende pagina"' not in html  # the last page


def test_public_page_queries_do_not_grow_with_the_members(client):
    network = NetworkFactory()
    MembershipFactory(network=network)
    one = count_queries(client, _public(network))
    for _ in range(14):
        MembershipFactory(network=network)
    MembershipFactory(network=network, role="facilitator")

    assert count_queries(client, _public(network)) == one


# Ask to join -----------------------------------------------------------------------------------


def _next_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["next"][0]


def test_an_anonymous_visitor_is_offered_signup_and_login_that_lead_to_the_join_step(client):
    network = NetworkFactory()

    response = client.get(_public(network))

    assert response.status_code == 200
    assert urlsplit(response.context["signup_url"]).path == reverse("account_signup")
    assert urlsplit(response.context["login_url"]).path == reverse("account_login")
    assert _next_of(response.context["signup_url"]) == _join(network)
    assert _next_of(response.context["login_url"]) == _join(network)
    html = response.content.decode()
    assert response.context["signup_url"].replace("&", "&amp;") in html
    assert response.context["login_url"].replace("&", "&amp;") in html


def test_logging_in_from_a_public_page_lands_on_the_join_step(client):
    network = NetworkFactory()
    someone = UserFactory(email="iemand@example.org")
    login_url = client.get(_public(network)).context["login_url"]

    page = client.get(login_url)
    assert f'value="{_join(network)}"' in page.content.decode()  # the form carries next
    response = client.post(
        login_url, {"login": someone.email, "password": PASSWORD, "next": _join(network)}
    )

    assert response.status_code == 302
    assert response["Location"] == _join(network)
    join = client.get(response["Location"])
    assert join.status_code == 200
    assert join.templates[0].name == "networks/join_request.html"


def test_signing_up_from_a_public_page_lands_on_the_join_step(client, on_commit):
    network = NetworkFactory()
    signup_url = client.get(_public(network)).context["signup_url"]

    with on_commit(execute=True):
        response = client.post(
            signup_url,
            {
                "full_name": "Nina Nieuw",
                "email": "nina@example.org",
                "password1": "Een-sterk-wachtw00rd",
                "password2": "Een-sterk-wachtw00rd",
                "next": _join(network),
            },
        )
    assert response.status_code == 302  # to "check your email"
    link = re.search(r"https?://\S+?(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    response = client.post(link.group(1))

    assert response["Location"] == _join(network)
    join = client.get(response["Location"])
    assert join.status_code == 200
    assert join.templates[0].name == "networks/join_request.html"


def test_a_signed_in_non_member_goes_straight_to_the_join_step(client, outsider):
    network = NetworkFactory()
    client.force_login(outsider)

    response = client.get(_public(network))

    assert response.context["can_request"]
    assert f'href="{_join(network)}"' in response.content.decode()
    assert "signup_url" not in response.context
    assert client.get(_join(network)).status_code == 200


def test_a_member_is_sent_to_the_network_not_to_join_again(client):
    network = NetworkFactory()
    member = MembershipFactory(network=network).user
    client.force_login(member)

    response = client.get(_public(network))

    html = response.content.decode()
    assert f'href="{network.get_absolute_url()}"' in html
    assert f'href="{_join(network)}"' not in html


def test_a_member_who_logs_in_through_ask_to_join_lands_in_the_network(client):
    network = NetworkFactory()
    member = MembershipFactory(network=network).user
    login_url = client.get(_public(network)).context["login_url"]

    response = client.post(
        login_url, {"login": member.email, "password": PASSWORD, "next": _join(network)}
    )
    assert response["Location"] == _join(network)
    response = client.get(_join(network))

    assert response.status_code == 302
    assert response["Location"] == network.get_absolute_url()
    assert client.post(_join(network), {"accept_ground_rules": "on"}).status_code == 302
    assert not network.join_requests.exists()


def test_someone_who_asked_already_is_told_so(client):
    network = NetworkFactory()
    request = JoinRequestFactory(network=network)
    client.force_login(request.user)

    response = client.get(_public(network))

    assert response.context["my_request"]
    assert f'href="{_join(network)}"' not in response.content.decode()


def test_the_directory_says_what_to_do_next_to_an_anonymous_visitor(client):
    NetworkFactory()

    html = client.get(DIRECTORY).content.decode()

    assert "directory-next-step" in html
    assert f'href="{reverse("account_signup")}?next=' in html
    assert f'href="{reverse("account_login")}?next=' in html


# Listed, province: the network form and the database -------------------------------------------


def test_a_facilitator_unlists_a_network_through_its_form(client):
    network = NetworkFactory(scope=Scope.EXTERNAL)
    client.force_login(network.created_by)
    data = network_form_data(scope="external", meeting_format="in_person", province="limburg")
    del data["listed"]  # an unticked checkbox is not posted

    response = client.post(reverse("networks:update", kwargs={"pk": network.pk}), data)

    assert response.status_code == 302
    network.refresh_from_db()
    assert (network.listed, network.province) == (False, "limburg")
    assert _names(client.get(DIRECTORY)) == []
    assert client.get(_public(network)).status_code == 404


def test_a_new_network_is_listed_unless_unticked():
    form = NetworkForm()

    assert form["listed"].initial is True
    assert "province" in form.fields


def test_an_online_network_has_no_province():
    form = NetworkForm(data=network_form_data(meeting_format="online", province="antwerp"))

    assert not form.is_valid()
    assert form.errors["province"] == [str(ONLINE_PROVINCE_MESSAGE)]


def test_the_database_refuses_an_online_network_with_a_province():
    network = NetworkFactory(meeting_format=MeetingFormat.ONLINE)

    with pytest.raises(IntegrityError), transaction.atomic():
        Network.objects.filter(pk=network.pk).update(province=Province.BRUSSELS)


# Demo data -------------------------------------------------------------------------------------


def test_the_demo_networks_have_provinces_and_one_is_in_the_directory(client):
    call_command("seed_demo", stdout=io.StringIO())

    assert not Network.objects.exclude(meeting_format=MeetingFormat.ONLINE).filter(province="")
    response = client.get(DIRECTORY)
    assert _names(response) == ["Leren op de werkvloer in de metaalsector"]
    network = response.context["networks"][0]
    assert client.get(_public(network)).status_code == 200
