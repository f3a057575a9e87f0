"""Who may see and do what with sessions. Built on the network predicates: a session belongs to
its network's members, and its facilitators manage it."""

from collections.abc import Callable

from networks import rules as network_rules
from networks.enums import Role
from sessions.models import LearningSession, WorkForm


def can_view_session(user, session: LearningSession) -> bool:
    return network_rules.is_member(user, session.network)


def can_manage_session(user, session: LearningSession) -> bool:
    return network_rules.is_facilitator(user, session.network)


def can_rsvp(user, session: LearningSession) -> bool:
    """Members answer whether they come; facilitators run the session."""
    return network_rules.viewer_role(user, session.network) == Role.MEMBER


def can_view_work_form(user, work_form: WorkForm) -> bool:
    """The catalogue's work forms: everyone signed in; a network's own: its people."""
    return work_form.network_id is None or network_rules.is_member(user, work_form.network)


PERMISSIONS: dict[str, Callable[[object, LearningSession | WorkForm], bool]] = {
    "sessions.view_session": can_view_session,
    "sessions.manage_session": can_manage_session,
    "sessions.rsvp": can_rsvp,
    "sessions.view_work_form": can_view_work_form,
}


def has_perm(user, permission: str, obj: LearningSession | WorkForm) -> bool:
    return PERMISSIONS[permission](user, obj)
