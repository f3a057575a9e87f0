"""A card on a home (the dashboard, a network's own page): the template of the app whose data it
shows, with the context that app's selector computed. The page names its cards and their order
itself; ``{% render_card %}`` (pages/templatetags/homes.py) renders one."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Card:
    template: str
    context: dict = field(default_factory=dict)


def cards(*shown: tuple[str, dict | None]) -> list[Card]:
    """The cards of ``(template, context)`` pairs in this order, leaving out those without a
    context (nothing to show)."""
    return [Card(template, context) for template, context in shown if context is not None]
