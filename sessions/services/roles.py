"""Who takes which role in a session (the fair suggestion, as the facilitator accepted it)."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from sessions.audit import AuditAction
from sessions.enums import AgendaRole
from sessions.models import LearningSession
from sessions.selectors import session_roles
from sessions.services.agenda import _assign_roles
from sessions.services.common import _require_facilitator


def session_roles_set(*, session: LearningSession, roles: dict, acting_user) -> list[str]:
    """Who takes chair, note-taker, timekeeper and case owner in ``session`` (``roles``: role →
    a member or None), usually the fair suggestion (``selectors.session_roles``) as the
    facilitator accepted or changed it. Refused for a cancelled session or a role holder who is
    not a member; nothing is written then. Audited when something changed. Returns the roles
    that changed."""
    _require_facilitator(acting_user, session.network)
    if session.is_cancelled:
        raise ApplicationError(_("This session was cancelled."))
    unknown = set(roles) - set(AgendaRole.values)
    if unknown:
        raise ApplicationError(_("Choose one of the roles of a session."))
    with transaction.atomic():
        locked = LearningSession.objects.select_for_update().get(pk=session.pk)
        changed = _assign_roles(locked, None, roles)
        if changed:
            audit_record(
                actor=acting_user,
                action=AuditAction.SESSION_ROLES_SET,
                network=session.network_id,
                detail=f"session {session.number}: "
                + ", ".join(f"{role}={getattr(roles.get(role), 'pk', '-')}" for role in changed),
            )
    return changed


def session_roles_apply_suggestion(*, session: LearningSession, acting_user) -> list[str]:
    """Assign the fair suggestion as it is (seed_demo; the page's one click posts the same)."""
    suggestion = session_roles(session=session)["suggestion"]
    return session_roles_set(session=session, roles=suggestion, acting_user=acting_user)
