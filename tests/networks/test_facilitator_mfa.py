"""A network may require two-factor sign-in of its facilitators (Network.require_facilitator_mfa):
a facilitator without it is sent to set it up (networks.mixins.NetworkScopedMixin, the one place);
its members, and the facilitators of other networks, are not affected."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from networks.enums import NetworkStatus, Role
from networks.models import Network
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, network_form_data

pytestmark = pytest.mark.django_db

ASKED = (
    "%s asks its facilitators to use two-factor sign-in. Set up an authenticator app or a "
    "passkey here, then open the network again."
)


@pytest.fixture
def strict():
    network = NetworkFactory(require_facilitator_mfa=True, created_by__language="en")
    return network


def _pages(network):
    session = SessionFactory(network=network)
    return [
        reverse("networks:detail", kwargs={"pk": network.pk}),
        reverse("networks:update", kwargs={"pk": network.pk}),
        reverse("networks:manage_members", kwargs={"pk": network.pk}),
        reverse("evaluations:intake", kwargs={"pk": network.pk}),
        reverse("sessions:detail", kwargs={"pk": session.pk}),
        reverse("sessions:update", kwargs={"pk": session.pk}),
    ]


def test_a_facilitator_without_two_factor_is_sent_to_set_it_up(client, strict):
    client.force_login(strict.created_by)

    for url in _pages(strict):
        response = client.get(url, follow=True)
        assert response.redirect_chain == [(reverse("mfa_index"), 302)], url
        page = response.content.decode()
        assert page.count(ASKED % strict.name) == 1, url
        assert "Authenticator App" in page


def test_a_facilitators_action_is_refused_too_and_changes_nothing(client, strict):
    client.force_login(strict.created_by)

    response = client.post(
        reverse("networks:set_status", kwargs={"pk": strict.pk}),
        {"status": NetworkStatus.RUNNING},
    )

    assert response["Location"] == reverse("mfa_index")
    strict.refresh_from_db()
    assert strict.status == NetworkStatus.OPEN


def test_the_facilitator_with_an_authenticator_gets_in(client, strict):
    TOTP.activate(strict.created_by, generate_totp_secret())
    client.force_login(strict.created_by)

    assert [client.get(url).status_code for url in _pages(strict)] == [200] * 6


def test_members_and_other_networks_facilitators_are_not_affected(client, strict):
    """Someone who facilitates another network and is a member here: no redirect anywhere."""
    other = NetworkFactory()
    both = other.created_by
    MembershipFactory(network=strict, user=both, role=Role.MEMBER)
    client.force_login(both)

    session = SessionFactory(network=strict)
    member_pages = [
        reverse("networks:detail", kwargs={"pk": strict.pk}),
        reverse("sessions:detail", kwargs={"pk": session.pk}),
    ]
    assert [client.get(url).status_code for url in member_pages] == [200, 200]
    assert [client.get(url).status_code for url in _pages(other)] == [200] * 6


def test_the_requirement_is_set_on_the_network_form(client):
    network = NetworkFactory(created_by__language="en")
    client.force_login(network.created_by)
    url = reverse("networks:update", kwargs={"pk": network.pk})

    page = client.get(url).content.decode()
    response = client.post(url, network_form_data(require_facilitator_mfa="on"))

    assert 'name="require_facilitator_mfa"' in page
    assert "Facilitators must use two-factor sign-in" in page
    assert response.status_code == 302
    assert Network.objects.get(pk=network.pk).require_facilitator_mfa is True
