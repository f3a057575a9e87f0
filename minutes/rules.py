"""Who may write, read and deliver minutes."""

from collections.abc import Callable

from networks import rules as network_rules
from sessions.enums import AgendaRole
from sessions.models import AgendaRoleAssignment, LearningSession


def is_note_taker(user, session: LearningSession) -> bool:
    """A member named note-taker of the session (its roles page) or of one of its agenda items."""
    if not network_rules.is_member(user, session.network):
        return False
    cache = session.__dict__.setdefault("_note_takers", {})
    if user.pk not in cache:
        cache[user.pk] = AgendaRoleAssignment.objects.filter(
            session=session, role=AgendaRole.NOTE_TAKER, user=user
        ).exists()
    return cache[user.pk]


def can_edit_minutes(user, session: LearningSession) -> bool:
    return network_rules.is_facilitator(user, session.network) or is_note_taker(user, session)


def can_publish_minutes(user, session: LearningSession) -> bool:
    """Publishing emails the minutes to the absent members: a facilitator's act, unless the
    network lets its note-takers publish (``Network.note_takers_may_publish``)."""
    if network_rules.is_facilitator(user, session.network):
        return True
    return session.network.note_takers_may_publish and is_note_taker(user, session)


def can_read_minutes(user, session: LearningSession) -> bool:
    return network_rules.is_member(user, session.network)


def can_manage_delivery(user, session: LearningSession) -> bool:
    return network_rules.is_facilitator(user, session.network)


PERMISSIONS: dict[str, Callable[[object, LearningSession], bool]] = {
    "reports.edit_minutes": can_edit_minutes,
    "reports.publish_minutes": can_publish_minutes,
    "reports.read_minutes": can_read_minutes,
    "reports.manage_delivery": can_manage_delivery,
}


def has_perm(user, permission: str, obj: LearningSession) -> bool:
    return PERMISSIONS[permission](user, obj)
