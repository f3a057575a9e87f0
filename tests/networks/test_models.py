"""Every text of a network and a join request is bounded: by the form, with a message next to
the field, and by a database check that holds even for code that skips the form."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from networks.enums import (
    InvitationStatus,
    JoinRequestStatus,
    MembershipStatus,
    NetworkStatus,
    Role,
)
from networks.models import Invitation, JoinRequest, Membership, Network
from pages.networks.forms import JoinRequestForm, NetworkForm
from tests.factories import JoinRequestFactory, NetworkFactory, network_form_data

pytestmark = pytest.mark.django_db

NETWORK_LIMITS = {
    "description": 4000,
    "goal": 4000,
    "participant_role": 4000,
    "organisations": 2000,
    "ground_rules": 8000,
}


def _network_form_data(**overrides):
    return network_form_data(**overrides)


@pytest.mark.parametrize(("field", "limit"), NETWORK_LIMITS.items())
def test_network_form_refuses_too_long_text_with_a_message(field, limit):
    with translation.override("nl"):
        at_limit = NetworkForm(_network_form_data(**{field: "x" * limit}))
        too_long = NetworkForm(_network_form_data(**{field: "x" * (limit + 1)}))

        assert at_limit.is_valid(), at_limit.errors
        assert not too_long.is_valid()
        assert too_long.errors[field] == [
            f"Zorg dat deze waarde niet meer dan {limit} tekens bevat (het zijn er nu {limit + 1})."
        ]
    assert f'maxlength="{limit}"' in str(too_long[field])


@pytest.mark.parametrize(("field", "limit"), NETWORK_LIMITS.items())
def test_network_text_over_the_limit_is_refused_by_the_database(require_postgres, field, limit):
    network = NetworkFactory()
    Network.objects.filter(pk=network.pk).update(**{field: "x" * limit})

    with (
        pytest.raises(IntegrityError, match=f"networks_network_{field}_max_length"),
        transaction.atomic(),
    ):
        Network.objects.filter(pk=network.pk).update(**{field: "x" * (limit + 1)})

    network.refresh_from_db()
    assert len(getattr(network, field)) == limit


def test_join_request_form_refuses_too_long_motivation():
    with translation.override("nl"):
        form = JoinRequestForm({"motivation": "x" * 2001, "accept_ground_rules": "on"})

        assert form.errors["motivation"] == [
            "Zorg dat deze waarde niet meer dan 2000 tekens bevat (het zijn er nu 2001)."
        ]


def test_join_request_motivation_over_the_limit_is_refused_by_the_database(require_postgres):
    with (
        pytest.raises(IntegrityError, match="networks_joinrequest_motivation_max_length"),
        transaction.atomic(),
    ):
        JoinRequestFactory(motivation="x" * 2001)

    assert not JoinRequest.objects.exists()


@pytest.mark.parametrize(
    ("status", "flags"),
    [
        (NetworkStatus.DRAFT, (True, False, False, False)),
        (NetworkStatus.OPEN, (False, True, False, False)),
        (NetworkStatus.RUNNING, (False, False, True, False)),
        (NetworkStatus.CLOSED, (False, False, False, True)),
    ],
)
def test_network_state_properties_answer_for_the_templates(status, flags):
    network = Network(status=status)

    assert (network.is_draft, network.is_open, network.is_running, network.is_closed) == flags


def test_membership_invitation_and_request_state_properties():
    facilitator = Membership(role=Role.FACILITATOR, status=MembershipStatus.ACTIVE)
    seated = Membership(role=Role.MEMBER, status=MembershipStatus.ACTIVE)
    waiting = Membership(role=Role.MEMBER, status=MembershipStatus.WAITLISTED)

    assert (facilitator.is_facilitator, facilitator.holds_a_seat) == (True, False)
    assert (seated.is_facilitator, seated.holds_a_seat, seated.is_waitlisted) == (
        False,
        True,
        False,
    )
    assert (waiting.holds_a_seat, waiting.is_waitlisted) == (False, True)
    assert [
        (i.is_pending, i.is_accepted, i.is_revoked)
        for i in (Invitation(status=s) for s in InvitationStatus)
    ] == [(True, False, False), (False, True, False), (False, False, True)]
    assert [
        (r.is_pending, r.is_approved) for r in (JoinRequest(status=s) for s in JoinRequestStatus)
    ] == [(True, False), (False, True), (False, False)]
