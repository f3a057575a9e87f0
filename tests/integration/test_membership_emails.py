"""Membership emails through the real stack: services write one outbox row per recipient and
enqueue it after commit, a Celery worker process picks the task from Redis and sends over SMTP."""

import re

import pytest

from networks import services
from networks.enums import NetworkEmailKind, Role
from networks.models import NetworkEmail
from tests.factories import JoinRequestFactory, MembershipFactory, NetworkFactory, UserFactory
from tests.utils import plain_text, wait_until_sent

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def test_invitations_reach_the_smtp_server_once_each(celery_worker_process, smtp_server):
    facilitator = UserFactory(full_name="Fien Facilitator")
    network = NetworkFactory(created_by=facilitator, name="Valpreventie")
    UserFactory(email="bert@example.org", language="en")

    for email in ["anna@example.org", "bert@example.org", "carla@example.org"]:
        services.invitation_create(
            network=network, email=email, role=Role.MEMBER, acting_user=facilitator
        )

    messages = smtp_server.wait_for(3)
    assert sorted(to for tos, _m in messages for to in tos) == [
        "anna@example.org",
        "bert@example.org",
        "carla@example.org",
    ]
    by_recipient = {tos[0]: message for tos, message in messages}
    assert by_recipient["anna@example.org"]["Subject"] == (
        "Uitnodiging voor het lerend netwerk Valpreventie"
    )
    assert by_recipient["bert@example.org"]["Subject"] == (
        "Invitation to the learning network Valpreventie"
    )
    link = re.search(r"http://testserver/networks/invitations/\S+/", plain_text(messages[0][1]))
    assert link is not None
    assert by_recipient["carla@example.org"].get_body(preferencelist=("html",)) is not None
    assert {m["Reply-To"] for m in by_recipient.values()} == {facilitator.email}
    # Nothing more arrives: one email per invitation, one sent row each.
    assert len(smtp_server.wait_for(4, timeout=2)) == 3
    rows = NetworkEmail.objects.filter(kind=NetworkEmailKind.INVITATION)
    assert wait_until_sent(rows)
    assert sorted((row.to_email, row.attempts) for row in rows) == [
        ("anna@example.org", 1),
        ("bert@example.org", 1),
        ("carla@example.org", 1),
    ]
    assert {m["Message-ID"] for m in by_recipient.values()} == {row.message_id for row in rows}


def test_leaving_member_frees_a_seat_and_promoted_person_is_emailed(
    celery_worker_process, smtp_server
):
    network = NetworkFactory(member_cap=10)
    members = [MembershipFactory(network=network) for _ in range(10)]
    waiting = JoinRequestFactory(network=network, user=UserFactory(email="wacht@example.org"))
    services.join_request_decide(join_request=waiting, acting_user=network.created_by, approve=True)
    decision = smtp_server.wait_for(1)
    assert "wachtlijst" in plain_text(decision[0][1])

    services.membership_leave(network=network, acting_user=members[0].user)

    messages = smtp_server.wait_for(2)
    assert [tos for tos, _m in messages] == [["wacht@example.org"], ["wacht@example.org"]]
    assert messages[1][1]["Subject"] == "Er is een plaats vrij: je bent nu lid van " + network.name
    assert messages[1][1]["Reply-To"] == network.created_by.email
    rows = NetworkEmail.objects.filter(to_email="wacht@example.org").order_by("pk")
    assert wait_until_sent(rows)
    assert [row.kind for row in rows] == [
        NetworkEmailKind.JOIN_DECISION,
        NetworkEmailKind.PROMOTION,
    ]
