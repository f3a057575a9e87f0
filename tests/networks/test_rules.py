"""Hidden means hidden (issue 22.4): who may see the card of an open network and ask to join it.

A listed external network: anyone signed in. An internal one: the people of its organisation, its
coordinators, whoever is invited. An unlisted one: whoever is invited, holds its share link or
coordinates its organisation. Members, people on its waitlist and facilitators keep theirs.
Everyone else gets the very 404 of a network that does not exist, on the card and on the join
request, and nothing is written or sent.
"""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import OrganisationCoordinator
from core.errors import ApplicationError
from networks.enums import MembershipStatus, NetworkStatus, Scope
from networks.models import JoinRequest, Network, NetworkEmail
from networks.services import network_share_link_reset
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LOGIN, OK, NF = "login", 200, 404
KINDS = ["internal", "unlisted", "listed"]

# role: expected on the card of a network of each kind (internal, unlisted, listed open)
CARD = {
    "anonymous": (LOGIN, LOGIN, LOGIN),
    "outsider": (NF, NF, OK),  # of another organisation
    "colleague": (OK, NF, OK),  # of the network's organisation
    "invited": (OK, OK, OK),  # a pending invitation to an address they verified
    "token_holder": (NF, OK, OK),  # opened the share link (of another organisation)
    "member": (OK, OK, OK),
    "waitlisted": (OK, OK, OK),
    "coordinator": (OK, OK, OK),  # of the network's organisation
    "facilitator": (OK, OK, OK),
}
# Who may send a join request (the rest are not asked: members, waitlist, facilitators).
ASKERS = ["anonymous", "outsider", "colleague", "invited", "token_holder", "coordinator"]


@pytest.fixture
def world():
    organisation = OrganisationFactory(name="Zorgbedrijf Rivierenland")
    elsewhere = OrganisationFactory(name="Stad Mechelen")
    facilitator = UserFactory(full_name="Fien Facilitator", organisation=organisation)
    networks = {
        "internal": NetworkFactory(
            name="Intern netwerk",
            scope=Scope.INTERNAL,
            organisation=organisation,
            created_by=facilitator,
        ),
        "unlisted": NetworkFactory(
            name="Verborgen netwerk",
            listed=False,
            organisation=organisation,
            created_by=facilitator,
        ),
        "listed": NetworkFactory(
            name="Zichtbaar netwerk", organisation=organisation, created_by=facilitator
        ),
    }
    users = {
        "anonymous": None,
        "outsider": UserFactory(full_name="Otto Buitenstaander", organisation=elsewhere),
        "colleague": UserFactory(full_name="Carla Collega", organisation=organisation),
        "invited": UserFactory(full_name="Ivo Uitgenodigd", organisation=elsewhere),
        "token_holder": UserFactory(full_name="Toon Linkhouder", organisation=elsewhere),
        "member": UserFactory(full_name="Mona Lid", organisation=elsewhere),
        "waitlisted": UserFactory(full_name="Wout Wachtlijst", organisation=elsewhere),
        "coordinator": UserFactory(full_name="Cora Coördinator", organisation=elsewhere),
        "facilitator": facilitator,
    }
    OrganisationCoordinator.objects.create(organisation=organisation, user=users["coordinator"])
    for network in networks.values():
        InvitationFactory(network=network, email=users["invited"].email.upper())
        MembershipFactory(network=network, user=users["member"])
        MembershipFactory(
            network=network, user=users["waitlisted"], status=MembershipStatus.WAITLISTED
        )
    return networks, users


def _client(users, role, networks) -> Client:
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    if role == "token_holder":
        for network in networks.values():
            opened = client.get(
                reverse("networks:share_link", kwargs={"token": network.share_token})
            )
            assert opened.status_code == 302
    return client


def _card(network_id: int) -> str:
    return reverse("networks:detail", kwargs={"pk": network_id})


def _join(network_id: int) -> str:
    return reverse("networks:join", kwargs={"pk": network_id})


def _missing_id() -> int:
    return (Network.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def _assert_status(response, expected, what):
    if expected == LOGIN:
        assert response.status_code == 302, what
        assert response["Location"].startswith(reverse("account_login")), what
    else:
        assert response.status_code == expected, what


JOIN_DATA = {"motivation": "Ik wil graag meedoen.", "accept_ground_rules": "on"}


@pytest.mark.parametrize("role", list(CARD))
def test_the_card_answers_each_role_as_the_kind_of_network_allows(world, role):
    networks, users = world
    client = _client(users, role, networks)

    for kind, expected in zip(KINDS, CARD[role], strict=True):
        response = client.get(_card(networks[kind].pk))

        _assert_status(response, expected, f"{role} on the {kind} network's card")
        if expected == OK:
            assert networks[kind].name in response.content.decode()


@pytest.mark.parametrize("role", ASKERS)
def test_a_join_request_is_taken_only_where_the_card_shows(world, role, on_commit):
    networks, users = world
    client = _client(users, role, networks)

    for kind, expected in zip(KINDS, CARD[role], strict=True):
        network = networks[kind]
        mail.outbox.clear()
        with on_commit(execute=True):
            response = client.post(_join(network.pk), JOIN_DATA)

        requests = JoinRequest.objects.filter(network=network)
        emails = NetworkEmail.objects.filter(network=network, kind="join_request")
        if expected == OK:
            assert response.status_code == 302, f"{role} asks to join the {kind} network"
            assert response["Location"] == reverse("networks:dashboard")
            assert [r.user for r in requests] == [users[role]]
            assert [e.to_email for e in emails] == [users["facilitator"].email]
            assert [m.to for m in mail.outbox] == [[users["facilitator"].email]]
        else:
            _assert_status(response, expected, f"{role} asks to join the {kind} network")
            assert list(requests) == []
            assert list(emails) == []
            assert mail.outbox == []


def _page(response, path: str) -> str:
    """The page as its bytes, with the one thing that differs on every render (the masked CSRF
    token) and the path asked for (in the language form's ``next``) made the same."""
    text = response.content.decode()
    text = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1…", text)
    return text.replace(path, "/the/path/")


@pytest.mark.parametrize("kind", ["internal", "unlisted"])
def test_a_hidden_network_answers_the_404_of_one_that_does_not_exist(world, kind):
    networks, users = world
    client = _client(users, "outsider", networks)
    hidden, missing = networks[kind].pk, _missing_id()

    for url in (_card, _join):
        for method in ("get", "post"):
            if url is _card and method == "post":
                continue
            shown = getattr(client, method)(url(hidden), JOIN_DATA if method == "post" else None)
            absent = getattr(client, method)(url(missing), JOIN_DATA if method == "post" else None)

            assert (shown.status_code, absent.status_code) == (404, 404)
            assert _page(shown, url(hidden)) == _page(absent, url(missing))
            assert networks[kind].name not in shown.content.decode()
    assert JoinRequest.objects.count() == 0
    assert NetworkEmail.objects.count() == 0


def test_a_share_link_that_is_no_network_s_answers_the_same_404(world):
    networks, users = world
    client = _client(users, "outsider", networks)
    forged = reverse("networks:share_link", kwargs={"token": "x" * 43})
    missing = _card(_missing_id())

    response = client.get(forged)
    absent = client.get(missing)

    assert response.status_code == 404
    assert _page(response, forged) == _page(absent, missing)
    overlong = reverse("networks:share_link", kwargs={"token": "%27;--" + "y" * 500})
    assert client.get(overlong).status_code == 404


def test_a_share_link_asks_to_sign_in_first_and_comes_back(world):
    networks, _users = world
    link = reverse("networks:share_link", kwargs={"token": networks["unlisted"].share_token})

    response = Client().get(link)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={link}"


def test_a_new_share_link_ends_the_old_one_for_whoever_opened_it(world, client):
    networks, users = world
    network = networks["unlisted"]
    holder = _client(users, "token_holder", networks)
    old = reverse("networks:share_link", kwargs={"token": network.share_token})
    assert holder.get(_card(network.pk)).status_code == 200
    client.force_login(users["facilitator"])
    members_page = client.get(reverse("networks:manage_members", kwargs={"pk": network.pk}))
    assert f'value="http://testserver{old}"' in members_page.content.decode().replace(
        "http://127.0.0.1:8000", "http://testserver"
    )
    reset = reverse("networks:share_link_reset", kwargs={"pk": network.pk})
    assert client.get(reset).status_code == 200  # asks first

    response = client.post(reset, follow=True)

    network.refresh_from_db()
    assert network.share_token not in old
    assert [str(m) for m in response.context["messages"]] == [
        "Er is een nieuwe link naar het netwerk; de oude werkt niet meer."
    ]
    assert holder.get(_card(network.pk)).status_code == 404
    assert holder.post(_join(network.pk), JOIN_DATA).status_code == 404
    assert holder.get(old).status_code == 404
    assert JoinRequest.objects.count() == 0


def test_only_a_facilitator_makes_a_new_share_link(world):
    networks, users = world
    network = networks["unlisted"]
    before = network.share_token
    client = _client(users, "member", networks)

    assert (
        client.post(reverse("networks:share_link_reset", kwargs={"pk": network.pk})).status_code
        == 404
    )
    with pytest.raises(ApplicationError):
        network_share_link_reset(network=network, acting_user=users["member"])
    network.refresh_from_db()
    assert network.share_token == before


def test_the_share_link_does_not_open_an_internal_network_to_another_organisation(world):
    networks, users = world
    client = _client(users, "token_holder", networks)

    assert client.get(_card(networks["internal"].pk)).status_code == 404
    assert client.post(_join(networks["internal"].pk), JOIN_DATA).status_code == 404
    assert JoinRequest.objects.count() == 0


def test_a_hidden_network_that_is_not_open_stays_hidden_from_the_invited(world):
    networks, users = world
    Network.objects.filter(pk=networks["unlisted"].pk).update(status=NetworkStatus.RUNNING)
    client = _client(users, "invited", networks)

    assert client.get(_card(networks["unlisted"].pk)).status_code == 404


def test_the_directory_lists_only_the_listed_network(world, client):
    networks, users = world
    client.force_login(users["colleague"])

    response = client.get(reverse("networks:directory"))

    assert [n.pk for n in response.context["networks"]] == [networks["listed"].pk]
