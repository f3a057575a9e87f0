"""The portfolio's section on a network's own page (pages/networks/views.py renders it with
``reports/cards/portfolio.html``): for a member the link to their learning portfolio and, once
the network has ended, to their participation statement; for a facilitator of an ended network
the statements to check. No queries of its own beyond the viewer's role, which the page has
already looked up."""

from networks import rules as network_rules
from portfolio.selectors import network_has_ended


def portfolio_section(*, user, network) -> dict | None:
    """The section's context, or None for someone who is neither member nor facilitator."""
    is_member = network_rules.is_plain_member(user, network)
    is_facilitator = not is_member and network_rules.is_facilitator(user, network)
    if not (is_member or is_facilitator):
        return None
    return {
        "portfolio_member": is_member,
        "portfolio_facilitator": is_facilitator,
        "network_ended": network_has_ended(network),
    }
