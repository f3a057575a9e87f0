"""The network's outbox table: one invitation makes one row (to the invited address)."""

from networks import services
from networks.enums import Role
from networks.models import NetworkEmail
from tests.factories import NetworkFactory, UserFactory
from tests.integration.outbox_cases import case


@case("networks.NetworkEmail")
def invitation_email():
    facilitator = UserFactory(full_name="Fien Facilitator")
    network = NetworkFactory(created_by=facilitator, name="Valpreventie")
    invitation = services.invitation_create(
        network=network, email="genodigde@example.org", role=Role.MEMBER, acting_user=facilitator
    )
    return NetworkEmail.objects.get(invitation=invitation), "genodigde@example.org"


@case("accounts.DigestEmail")
def weekly_digest_email():
    """The digest is rendered by networks (it reads every app's tasks) and stored in accounts: a
    facilitator with a pending join request gets one row."""
    from accounts.models import DigestEmail
    from networks.digest import digest_send_weekly
    from tests.factories import JoinRequestFactory

    facilitator = UserFactory(full_name="Fien Facilitator", email="fien@example.org")
    network = NetworkFactory(created_by=facilitator, name="Valpreventie")
    JoinRequestFactory(network=network)
    assert digest_send_weekly() == 1
    return DigestEmail.objects.get(user=facilitator), facilitator.email
