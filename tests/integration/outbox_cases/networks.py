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
