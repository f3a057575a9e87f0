"""The maximum per organisation holds when many people join at the same instant (PostgreSQL
only, like tests/networks/test_concurrency.py)."""

import pytest

from networks import services
from networks.enums import MembershipStatus, NetworkStatus, Role, WaitlistReason
from networks.models import Membership, Network, OrganisationSeats
from tests.factories import (
    InvitationFactory,
    JoinRequestFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.networks.test_concurrency import _race

ATTEMPTS = 40
CAP = 15
ORGANISATIONS = 5
MAX_PER_ORGANISATION = 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_maximum_per_organisation_holds_under_40_concurrent_joins(require_postgres):
    facilitator = UserFactory()
    network = NetworkFactory(
        created_by=facilitator,
        member_cap=CAP,
        max_per_organisation=MAX_PER_ORGANISATION,
        status=NetworkStatus.OPEN,
    )
    organisations = [OrganisationFactory() for _ in range(ORGANISATIONS)]
    half = ATTEMPTS // 2
    invitations = [
        (InvitationFactory(network=network), organisations[i % ORGANISATIONS]) for i in range(half)
    ]
    requests = [
        JoinRequestFactory(network=network, user__organisation=organisations[i % ORGANISATIONS])
        for i in range(half, ATTEMPTS)
    ]
    actions = [
        (
            lambda inv=inv, org=org: services.invitation_accept(
                invitation=inv,
                acting_user=UserFactory(email=inv.email, organisation=org),
                accept_ground_rules=True,
            )
        )
        for inv, org in invitations
    ] + [
        (
            lambda jr=jr: services.join_request_decide(
                join_request=jr, acting_user=facilitator, approve=True
            )
        )
        for jr in requests
    ]

    errors = _race(actions)

    network.refresh_from_db()
    members = Membership.objects.filter(network=network, role=Role.MEMBER)
    active = members.filter(status=MembershipStatus.ACTIVE)
    assert errors == []
    assert active.count() == CAP == network.member_count
    assert members.filter(status=MembershipStatus.WAITLISTED).count() == ATTEMPTS - CAP
    for organisation in organisations:
        held = active.filter(organisation=organisation).count()
        assert held == MAX_PER_ORGANISATION
        assert (
            OrganisationSeats.objects.get(network=network, organisation=organisation).taken == held
        )
    assert not members.filter(
        status=MembershipStatus.WAITLISTED, waitlist_reason=WaitlistReason.NONE
    ).exists()

    # Someone leaves: the first person in line from another organisation would break that
    # organisation's maximum, so the first in line who fits (the leaver's organisation) moves up.
    waitlist = list(
        members.filter(status=MembershipStatus.WAITLISTED).order_by("waitlisted_at", "pk")
    )
    first_in_line = waitlist[0]
    leaver = active.exclude(organisation=first_in_line.organisation).first()
    expected = next(m for m in waitlist if m.organisation_id == leaver.organisation_id)
    assert waitlist.index(expected) > 0

    services.membership_leave(network=network, acting_user=leaver.user)

    first_in_line.refresh_from_db()
    expected.refresh_from_db()
    assert first_in_line.status == MembershipStatus.WAITLISTED
    assert first_in_line.waitlist_reason == WaitlistReason.ORGANISATION
    assert expected.status == MembershipStatus.ACTIVE
    assert Network.objects.get(pk=network.pk).member_count == CAP
    assert active.filter(organisation=leaver.organisation).count() == MAX_PER_ORGANISATION
