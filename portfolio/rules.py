"""Who may do what with the portfolio's shared things: the insight library's cards."""

from collections.abc import Callable

from networks import rules as network_rules
from portfolio.models import InsightCard


def can_share_card(user, card: InsightCard) -> bool:
    """Sharing a card with the networks of its theme is its network's facilitators' act."""
    return network_rules.is_facilitator(user, card.network)


PERMISSIONS: dict[str, Callable[[object, InsightCard], bool]] = {
    "portfolio.share_card": can_share_card,
}


def has_perm(user, permission: str, obj: InsightCard) -> bool:
    return PERMISSIONS[permission](user, obj)
