import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import ApplicationError
from networks import services
from networks.enums import (
    InvitationStatus,
    JoinRequestStatus,
    MembershipStatus,
    NetworkStatus,
    Role,
    Scope,
)
from networks.models import Membership, Network, NetworkEmail
from networks.services import seats
from tests.factories import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _network_fields(**overrides):
    fields = {
        "name": "Valpreventie",
        "theme": "Zorg",
        "goal": "Vallen voorkomen",
        "participant_role": "Casussen meebrengen",
        "rhythm": "Maandelijks",
        "duration": "Zes sessies",
        "scope": Scope.INTERNAL,
        "start_date": datetime.date(2027, 1, 1),
        "end_date": datetime.date(2027, 6, 30),
        "ground_rules": "Vertrouwelijk",
    }
    fields.update(overrides)
    return fields


def _fill(network, count):
    return [MembershipFactory(network=network) for _ in range(count)]


def _accept(network, user=None):
    """``user`` (a new person by default) accepts an invitation sent to their own address."""
    user = user or UserFactory()
    invitation = InvitationFactory(network=network, email=user.email)
    return services.invitation_accept(
        invitation=invitation, acting_user=user, accept_ground_rules=True
    )


def test_network_create_makes_creator_facilitator_and_draft(facilitator):
    network = services.network_create(acting_user=facilitator, **_network_fields())

    membership = Membership.objects.get(network=network)
    assert (membership.user, membership.role, membership.status) == (
        facilitator,
        Role.FACILITATOR,
        MembershipStatus.ACTIVE,
    )
    assert network.status == NetworkStatus.DRAFT
    assert network.member_cap == 15
    assert network.member_count == 0


@pytest.mark.parametrize("cap", [9, 16, 0])
def test_network_create_refuses_cap_outside_10_to_15(facilitator, cap):
    with pytest.raises(ValidationError) as excinfo:
        services.network_create(acting_user=facilitator, **_network_fields(member_cap=cap))

    assert "member_cap" in excinfo.value.message_dict
    assert not Network.objects.exists()


def test_network_cap_constraint_is_a_database_backstop(network):
    with pytest.raises(IntegrityError), transaction.atomic():
        Network.objects.filter(pk=network.pk).update(member_cap=16)


def test_member_count_cannot_exceed_cap_in_the_database(network):
    with pytest.raises(IntegrityError), transaction.atomic():
        Network.objects.filter(pk=network.pk).update(member_count=network.member_cap + 1)


def test_invitation_accept_makes_active_member_and_spends_invitation(network):
    invitation = InvitationFactory(network=network)
    user = UserFactory(email=invitation.email)

    membership = services.invitation_accept(
        invitation=invitation, acting_user=user, accept_ground_rules=True
    )

    invitation.refresh_from_db()
    network.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.ground_rules_accepted_at is not None
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_by == user
    assert network.member_count == 1


def test_invitation_accept_requires_ground_rules(network):
    invitation = InvitationFactory(network=network)

    with pytest.raises(ApplicationError, match="ground rules"):
        services.invitation_accept(
            invitation=invitation,
            acting_user=UserFactory(email=invitation.email),
            accept_ground_rules=False,
        )

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert network.memberships.count() == 1  # only the facilitator


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": InvitationStatus.ACCEPTED}, "already been used"),
        ({"status": InvitationStatus.REVOKED}, "withdrawn"),
        ({"expires_at": timezone.now() - datetime.timedelta(minutes=1)}, "expired"),
    ],
)
def test_invitation_accept_refuses_unusable_invitations(network, change, message):
    invitation = InvitationFactory(network=network, **change)

    with pytest.raises(ApplicationError, match=message):
        services.invitation_accept(
            invitation=invitation,
            acting_user=UserFactory(email=invitation.email),
            accept_ground_rules=True,
        )

    network.refresh_from_db()
    assert network.member_count == 0


def test_invitation_accept_refuses_closed_network(network):
    invitation = InvitationFactory(network=network)
    Network.objects.filter(pk=network.pk).update(status=NetworkStatus.CLOSED)

    with pytest.raises(ApplicationError, match="closed"):
        services.invitation_accept(
            invitation=invitation,
            acting_user=UserFactory(email=invitation.email),
            accept_ground_rules=True,
        )


def test_invitation_accept_by_existing_member_changes_nothing(network, member):
    invitation = InvitationFactory(network=network, email=member.email)

    with pytest.raises(ApplicationError, match="already a member"):
        services.invitation_accept(
            invitation=invitation, acting_user=member, accept_ground_rules=True
        )

    invitation.refresh_from_db()
    network.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert network.member_count == 1


def test_invitation_create_sends_email_in_network_language(network, facilitator, on_commit):
    with on_commit(execute=True):
        services.invitation_create(
            network=network, email="Nieuw@Example.org", role=Role.MEMBER, acting_user=facilitator
        )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.org"]
    assert message.subject == f"Uitnodiging voor het lerend netwerk {network.name}"
    assert "/networks/invitations/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_invitation_create_uses_invitee_language_when_known(network, facilitator, on_commit):
    UserFactory(email="english@example.org", language="en")

    with on_commit(execute=True):
        services.invitation_create(
            network=network, email="english@example.org", role=Role.MEMBER, acting_user=facilitator
        )

    assert mail.outbox[0].subject == f"Invitation to the learning network {network.name}"


def test_invitation_create_refuses_duplicate(network, facilitator):
    services.invitation_create(
        network=network, email="a@example.org", role=Role.MEMBER, acting_user=facilitator
    )

    with pytest.raises(ApplicationError, match="already been invited"):
        services.invitation_create(
            network=network, email="A@example.org", role=Role.MEMBER, acting_user=facilitator
        )
    assert network.invitations.count() == 1


def test_invitation_create_replaces_an_expired_one(network, facilitator):
    old = InvitationFactory(
        network=network,
        email="a@example.org",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )

    new = services.invitation_create(
        network=network, email="a@example.org", role=Role.MEMBER, acting_user=facilitator
    )

    old.refresh_from_db()
    assert old.status == InvitationStatus.REVOKED
    assert new.status == InvitationStatus.PENDING


def test_invitation_create_refuses_existing_member(network, member, facilitator):
    with pytest.raises(ApplicationError, match="already a member"):
        services.invitation_create(
            network=network, email=member.email.upper(), role=Role.MEMBER, acting_user=facilitator
        )
    assert mail.outbox == []


def test_invitation_token_round_trip_and_tampering(network):
    invitation = InvitationFactory(network=network)
    token = services.invitation_token(invitation)

    assert services.invitation_from_token(token) == invitation
    assert services.invitation_from_token(token[:-2] + "xx") is None
    assert services.invitation_from_token("nonsense") is None


def test_co_facilitator_invitation_does_not_take_a_seat(network):
    invitation = InvitationFactory(network=network, role=Role.FACILITATOR)

    membership = services.invitation_accept(
        invitation=invitation,
        acting_user=UserFactory(email=invitation.email),
        accept_ground_rules=True,
    )

    network.refresh_from_db()
    assert membership.role == Role.FACILITATOR
    assert network.member_count == 0


def test_full_network_puts_joiners_on_ordered_waitlist(network):
    _fill(network, network.member_cap)

    first = _accept(network)
    second = _accept(network)

    network.refresh_from_db()
    assert network.member_count == network.member_cap
    assert [first.status, second.status] == [MembershipStatus.WAITLISTED] * 2
    assert first.waitlisted_at <= second.waitlisted_at


def test_leaving_promotes_first_in_line_and_emails_them(network, on_commit):
    members = _fill(network, network.member_cap)
    first = _accept(network, UserFactory(language="en"))
    second = _accept(network)

    with on_commit(execute=True):
        services.membership_leave(network=members[0].network, acting_user=members[0].user)

    first.refresh_from_db()
    second.refresh_from_db()
    members[0].refresh_from_db()
    network.refresh_from_db()
    assert members[0].status == MembershipStatus.LEFT
    assert first.status == MembershipStatus.ACTIVE
    assert second.status == MembershipStatus.WAITLISTED
    assert network.member_count == network.member_cap
    assert [m.to for m in mail.outbox] == [[first.user.email]]
    assert mail.outbox[0].subject.startswith("A seat is free")


def test_removing_a_waitlisted_person_frees_no_seat(network):
    _fill(network, network.member_cap)
    waiting = _accept(network)

    services.membership_remove(membership=waiting, acting_user=network.created_by)

    network.refresh_from_db()
    waiting.refresh_from_db()
    assert waiting.status == MembershipStatus.REMOVED
    assert network.member_count == network.member_cap


def test_last_facilitator_cannot_leave(network, facilitator):
    membership = Membership.objects.get(network=network, user=facilitator)

    with pytest.raises(ApplicationError, match="at least one facilitator"):
        services.membership_leave(network=membership.network, acting_user=membership.user)

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_raising_the_cap_promotes_from_waitlist(network):
    _fill(network, network.member_cap)
    waiting = _accept(network)

    services.network_update(
        network=network, data={"member_cap": network.member_cap + 1}, acting_user=network.created_by
    )

    waiting.refresh_from_db()
    assert waiting.status == MembershipStatus.ACTIVE


def test_cap_cannot_drop_below_current_members(network):
    _fill(network, 11)

    with pytest.raises(ApplicationError, match="already has 11 members"):
        services.network_update(
            network=network, data={"member_cap": 10}, acting_user=network.created_by
        )

    network.refresh_from_db()
    assert network.member_cap == 12


def test_status_transitions(network):
    services.network_set_status(
        network=network, status=NetworkStatus.RUNNING, acting_user=network.created_by
    )
    with pytest.raises(ApplicationError, match="cannot go from"):
        services.network_set_status(
            network=network, status=NetworkStatus.DRAFT, acting_user=network.created_by
        )
    services.network_set_status(
        network=network, status=NetworkStatus.CLOSED, acting_user=network.created_by
    )

    network.refresh_from_db()
    assert network.status == NetworkStatus.CLOSED


def test_join_request_create_and_notify_facilitators(network, outsider, facilitator, on_commit):
    with on_commit(execute=True):
        join_request = services.join_request_create(
            network=network,
            acting_user=outsider,
            motivation="Ik wil leren",
            accept_ground_rules=True,
        )

    assert join_request.status == JoinRequestStatus.PENDING
    assert [m.to for m in mail.outbox] == [[facilitator.email]]
    assert outsider.full_name in mail.outbox[0].body


def test_second_join_request_is_refused(network, outsider):
    services.join_request_create(
        network=network, acting_user=outsider, motivation="", accept_ground_rules=True
    )

    with pytest.raises(ApplicationError, match="already asked"):
        services.join_request_create(
            network=network, acting_user=outsider, motivation="", accept_ground_rules=True
        )
    assert network.join_requests.count() == 1


@pytest.mark.parametrize(
    "status", [NetworkStatus.DRAFT, NetworkStatus.RUNNING, NetworkStatus.CLOSED]
)
def test_join_request_only_for_open_networks(facilitator, outsider, status):
    network = NetworkFactory(created_by=facilitator, status=status)

    with pytest.raises(ApplicationError, match="does not take requests"):
        services.join_request_create(
            network=network, acting_user=outsider, motivation="", accept_ground_rules=True
        )


def test_join_request_by_member_is_refused(network, member):
    with pytest.raises(ApplicationError, match="already a member"):
        services.join_request_create(
            network=network, acting_user=member, motivation="", accept_ground_rules=True
        )


def test_approving_a_request_on_a_full_network_waitlists_and_says_so(
    network, facilitator, on_commit
):
    _fill(network, network.member_cap)
    join_request = JoinRequestFactory(network=network)

    with on_commit(execute=True):
        services.join_request_decide(
            join_request=join_request, acting_user=facilitator, approve=True
        )

    membership = Membership.objects.get(network=network, user=join_request.user)
    assert membership.status == MembershipStatus.WAITLISTED
    assert [m.to for m in mail.outbox] == [[join_request.user.email]]
    assert "wachtlijst" in mail.outbox[0].body


def test_declining_a_request_emails_the_requester(network, facilitator, on_commit):
    join_request = JoinRequestFactory(network=network)

    with on_commit(execute=True):
        services.join_request_decide(
            join_request=join_request, acting_user=facilitator, approve=False
        )

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.DECLINED
    assert not Membership.objects.filter(network=network, user=join_request.user).exists()
    assert [m.to for m in mail.outbox] == [[join_request.user.email]]
    assert "niet aanvaard" in mail.outbox[0].body


def test_request_cannot_be_decided_twice(network, facilitator):
    join_request = JoinRequestFactory(network=network)
    services.join_request_decide(join_request=join_request, acting_user=facilitator, approve=True)

    with pytest.raises(ApplicationError, match="already been answered"):
        services.join_request_decide(
            join_request=join_request, acting_user=facilitator, approve=False
        )
    network.refresh_from_db()
    assert network.member_count == 1


def test_rejoining_after_leaving_reuses_the_membership(network):
    membership = _accept(network)
    services.membership_leave(network=membership.network, acting_user=membership.user)

    again = _accept(network, membership.user)

    assert again.pk == membership.pk
    assert again.status == MembershipStatus.ACTIVE
    assert again.ended_at is None


# Invitations are bound to their address ----------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MEMBER, Role.FACILITATOR])
def test_invitation_accept_by_another_account_is_refused_and_writes_nothing(network, role):
    invitation = InvitationFactory(network=network, email="annelies@example.org", role=role)
    someone_else = UserFactory(email="bart@example.org")

    with pytest.raises(ApplicationError) as raised:
        services.invitation_accept(
            invitation=invitation, acting_user=someone_else, accept_ground_rules=True
        )

    assert raised.value.code == "other_address"
    assert raised.value.message == (
        "This invitation was sent to another email address (a***@example.org). "
        "Only the account with that address can accept it."
    )
    invitation.refresh_from_db()
    network.refresh_from_db()
    assert (invitation.status, invitation.accepted_by, invitation.accepted_at) == (
        InvitationStatus.PENDING,
        None,
        None,
    )
    assert not Membership.objects.filter(network=network, user=someone_else).exists()
    assert network.member_count == 0


def test_invitation_accept_compares_addresses_ignoring_case(network):
    invitation = InvitationFactory(network=network, email="Annelies.Peeters@Example.ORG")
    user = UserFactory(email="annelies.peeters@example.org")

    membership = services.invitation_accept(
        invitation=invitation, acting_user=user, accept_ground_rules=True
    )

    assert membership.status == MembershipStatus.ACTIVE


def test_invitation_accept_by_a_verified_second_address_of_the_account(network):
    from allauth.account.models import EmailAddress

    user = UserFactory(email="werk@example.org")
    EmailAddress.objects.create(user=user, email="prive@example.org", verified=True, primary=False)
    invitation = InvitationFactory(network=network, email="prive@example.org")

    membership = services.invitation_accept(
        invitation=invitation, acting_user=user, accept_ground_rules=True
    )

    assert membership.user == user
    assert membership.status == MembershipStatus.ACTIVE


def test_invitation_accept_with_the_address_unverified_is_refused(network):
    from allauth.account.models import EmailAddress

    user = UserFactory(email="werk@example.org")
    EmailAddress.objects.create(user=user, email="prive@example.org", verified=False, primary=False)
    invitation = InvitationFactory(
        network=network, email="prive@example.org", role=Role.FACILITATOR
    )

    with pytest.raises(ApplicationError) as raised:
        services.invitation_accept(
            invitation=invitation, acting_user=user, accept_ground_rules=True
        )

    assert raised.value.code == "address_unverified"
    assert "p***@example.org" in raised.value.message
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert not Membership.objects.filter(network=network, user=user).exists()


def test_invitation_accept_primary_address_without_verification_is_refused(network):
    from allauth.account.models import EmailAddress

    user = UserFactory(email="annelies@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    invitation = InvitationFactory(network=network, email="annelies@example.org")

    with pytest.raises(ApplicationError) as raised:
        services.invitation_accept(
            invitation=invitation, acting_user=user, accept_ground_rules=True
        )

    assert raised.value.code == "address_unverified"
    assert not Membership.objects.filter(network=network, user=user).exists()


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("annelies.peeters@example.org", "a***@example.org"),
        ("a@example.org", "a***@example.org"),
        ("not-an-address", "***"),
    ],
)
def test_mask_email_keeps_first_letter_and_domain(email, masked):
    assert services.mask_email(email) == masked


# The rules live in the services: a direct call is refused as the page would refuse it ---------

FACILITATORS_ONLY = "Only the facilitators of this network can do this."


def _facilitator_actions(network):
    """Every facilitator action, as a call that takes the acting user."""
    invitation = InvitationFactory(network=network)
    join_request = JoinRequestFactory(network=network)
    seated = MembershipFactory(network=network)
    return {
        "network_update": lambda user: services.network_update(
            network=network, data={"name": "Overgenomen"}, acting_user=user
        ),
        "network_set_status": lambda user: services.network_set_status(
            network=network, status=NetworkStatus.RUNNING, acting_user=user
        ),
        "invitation_create": lambda user: services.invitation_create(
            network=network, email="nieuw@example.org", role=Role.MEMBER, acting_user=user
        ),
        "invitation_resend": lambda user: services.invitation_resend(
            invitation=invitation, acting_user=user
        ),
        "invitation_revoke": lambda user: services.invitation_revoke(
            invitation=invitation, acting_user=user
        ),
        "join_request_decide": lambda user: services.join_request_decide(
            join_request=join_request, acting_user=user, approve=True
        ),
        "membership_remove": lambda user: services.membership_remove(
            membership=seated, acting_user=user
        ),
    }


@pytest.mark.parametrize(
    "action",
    [
        "network_update",
        "network_set_status",
        "invitation_create",
        "invitation_resend",
        "invitation_revoke",
        "join_request_decide",
        "membership_remove",
    ],
)
@pytest.mark.parametrize("who", ["member", "outsider", "former_facilitator"])
def test_facilitator_actions_refuse_anyone_else_and_write_nothing(network, action, who):
    actions = _facilitator_actions(network)
    if who == "member":
        user = MembershipFactory(network=network).user
    elif who == "outsider":
        user = UserFactory()
    else:
        user = MembershipFactory(
            network=network, role=Role.FACILITATOR, status=MembershipStatus.LEFT
        ).user
    before = (
        Network.objects.filter(pk=network.pk).values("name", "status", "member_count").get(),
        sorted(network.invitations.values_list("pk", "status", "expires_at")),
        sorted(network.join_requests.values_list("pk", "status")),
        sorted(network.memberships.values_list("pk", "status")),
    )

    with pytest.raises(ApplicationError) as raised:
        actions[action](user)

    assert raised.value.message == FACILITATORS_ONLY
    assert before == (
        Network.objects.filter(pk=network.pk).values("name", "status", "member_count").get(),
        sorted(network.invitations.values_list("pk", "status", "expires_at")),
        sorted(network.join_requests.values_list("pk", "status")),
        sorted(network.memberships.values_list("pk", "status")),
    )
    assert not NetworkEmail.objects.exists()


@pytest.mark.parametrize(
    "action",
    [
        "network_update",
        "network_set_status",
        "invitation_create",
        "invitation_resend",
        "invitation_revoke",
        "join_request_decide",
        "membership_remove",
    ],
)
def test_facilitator_actions_are_allowed_to_a_co_facilitator(network, action):
    co = MembershipFactory(network=network, role=Role.FACILITATOR).user

    _facilitator_actions(network)[action](co)  # no error


def test_facilitator_cannot_remove_themselves(network, facilitator):
    MembershipFactory(network=network, role=Role.FACILITATOR)  # not the last facilitator
    own = Membership.objects.get(network=network, user=facilitator)

    with pytest.raises(ApplicationError) as raised:
        services.membership_remove(membership=own, acting_user=facilitator)

    assert raised.value.message == "You cannot remove yourself; leave the network instead."
    own.refresh_from_db()
    assert own.status == MembershipStatus.ACTIVE


def test_facilitator_removes_a_co_facilitator_but_never_the_last_one(network, facilitator):
    co = MembershipFactory(network=network, role=Role.FACILITATOR)

    services.membership_remove(membership=co, acting_user=facilitator)

    co.refresh_from_db()
    assert co.status == MembershipStatus.REMOVED
    # Only ``facilitator`` is left: whoever tries to remove them is refused.
    with pytest.raises(ApplicationError) as raised:
        services.membership_remove(
            membership=Membership.objects.get(network=network, user=facilitator),
            acting_user=co.user,
        )
    assert raised.value.message == FACILITATORS_ONLY
    assert Membership.objects.get(network=network, user=facilitator).status == (
        MembershipStatus.ACTIVE
    )


def test_the_last_facilitator_cannot_be_ended_even_by_a_direct_call(network, facilitator):
    """The backstop under ``membership_remove`` and ``membership_leave``."""
    own = Membership.objects.get(network=network, user=facilitator)

    with pytest.raises(ApplicationError) as raised:
        seats._membership_end(
            membership=own, status=MembershipStatus.REMOVED, acting_user=facilitator
        )

    assert raised.value.message == "A network needs at least one facilitator."


def test_membership_leave_by_someone_outside_the_network_is_refused(network, outsider):
    with pytest.raises(ApplicationError) as raised:
        services.membership_leave(network=network, acting_user=outsider)

    assert raised.value.message == "You are not a member of this network."


def test_membership_leave_ends_the_acting_users_own_membership_only(network, member):
    other = MembershipFactory(network=network)

    left = services.membership_leave(network=network, acting_user=member)

    other.refresh_from_db()
    assert (left.user, left.status) == (member, MembershipStatus.LEFT)
    assert other.status == MembershipStatus.ACTIVE


def test_invitation_and_decision_record_the_acting_user(network, facilitator):
    invitation = services.invitation_create(
        network=network, email="nieuw@example.org", role=Role.MEMBER, acting_user=facilitator
    )
    join_request = JoinRequestFactory(network=network)

    decided = services.join_request_decide(
        join_request=join_request, acting_user=facilitator, approve=False
    )

    assert (invitation.invited_by, decided.decided_by) == (facilitator, facilitator)
