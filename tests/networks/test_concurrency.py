"""The member cap holds when many people join at the same instant (PostgreSQL only: SQLite
serialises writers and cannot reproduce the race)."""

import threading

import pytest
from django.db import connection

from networks import services
from networks.enums import JoinRequestStatus, MembershipStatus, NetworkStatus, Role
from networks.models import JoinRequest, Membership, Network
from tests.factories import InvitationFactory, JoinRequestFactory, NetworkFactory, UserFactory

ATTEMPTS = 40
CAP = 15


def _race(actions):
    """Run every action in its own thread (own database connection), released together."""
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            barrier.wait(timeout=30)
            action()
        except Exception as error:  # collected and asserted below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_cap_holds_under_40_concurrent_joins(require_postgres):
    facilitator = UserFactory()
    network = NetworkFactory(created_by=facilitator, member_cap=CAP, status=NetworkStatus.OPEN)
    invitations = [InvitationFactory(network=network) for _ in range(ATTEMPTS // 2)]
    requests = [JoinRequestFactory(network=network) for _ in range(ATTEMPTS - len(invitations))]
    actions = [
        (
            lambda inv=inv: services.invitation_accept(
                invitation=inv, acting_user=UserFactory(email=inv.email), accept_ground_rules=True
            )
        )
        for inv in invitations
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
    assert errors == []
    assert members.filter(status=MembershipStatus.ACTIVE).count() == CAP
    assert members.filter(status=MembershipStatus.WAITLISTED).count() == ATTEMPTS - CAP
    assert network.member_count == CAP
    assert JoinRequest.objects.filter(status=JoinRequestStatus.APPROVED).count() == len(requests)
    waitlist = list(
        members.filter(status=MembershipStatus.WAITLISTED).values_list("waitlisted_at", flat=True)
    )
    assert None not in waitlist


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_same_invitation_accepted_twice_at_once_is_used_once(require_postgres):
    network = NetworkFactory(member_cap=CAP)
    invitation = InvitationFactory(network=network)
    user = UserFactory(email=invitation.email)
    users = [user, user]  # a double click, in two requests at once

    errors = _race(
        [
            lambda user=user: services.invitation_accept(
                invitation=invitation, acting_user=user, accept_ground_rules=True
            )
            for user in users
        ]
    )

    assert len(errors) == 1
    assert "ApplicationError" in errors[0]
    assert Network.objects.get(pk=network.pk).member_count == 1
