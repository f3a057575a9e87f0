"""Cards on the homes (the dashboard and a network's own page), contributed by higher apps.

The dashboard lives in ``networks`` (its URL is ``networks:dashboard``), but its cards show
sessions, evaluations and minutes, which ``networks`` may not import. So, as for tasks, each app
registers a provider in its ``AppConfig.ready()``:

    fn(*, user, networks) -> dict[network_id, list[Card]]

computing the cards of all the given networks at once (a fixed number of queries, however many
networks). A card names its own template (in the providing app) and the context it needs; the
home includes it. ``position`` orders the cards of one network (the next session first).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Card:
    template: str
    context: dict = field(default_factory=dict)
    position: int = 50


CardProvider = Callable[..., dict]

_providers: list[CardProvider] = []


def register_card_provider(fn: CardProvider) -> CardProvider:
    if fn not in _providers:
        _providers.append(fn)
    return fn


def cards_for(*, user, networks: Iterable) -> dict[int, list[Card]]:
    """The cards of each network (by id), in position order; networks without cards are absent."""
    networks = list(networks)
    if not networks:
        return {}
    cards: dict[int, list[Card]] = defaultdict(list)
    for provider in _providers:
        for network_id, network_cards in provider(user=user, networks=networks).items():
            cards[network_id].extend(network_cards)
    return {key: sorted(value, key=lambda card: card.position) for key, value in cards.items()}
