"""What every write of sessions checks first."""

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from networks import rules as network_rules
from networks.models import Network


def _require_facilitator(acting_user, network: Network) -> None:
    """The rule behind every facilitator action here, also when a service is called directly
    (a view's permission check is not the only door: seed_demo, tasks, the shell)."""
    if not network_rules.is_facilitator(acting_user, network):
        raise ApplicationError(_("Only the facilitators of this network can do this."))
