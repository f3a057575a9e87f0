"""Cached fragments (core.fragments): the network page's header and the work-form catalogue.

A write shows up on the very next request, and a cached fragment never reaches someone it was
not rendered for (another role, another language, someone outside the network)."""

import pytest
from django.urls import reverse

from networks import services as network_services
from sessions import services as session_services
from tests.factories import MembershipFactory, NetworkFactory, UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

MANAGE = "Members and invitations"


@pytest.fixture
def care(db):
    facilitator = UserFactory(full_name="Fien Facilitator", language="en")
    network = NetworkFactory(created_by=facilitator, name="Valpreventie", member_cap=12)
    member = MembershipFactory(network=network, user=UserFactory(language="en")).user
    return network, facilitator, member


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_network_header_shows_an_edit_on_the_next_request(client, care):
    network, facilitator, member = care
    url = reverse("networks:detail", kwargs={"pk": network.pk})
    assert '<h1 class="h2">Valpreventie</h1>' in _page(client, facilitator, url)

    network_services.network_update(
        network=network, data={"name": "Valpreventie thuis"}, acting_user=facilitator
    )

    html = _page(client, facilitator, url)
    assert '<h1 class="h2">Valpreventie thuis</h1>' in html
    assert '<h1 class="h2">Valpreventie</h1>' not in html


def test_network_header_counts_a_member_who_left_on_the_next_request(client, care):
    network, facilitator, member = care
    url = reverse("networks:detail", kwargs={"pk": network.pk})
    assert "1 of 12 seats taken" in _page(client, facilitator, url)

    network_services.membership_leave(network=network, acting_user=member)

    assert "0 of 12 seats taken" in _page(client, facilitator, url)


def test_network_header_shows_a_status_change_on_the_next_request(client, care):
    network, facilitator, member = care
    url = reverse("networks:detail", kwargs={"pk": network.pk})
    assert ">Open for members</span>" in _page(client, facilitator, url)

    network_services.network_set_status(network=network, status="running", acting_user=facilitator)

    html = _page(client, facilitator, url)
    assert ">Running</span>" in html
    assert ">Open for members</span>" not in html


@pytest.mark.parametrize("first", ["facilitator", "member"])
def test_a_member_never_sees_the_facilitators_cached_header(client, care, first):
    network, facilitator, member = care
    url = reverse("networks:detail", kwargs={"pk": network.pk})
    order = [facilitator, member] if first == "facilitator" else [member, facilitator]
    pages = {user.pk: _page(client, user, url) for user in order}

    assert MANAGE in pages[facilitator.pk]
    assert "Leave the network" not in pages[facilitator.pk]
    assert MANAGE not in pages[member.pk]
    assert "Leave the network" in pages[member.pk]


def test_network_header_follows_the_viewers_language(client, care):
    network, facilitator, member = care
    dutch = MembershipFactory(network=network, user=UserFactory(language="nl")).user
    url = reverse("networks:detail", kwargs={"pk": network.pk})

    assert "Leave the network" in _page(client, member, url)
    html = _page(client, dutch, url)
    assert "Het netwerk verlaten" in html
    assert "Leave the network" not in html


def _custom_work_form(network, facilitator, name):
    return session_services.work_form_create(
        network=network,
        data={
            "name": name,
            "purpose": "Samen een casus ontleden.",
            "steps": "1. Lees. 2. Bespreek.",
            "roles": "",
            "materials": "",
            "min_group": 3,
            "max_group": 12,
            "duration_minutes": 30,
        },
        acting_user=facilitator,
    )


def test_work_form_catalogue_shows_a_new_work_form_on_the_next_request(client, care):
    network, facilitator, member = care
    url = reverse("sessions:workforms")
    assert "Casuscarrousel" not in _page(client, member, url)

    _custom_work_form(network, facilitator, "Casuscarrousel")

    assert "Casuscarrousel" in _page(client, member, url)


def test_work_form_catalogue_is_read_from_the_cache_until_a_write(client, care):
    network, facilitator, member = care
    url = reverse("sessions:workforms")
    client.force_login(member)
    rendered = count_queries(client, url)

    assert count_queries(client, url) == rendered - 1  # the work forms are not read again

    _custom_work_form(network, facilitator, "Casuscarrousel")
    assert count_queries(client, url) == rendered


def test_work_form_catalogue_of_a_member_never_reaches_an_outsider(client, care):
    network, facilitator, member = care
    outsider = UserFactory(language="en")
    _custom_work_form(network, facilitator, "Casuscarrousel")
    url = reverse("sessions:workforms")

    assert "Casuscarrousel" in _page(client, member, url)
    assert "Casuscarrousel" not in _page(client, outsider, url)
    assert "Casuscarrousel" in _page(client, facilitator, url)


def test_work_form_catalogue_shows_a_renamed_network_on_the_next_request(client, care):
    network, facilitator, member = care
    _custom_work_form(network, facilitator, "Casuscarrousel")
    url = reverse("sessions:workforms")
    assert ">Valpreventie</span>" in _page(client, member, url)

    network_services.network_update(
        network=network, data={"name": "Valpreventie thuis"}, acting_user=facilitator
    )

    assert ">Valpreventie thuis</span>" in _page(client, member, url)


def test_network_header_shows_an_edit_made_in_the_admin(client, care, admin_user):
    network, facilitator, member = care
    url = reverse("networks:detail", kwargs={"pk": network.pk})
    assert '<h1 class="h2">Valpreventie</h1>' in _page(client, facilitator, url)
    client.force_login(admin_user)
    change = reverse("admin:networks_network_change", args=[network.pk])
    form = client.get(change).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | dict)
    }
    data.update(
        name="Valpreventie (admin)",
        **{
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    html = _page(client, facilitator, url)
    assert '<h1 class="h2">Valpreventie (admin)</h1>' in html
