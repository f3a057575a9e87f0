"""``{% render_card card %}``: renders a home card (pages/cards.py: a template and its context)
on top of the page's, as ``{% include %}`` would (so ``request`` and the CSRF token reach its
forms)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_card(context, card):
    card_template = context.template.engine.get_template(card.template)
    with context.push(**card.context):
        return card_template.render(context)
