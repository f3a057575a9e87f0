"""Who may see and do what in a network: the one place that decides.

Every view asks ``has_perm(user, "<permission>", network)``. A network fetched through
``networks.selectors`` carries the viewer's role as an annotation, so these predicates cost no
query; otherwise the role comes from the user's memberships, read once per page
(``selectors.viewer_memberships``), and is cached on the instance.
"""

from collections.abc import Callable

from accounts.rules import (
    has_second_factor,
    session_passed_second_factor,
    token_passed_second_factor,
)
from accounts.rules import is_coordinator as coordinates
from networks.enums import MembershipStatus, Role, Scope
from networks.models import Membership, Network
from networks.selectors import has_pending_invitation, viewer_memberships

_UNSET = object()


def viewer_role(user, network: Network) -> str | None:
    """The user's active role in ``network`` (facilitator, member) or None."""
    if not user.is_authenticated:
        return None
    role = getattr(network, "viewer_role", _UNSET)
    if role is not _UNSET:
        return role
    cache = network.__dict__.setdefault("_viewer_roles", {})
    if user.pk not in cache:
        membership = viewer_memberships(user=user).get(network.pk)
        active = membership is not None and membership.status == MembershipStatus.ACTIVE
        cache[user.pk] = membership.role if active else None
    return cache[user.pk]


def is_facilitator(user, network: Network) -> bool:
    return viewer_role(user, network) == Role.FACILITATOR


def is_coordinator(user, network: Network) -> bool:
    """A coordinator of the organisation the network runs under. They may appoint its
    facilitators; they see it in their overview, never its members-only content."""
    return network.organisation_id is not None and coordinates(user, network.organisation)


def may_appoint_facilitators(user, network: Network) -> bool:
    """Facilitators and the coordinators of its organisation: appoint facilitators, choose
    whether the network is listed in the public directory."""
    return is_facilitator(user, network) or is_coordinator(user, network)


def is_member(user, network: Network) -> bool:
    """Active members and facilitators: the people who may see members-only content."""
    return viewer_role(user, network) is not None


def is_plain_member(user, network: Network) -> bool:
    """An active member who is not a facilitator: the people the facilitators write to."""
    return viewer_role(user, network) == Role.MEMBER


def is_waitlisted(user, network: Network) -> bool:
    """On the network's waitlist (not a member yet). Looked up once per user and network."""
    if not user.is_authenticated or viewer_role(user, network) is not None:
        return False
    cache = network.__dict__.setdefault("_waitlisted", {})
    if user.pk not in cache:
        membership = viewer_memberships(user=user).get(network.pk)
        cache[user.pk] = membership is not None and membership.status == MembershipStatus.WAITLISTED
    return cache[user.pk]


def of_its_organisation(user, network: Network) -> bool:
    """``user`` belongs to the organisation the network runs under (their profile's)."""
    return (
        user.is_authenticated
        and network.organisation_id is not None
        and user.organisation_id == network.organisation_id
    )


def may_discover(user, network: Network) -> bool:
    """Whether someone who is not (yet) one of its people may know that the network exists: see
    its card, ask to join. A listed external network: anyone signed in. An internal one: the
    people of its organisation and its coordinators, and whoever is invited to it. An unlisted
    one: whoever opened its share link (``network.viewer_has_link``, set by the door from the
    session, networks/share_links.py), is invited to it, or coordinates its organisation.
    Everyone else gets the 404 of a network that does not exist. The cheap answers first: a
    query only for a network that is not listed."""
    if not user.is_authenticated:
        return False
    if network.scope == Scope.INTERNAL:
        if of_its_organisation(user, network):
            return True
    elif network.listed or getattr(network, "viewer_has_link", False):
        return True
    return is_coordinator(user, network) or has_pending_invitation(user=user, network=network)


def can_view_card(user, network: Network) -> bool:
    """The card (name, theme, goal, scope, seats left) of an open network, for whoever may
    discover it (``may_discover``); someone on the waitlist keeps seeing it (and can leave the
    waitlist there) once the network runs."""
    return (
        is_member(user, network)
        or is_waitlisted(user, network)
        or (network.is_open and may_discover(user, network))
    )


def can_request_to_join(user, network: Network) -> bool:
    return (
        user.is_authenticated
        and network.is_open
        and viewer_role(user, network) is None
        and may_discover(user, network)
    )


def can_open_join_step(user, network: Network) -> bool:
    """The join step answers whoever may ask to join, and a member (who followed an "ask to
    join" link from the public directory, say): they are sent on to the network itself."""
    return can_request_to_join(user, network) or is_member(user, network)


def can_leave(user, network: Network) -> bool:
    """A member leaves the network; someone on the waitlist leaves the waitlist."""
    return viewer_role(user, network) == Role.MEMBER or is_waitlisted(user, network)


def can_remove_member(user, network: Network, membership: Membership) -> bool:
    """A facilitator may take anyone else off ``network``; nobody removes themselves (they
    leave instead)."""
    return membership.user_id != user.pk and is_facilitator(user, network)


def can_close(user, network: Network) -> bool:
    """Closing ends the trajectory: nobody joins or is invited, no sessions are planned."""
    return is_facilitator(user, network) and not network.is_closed and not network.is_draft


def can_reopen(user, network: Network) -> bool:
    """A closed network can be reopened by its facilitators (it runs again)."""
    return is_facilitator(user, network) and network.is_closed


# What a network's door still asks of a session before its pages open (second_factor_step).
SET_UP_SECOND_FACTOR = "set_up"
GIVE_SECOND_FACTOR = "give_code"


def requires_second_factor(user, network: Network) -> bool:
    """A facilitator of a network that requires two-factor sign-in of its facilitators. Members
    are never asked. No query."""
    return network.require_facilitator_mfa and is_facilitator(user, network)


def second_factor_given(user, network: Network, session) -> bool:
    """Nothing stands between this signed-in ``session`` and ``network`` for the second factor:
    it is not required of ``user`` there, or this session gave it. No query."""
    return not requires_second_factor(user, network) or session_passed_second_factor(session, user)


def _step(user, given: bool) -> str | None:
    if given:
        return None
    return GIVE_SECOND_FACTOR if has_second_factor(user) else SET_UP_SECOND_FACTOR


def second_factor_step(user, network: Network, session) -> str | None:
    """What ``network`` asks of this signed-in ``session`` first, per session and not per
    account: None when nothing (not required of ``user``, or this session gave the second
    factor), ``GIVE_SECOND_FACTOR`` when the account has an authenticator that this session did
    not use (a password-only sign-in, or one from before the authenticator was added), and
    ``SET_UP_SECOND_FACTOR`` when the account has none. Costs a query only in the last two cases."""
    return _step(user, second_factor_given(user, network, session))


def token_second_factor_step(user, network: Network, token) -> str | None:
    """``second_factor_step`` for an API token of ``user`` (the API's door): the session that
    counts is the browser session that granted the token (``token_passed_second_factor``), so a
    token reaches such a network exactly when a page opened in that session would have."""
    return _step(
        user,
        not requires_second_factor(user, network) or token_passed_second_factor(token, user),
    )


PERMISSIONS: dict[str, Callable[[object, Network], bool]] = {
    "networks.view_card": can_view_card,
    "networks.view_network": is_member,
    "networks.manage_network": is_facilitator,
    "networks.request_to_join": can_request_to_join,
    "networks.open_join_step": can_open_join_step,
    "networks.leave_network": can_leave,
    "networks.choose_announcement_emails": is_plain_member,
}


def has_perm(user, permission: str, network: Network) -> bool:
    return PERMISSIONS[permission](user, network)
