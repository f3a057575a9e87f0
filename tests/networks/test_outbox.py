"""The network's emails go through the outbox: one ``NetworkEmail`` row per recipient, written in
the same transaction as the change, sent after commit by core/outbox.py."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from core import outbox
from core.outbox import OutboxState
from networks import services
from networks.enums import MembershipStatus, NetworkEmailKind, Role
from networks.models import Membership, NetworkEmail
from tests.factories import InvitationFactory, MembershipFactory, NetworkFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _co_facilitator(network, **user_fields):
    return MembershipFactory(
        network=network, user=UserFactory(**user_fields), role=Role.FACILITATOR
    ).user


def test_invitation_writes_one_row_and_sends_it_after_commit(network, facilitator, on_commit):
    co = _co_facilitator(network)

    with on_commit() as callbacks:
        invitation = services.invitation_create(
            network=network, email="Nieuw@Example.org", role=Role.MEMBER, acting_user=facilitator
        )
        row = NetworkEmail.objects.get()
        assert mail.outbox == []  # nothing leaves before the commit

    assert (row.kind, row.network, row.invitation, row.user, row.to_email) == (
        NetworkEmailKind.INVITATION,
        network,
        invitation,
        None,
        "nieuw@example.org",
    )
    assert (row.state, row.resend_of, row.kind_label) == (
        OutboxState.PENDING,
        None,
        "Invitation to the network",
    )
    assert len(callbacks) == 1

    callbacks[0]()

    row.refresh_from_db()
    [message] = mail.outbox
    assert (row.state, row.attempts) == (OutboxState.SENT, 1)
    assert row.subject == f"Uitnodiging voor het lerend netwerk {network.name}"
    assert message.to == ["nieuw@example.org"]
    assert message.reply_to == [facilitator.email, co.email]
    assert message.extra_headers["Message-ID"] == f"<networks.networkemail-{row.pk}@leernet>"


def test_join_request_mails_each_facilitator_once_even_if_the_tasks_run_twice(
    network, facilitator, outsider, on_commit
):
    english = _co_facilitator(network, language="en")
    third = _co_facilitator(network)
    MembershipFactory(network=network)  # a member: not told

    with on_commit(execute=True):
        join_request = services.join_request_create(
            network=network, acting_user=outsider, motivation="", accept_ground_rules=True
        )
    rows = list(NetworkEmail.objects.order_by("pk"))
    for row in rows:  # the same tasks again (a redelivered broker message)
        assert outbox.deliver(NetworkEmail, row.pk) == "skipped"

    assert [(r.kind, r.join_request, r.user, r.state) for r in rows] == [
        (NetworkEmailKind.JOIN_REQUEST, join_request, user, OutboxState.SENT)
        for user in (facilitator, english, third)
    ]
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 3
    assert by_recipient[english.email].subject == f"New request to join {network.name}"
    assert by_recipient[third.email].subject.endswith(network.name)
    assert all(m.reply_to == [] for m in mail.outbox)  # the facilitators are the people to reach


def test_join_decision_goes_to_the_requester_with_the_facilitators_to_reply_to(
    network, facilitator, outsider, on_commit
):
    join_request = services.join_request_create(
        network=network, acting_user=outsider, motivation="", accept_ground_rules=True
    )
    NetworkEmail.objects.all().delete()  # the notification is not what this test is about

    with on_commit(execute=True):
        services.join_request_decide(
            join_request=join_request, acting_user=facilitator, approve=True
        )

    row = NetworkEmail.objects.get()
    [message] = mail.outbox
    assert (row.kind, row.user, row.to_email) == (
        NetworkEmailKind.JOIN_DECISION,
        outsider,
        outsider.email,
    )
    assert message.to == [outsider.email]
    assert message.reply_to == [facilitator.email]
    assert message.subject == f"Welkom bij {network.name}"


def test_each_promotion_from_the_waitlist_is_its_own_email(facilitator, on_commit):
    network = NetworkFactory(created_by=facilitator, member_cap=10)
    members = [MembershipFactory(network=network) for _ in range(10)]
    waiting = UserFactory()

    def wait_and_get_promoted(leaving):
        join_request = services.join_request_create(
            network=network, acting_user=waiting, motivation="", accept_ground_rules=True
        )
        services.join_request_decide(
            join_request=join_request, acting_user=facilitator, approve=True
        )
        assert Membership.objects.get(user=waiting).status == MembershipStatus.WAITLISTED
        with on_commit(execute=True):
            services.membership_leave(network=leaving.network, acting_user=leaving.user)

    wait_and_get_promoted(members[0])
    services.membership_leave(network=network, acting_user=waiting)
    network.refresh_from_db()
    MembershipFactory(network=network)  # the seat is taken again
    wait_and_get_promoted(members[1])

    promotions = NetworkEmail.objects.filter(kind=NetworkEmailKind.PROMOTION).order_by("pk")
    membership = Membership.objects.get(user=waiting)
    assert [(r.membership, r.to_email, r.state) for r in promotions] == [
        (membership, waiting.email, OutboxState.SENT)
    ] * 2
    assert promotions[0].promoted_at < promotions[1].promoted_at
    assert [m.subject for m in mail.outbox] == [
        f"Er is een plaats vrij: je bent nu lid van {network.name}"
    ] * 2
    assert mail.outbox[0].reply_to == [facilitator.email]


def test_invitation_resend_is_a_new_row_pointing_at_the_one_it_resends(
    network, facilitator, on_commit
):
    with on_commit(execute=True):
        invitation = services.invitation_create(
            network=network, email="nieuw@example.org", role=Role.MEMBER, acting_user=facilitator
        )
    first = NetworkEmail.objects.get()

    with on_commit(execute=True):
        services.invitation_resend(invitation=invitation, acting_user=network.created_by)
    second = NetworkEmail.objects.exclude(pk=first.pk).get()
    with on_commit(execute=True):
        services.invitation_resend(invitation=invitation, acting_user=network.created_by)
    third = NetworkEmail.objects.exclude(pk__in=[first.pk, second.pk]).get()

    assert (second.resend_of, third.resend_of) == (first, second)
    assert [row.state for row in (first, second, third)] == [OutboxState.SENT] * 3
    assert [m.to for m in mail.outbox] == [["nieuw@example.org"]] * 3
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 3


def test_invitation_resend_while_its_email_still_waits_adds_no_second_one(
    network, facilitator, on_commit
):
    invitation = services.invitation_create(
        network=network, email="nieuw@example.org", role=Role.MEMBER, acting_user=facilitator
    )  # its email is not sent yet (the commit never comes in this test)
    before = invitation.expires_at

    with on_commit() as callbacks:
        services.invitation_resend(invitation=invitation, acting_user=network.created_by)

    invitation.refresh_from_db()
    assert invitation.expires_at > before
    assert NetworkEmail.objects.count() == 1
    assert callbacks == []


def test_invitation_resend_of_an_invitation_without_a_row_writes_the_first_one(network, on_commit):
    invitation = InvitationFactory(network=network)  # mailed before the outbox existed

    with on_commit(execute=True):
        services.invitation_resend(invitation=invitation, acting_user=network.created_by)

    row = NetworkEmail.objects.get()
    assert (row.invitation, row.resend_of, row.state) == (invitation, None, OutboxState.SENT)


def test_a_withdrawn_invitation_is_not_mailed(network, facilitator, on_commit):
    with on_commit() as callbacks:
        invitation = services.invitation_create(
            network=network, email="nieuw@example.org", role=Role.MEMBER, acting_user=facilitator
        )
    row = NetworkEmail.objects.get()

    services.invitation_revoke(invitation=invitation, acting_user=network.created_by)
    callbacks[0]()  # the task enqueued by the invitation runs after all

    assert not NetworkEmail.objects.filter(pk=row.pk).exists()
    assert mail.outbox == []


def test_a_second_row_for_the_same_email_is_impossible_but_a_resend_is_not(network):
    invitation = InvitationFactory(network=network)
    fields = {
        "network": network,
        "kind": NetworkEmailKind.INVITATION,
        "invitation": invitation,
        "to_email": invitation.email,
    }
    first = NetworkEmail.objects.create(**fields)

    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkEmail.objects.create(**fields)
    resent = NetworkEmail.objects.create(**fields, resend_of=first)

    assert resent.resend_of == first


def test_a_row_must_point_at_what_its_kind_is_about(network, member):
    membership = Membership.objects.get(user=member)

    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkEmail.objects.create(
            network=network,
            kind=NetworkEmailKind.INVITATION,
            membership=membership,
            to_email=member.email,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkEmail.objects.create(  # a promotion needs to say which one
            network=network,
            kind=NetworkEmailKind.PROMOTION,
            membership=membership,
            to_email=member.email,
        )
