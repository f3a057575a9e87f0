"""The rule behind every facilitator action of the evaluations services."""

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from networks import rules as network_rules
from networks.models import Network


def require_facilitator(acting_user, network: Network) -> None:
    """The rule behind every facilitator action here, also when a service is called directly."""
    if not network_rules.is_facilitator(acting_user, network):
        raise ApplicationError(_("Only the facilitators of this network can do this."))
