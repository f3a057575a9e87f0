"""Sections on a network's own page (members and facilitators only), contributed by higher apps.

The network page lives in ``networks``, which may not import the apps above it. Like the home
cards (core.homes), an app registers a provider in its ``AppConfig.ready()``:

    fn(*, user, network) -> list[Card]

Unlike the home cards these show on the network's page only (not on the dashboard, where every
network of the user would pay for them). A provider runs a fixed number of queries, however much
its section holds. The page renders each with ``{% render_card %}``.
"""

from collections.abc import Callable

from core.homes import Card

SectionProvider = Callable[..., list[Card]]

_providers: list[SectionProvider] = []


def register_section_provider(fn: SectionProvider) -> SectionProvider:
    if fn not in _providers:
        _providers.append(fn)
    return fn


def sections_for(*, user, network) -> list[Card]:
    """The sections of ``network``'s page for ``user`` (a member or facilitator), in position
    order."""
    sections: list[Card] = []
    for provider in _providers:
        sections.extend(provider(user=user, network=network))
    return sorted(sections, key=lambda card: card.position)
