"""What the networks' services share: the status moves, the default ground rules, the row
lock, the facilitator rule and queueing emails."""

from django.utils.translation import gettext as _

from core import outbox
from core.errors import ApplicationError
from networks import rules
from networks.enums import NetworkStatus
from networks.models import Network, NetworkEmail

STATUS_TRANSITIONS = {
    NetworkStatus.DRAFT: {NetworkStatus.OPEN},
    NetworkStatus.OPEN: {NetworkStatus.RUNNING, NetworkStatus.CLOSED},
    NetworkStatus.RUNNING: {NetworkStatus.OPEN, NetworkStatus.CLOSED},
    NetworkStatus.CLOSED: set(),
}


def default_ground_rules() -> str:
    """The pre-filled ground rules for a safe group, in the active language."""
    return _(
        "What is said in the network stays in the network.\n"
        "We listen to each other and let each other finish.\n"
        "Everyone's experience counts; there are no stupid questions.\n"
        "We share practice cases anonymously unless the person agrees.\n"
        "We come prepared, and let the facilitator know when we cannot come."
    )


def _lock_network(network_id: int) -> Network:
    return Network.objects.select_for_update().get(pk=network_id)


def _require_facilitator(acting_user, network: Network) -> None:
    """The rule behind every facilitator action here, also when a service is called directly."""
    if not rules.is_facilitator(acting_user, network):
        raise ApplicationError(_("Only the facilitators of this network can do this."))


def _queue_emails(rows: list[NetworkEmail]) -> list[NetworkEmail]:
    """Write the rows (call inside the transaction of the change) and send them after commit."""
    rows = NetworkEmail.objects.bulk_create(rows)
    outbox.enqueue_many(NetworkEmail, [row.pk for row in rows])
    return rows
