"""Balance inside a network (issue 13, part 3): a maximum of seats per organisation, held under
the network's lock like the member cap, with a database backstop."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from core.errors import ApplicationError
from networks import services
from networks.enums import MembershipStatus, NetworkStatus, Role, WaitlistReason
from networks.models import Membership, Network, NetworkEmail, OrganisationSeats
from pages.networks.forms import NetworkForm
from tests.factories import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    network_form_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _join(network, organisation=None):
    user = UserFactory(organisation=organisation)
    invitation = InvitationFactory(network=network, email=user.email)
    return services.invitation_accept(
        invitation=invitation, acting_user=user, accept_ground_rules=True
    )


def _taken(network, organisation):
    return (
        OrganisationSeats.objects.filter(network=network, organisation=organisation)
        .values_list("taken", flat=True)
        .first()
        or 0
    )


def test_joining_over_the_maximum_waitlists_with_the_reason():
    network = NetworkFactory(member_cap=15, max_per_organisation=2)
    acme, other = OrganisationFactory(), OrganisationFactory()

    first, second = _join(network, acme), _join(network, acme)
    third = _join(network, acme)
    elsewhere = _join(network, other)

    assert [m.status for m in (first, second, elsewhere)] == [MembershipStatus.ACTIVE] * 3
    assert third.status == MembershipStatus.WAITLISTED
    assert third.waitlist_reason == WaitlistReason.ORGANISATION
    assert third.waits_for_organisation_seat
    assert third.organisation == acme
    assert (_taken(network, acme), _taken(network, other)) == (2, 1)
    network.refresh_from_db()
    assert network.member_count == 3


def test_the_waitlisted_member_is_told_why(client):
    network = NetworkFactory(max_per_organisation=1)
    acme = OrganisationFactory()
    _join(network, acme)
    user = UserFactory(organisation=acme, language="en")
    invitation = InvitationFactory(network=network, email=user.email)
    client.force_login(user)

    response = client.post(
        reverse("networks:invitation_accept", kwargs={"token": invitation.token}),
        {"accept_ground_rules": "on"},
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    assert any("keeps seats for other organisations" in m for m in messages)
    page = client.get(reverse("networks:dashboard")).content.decode()
    assert "This network keeps seats for other organisations." in page


def test_people_without_an_organisation_are_not_counted():
    network = NetworkFactory(member_cap=10, max_per_organisation=1)

    members = [_join(network) for _ in range(3)]

    assert all(m.is_active for m in members)
    assert not OrganisationSeats.objects.filter(network=network).exists()


def test_a_full_network_waitlists_with_the_full_reason():
    network = NetworkFactory(member_cap=10, max_per_organisation=3)
    for _ in range(10):
        MembershipFactory(network=network)

    waiting = _join(network, OrganisationFactory())

    assert waiting.waitlist_reason == WaitlistReason.FULL


def test_promotion_takes_the_first_in_line_who_fits():
    network = NetworkFactory(member_cap=10, max_per_organisation=2)
    acme, other = OrganisationFactory(), OrganisationFactory()
    acme_members = [_join(network, acme) for _ in range(2)]
    network.refresh_from_db()
    for _ in range(8):
        MembershipFactory(network=network)  # no organisation: the network is full now
    first_in_line = _join(network, acme)  # would be acme's third
    second_in_line = _join(network, other)
    assert first_in_line.waitlist_reason == WaitlistReason.FULL

    leaving = Membership.objects.filter(
        network=network, organisation__isnull=True, status=MembershipStatus.ACTIVE, role=Role.MEMBER
    ).first()
    services.membership_leave(network=network, acting_user=leaving.user)

    first_in_line.refresh_from_db()
    second_in_line.refresh_from_db()
    assert second_in_line.status == MembershipStatus.ACTIVE
    assert first_in_line.status == MembershipStatus.WAITLISTED
    assert first_in_line.waitlist_reason == WaitlistReason.ORGANISATION
    assert NetworkEmail.objects.filter(membership=second_in_line).exists()

    # an acme member leaves: now acme's waiting member fits and moves up
    services.membership_leave(network=network, acting_user=acme_members[0].user)
    first_in_line.refresh_from_db()
    assert first_in_line.status == MembershipStatus.ACTIVE
    assert _taken(network, acme) == 2


def test_membership_keeps_the_organisation_it_joined_for():
    network = NetworkFactory(max_per_organisation=1)
    acme, other = OrganisationFactory(), OrganisationFactory()
    membership = _join(network, acme)
    user = membership.user
    user.organisation = other
    user.save(update_fields=["organisation"])

    services.membership_leave(network=network, acting_user=user)

    assert _taken(network, acme) == 0
    assert _taken(network, other) == 0


def test_raising_the_maximum_promotes_and_lowering_below_the_seats_held_is_refused():
    network = NetworkFactory(max_per_organisation=1)
    facilitator = network.created_by
    acme = OrganisationFactory(name="Acme")
    _join(network, acme)
    waiting = _join(network, acme)
    assert waiting.is_waitlisted

    services.network_update(
        network=network, data={"max_per_organisation": 2}, acting_user=facilitator
    )
    waiting.refresh_from_db()
    assert waiting.is_active
    assert OrganisationSeats.objects.get(network=network, organisation=acme).seat_limit == 2

    with pytest.raises(ApplicationError) as error:
        services.network_update(
            network=network, data={"max_per_organisation": 1}, acting_user=facilitator
        )
    assert "“Acme” already has 2 members" in error.value.message
    assert Network.objects.get(pk=network.pk).max_per_organisation == 2


def test_the_database_refuses_a_count_above_the_maximum():
    """The backstop: a write that forgets the services' checks cannot break the maximum."""
    network = NetworkFactory(max_per_organisation=2)
    acme = OrganisationFactory()
    _join(network, acme)
    _join(network, acme)
    seats = OrganisationSeats.objects.filter(network=network, organisation=acme)

    with pytest.raises(IntegrityError), transaction.atomic():
        seats.update(taken=F("taken") + 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        seats.update(seat_limit=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Network.objects.filter(pk=network.pk).update(max_per_organisation=16)
    with pytest.raises(IntegrityError), transaction.atomic():
        Network.objects.filter(pk=network.pk).update(max_per_organisation=0)
    assert seats.get().taken == 2


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("16", "between 1 and the maximum number of members (12)"),
        ("13", "between 1 and the maximum number of members (12)"),
        ("0", "greater than or equal to 1"),
    ],
)
def test_form_refuses_a_maximum_outside_1_and_the_cap(value, message):
    user = UserFactory()
    form = NetworkForm(
        data=network_form_data(member_cap="12", max_per_organisation=value), user=user
    )

    assert not form.is_valid()
    assert any(message in error for error in form.errors["max_per_organisation"])


def test_form_offers_only_own_or_coordinated_organisations():
    own, coordinated, foreign = (OrganisationFactory() for _ in range(3))
    user = UserFactory(organisation=own)
    coordinated.coordinators.add(user)

    form = NetworkForm(
        data=network_form_data(organisation=foreign.pk, max_per_organisation="3"), user=user
    )

    assert set(form.fields["organisation"].queryset) == {own, coordinated}
    assert not form.is_valid()
    assert "organisation" in form.errors


def test_service_refuses_an_organisation_of_someone_else():
    network = NetworkFactory()
    with pytest.raises(ApplicationError):
        services.network_update(
            network=network,
            data={"organisation": OrganisationFactory()},
            acting_user=network.created_by,
        )


def test_facilitator_saves_organisation_and_maximum(client):
    acme = OrganisationFactory()
    user = UserFactory(organisation=acme)
    client.force_login(user)

    response = client.post(
        reverse("networks:create"),
        network_form_data(organisation=acme.pk, max_per_organisation="3"),
    )

    assert response.status_code == 302
    network = Network.objects.get(name="Valpreventie")
    assert (network.organisation, network.max_per_organisation) == (acme, 3)


def test_manage_members_shows_seats_per_organisation(client):
    network = NetworkFactory(
        max_per_organisation=2, status=NetworkStatus.OPEN, created_by__language="en"
    )
    acme = OrganisationFactory(name="Acme")
    _join(network, acme)
    _join(network, acme)
    waiting = _join(network, acme)
    client.force_login(network.created_by)

    page = client.get(reverse("networks:manage_members", kwargs={"pk": network.pk}))

    html = page.content.decode()
    assert "Acme 2/2" in html
    assert "waits for a seat of their organisation" in html
    assert waiting.role == Role.MEMBER


def test_an_approved_request_over_the_maximum_is_emailed_the_reason():
    network = NetworkFactory(max_per_organisation=1)
    acme = OrganisationFactory()
    _join(network, acme)
    join_request = JoinRequestFactory(network=network, user__organisation=acme, user__language="en")

    services.join_request_decide(
        join_request=join_request, acting_user=network.created_by, approve=True
    )

    email = NetworkEmail.objects.get(join_request=join_request, kind="join_decision")
    assert "keeps seats for other organisations" in email.build_message().body
