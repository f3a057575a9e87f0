"""``{% facilitates_a_network as flag %}``: whether the signed-in user facilitates any network,
so the top bar offers "New network" only to them (issue 24.8). Members find it at the bottom of
their home, newcomers under "Get started". The answer reuses what the page read: the home's
``facilitating``, else the page's one read of the user's memberships
(``networks.selectors.viewer_memberships``, shared with the permission checks), so no page
of bench/budgets.py runs a query more."""

from django import template

from networks.selectors import viewer_memberships

register = template.Library()


@register.simple_tag(takes_context=True)
def facilitates_a_network(context) -> bool:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return False
    facilitating = context.get("facilitating")  # the home (networks:dashboard) read them already
    if facilitating is not None:
        return bool(facilitating)
    return any(
        membership.is_active and membership.is_facilitator
        for membership in viewer_memberships(user=user).values()
    )
