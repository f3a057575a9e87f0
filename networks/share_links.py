"""The share link of an unlisted network (issue 22.4).

An unlisted external network is not in the public directory and its id tells nobody anything:
its card and its join step answer a 404 to whoever is not one of its people, invited to it or a
coordinator of its organisation. A facilitator may pass on its share link instead
(``/networks/link/<token>/``, the token ``Network.share_token``, 256 random bits). Opening it
signed in records in the session that this person holds the link; the door
(``pages.networks.mixins.NetworkPermissionMixin``) tells the permission layer so
(``network.viewer_has_link``, asked by ``rules.may_discover``) as long as the token is the
network's current one: a facilitator who makes a new link ends every old one, also for the
sessions that opened it. Internal networks open to the people of their organisation, never to a
link.
"""

import secrets

from networks import links
from networks.models import Network

SESSION_KEY = "networks.share_links"


def share_link_url(network: Network) -> str:
    """The absolute link a facilitator copies."""
    return links.absolute(links.share_link_path(network.share_token))


def remember(request, network: Network) -> None:
    """Record in ``request``'s session that it opened ``network``'s current share link."""
    links = dict(request.session.get(SESSION_KEY) or {})
    links[str(network.pk)] = network.share_token
    request.session[SESSION_KEY] = links


def holds_link(request, network: Network) -> bool:
    """Whether ``request``'s session opened ``network``'s current share link."""
    token = (request.session.get(SESSION_KEY) or {}).get(str(network.pk))
    return isinstance(token, str) and secrets.compare_digest(token, network.share_token)
