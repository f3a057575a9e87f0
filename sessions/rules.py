"""Who may see and do what with sessions. Built on the network predicates: a session belongs to
its network's members, and its facilitators manage it."""

from collections.abc import Callable

from networks import rules as network_rules
from networks.enums import Role
from sessions.models import LearningSession


def can_view_session(user, session: LearningSession) -> bool:
    return network_rules.is_member(user, session.network)


def can_manage_session(user, session: LearningSession) -> bool:
    return network_rules.is_facilitator(user, session.network)


def can_rsvp(user, session: LearningSession) -> bool:
    """Members answer whether they come; facilitators run the session."""
    return network_rules.viewer_role(user, session.network) == Role.MEMBER


PERMISSIONS: dict[str, Callable[[object, LearningSession], bool]] = {
    "sessions.view_session": can_view_session,
    "sessions.manage_session": can_manage_session,
    "sessions.rsvp": can_rsvp,
}


def has_perm(user, permission: str, session: LearningSession) -> bool:
    return PERMISSIONS[permission](user, session)
