"""Fair roles: who takes chair, note-taker, timekeeper and case owner in a session, and what
each role does (the reminders and the session page tell a member).

``suggest_roles`` is pure: the selector gives it the candidates and their history, so the rule
is tested without a database. The rule: per role, the member who took that role least often in
the network's other sessions; ties go to the fewest roles in total, then the longest since their
last role (never first), then the name and the id. Nobody gets two roles in one session while
there are enough members for every role.
"""

import dataclasses
import datetime

from django.utils.translation import gettext_lazy as _

from sessions.enums import AgendaRole

ROLE_ORDER = [AgendaRole.CHAIR, AgendaRole.NOTE_TAKER, AgendaRole.TIMEKEEPER, AgendaRole.CASE_OWNER]

ROLE_DESCRIPTIONS = {
    AgendaRole.CHAIR: _(
        "You lead the conversation: you open, give everyone a turn, keep to the agenda and close "
        "with what was agreed."
    ),
    AgendaRole.NOTE_TAKER: _(
        "You note the main points, the agreements and the try-out actions, and write the "
        "minutes in Leernet."
    ),
    AgendaRole.TIMEKEEPER: _(
        "You watch the time of each agenda item and say so when the time is nearly up."
    ),
    AgendaRole.CASE_OWNER: _(
        "You bring a case or question from your practice: describe it briefly and say what you "
        "want to learn from the group."
    ),
}

# How the work forms' texts (Dutch and English) name each role.
ROLE_WORDS = {
    AgendaRole.CHAIR: ("voorzitter", "chair", "moderator"),
    AgendaRole.NOTE_TAKER: ("notulist", "note-taker", "note taker"),
    AgendaRole.TIMEKEEPER: ("tijdsbewaker", "timekeeper"),
    AgendaRole.CASE_OWNER: ("inbrenger", "case owner"),
}

NEVER = datetime.datetime.min.replace(tzinfo=datetime.UTC)


@dataclasses.dataclass
class History:
    """A member's roles in the network's other sessions."""

    per_role: dict[str, int] = dataclasses.field(default_factory=dict)
    total: int = 0
    last: datetime.datetime = NEVER


def suggest_roles(candidates: list, history: dict[int, History]) -> dict[str, object | None]:
    """role → the suggested member (None when there is nobody), for ``candidates`` (users with
    ``pk`` and ``full_name``; the members who may come) given each one's ``history``."""
    chosen: dict[str, object | None] = {}
    in_this_session: dict[int, int] = {}
    for role in ROLE_ORDER:
        if not candidates:
            chosen[role] = None
            continue

        def key(user, role=role):
            past = history.get(user.pk) or History()
            return (
                in_this_session.get(user.pk, 0),
                past.per_role.get(role, 0),
                past.total + in_this_session.get(user.pk, 0),
                past.last,
                user.full_name.lower(),
                user.pk,
            )

        best = min(candidates, key=key)
        chosen[role] = best
        in_this_session[best.pk] = in_this_session.get(best.pk, 0) + 1
    return chosen


def role_guidance(role: str, agenda: list) -> list[dict]:
    """For a member with ``role``: per agenda item whose work form names the role (in the active
    language), the work form and the steps that mention the role (all its steps when none
    does)."""
    words = ROLE_WORDS[role]
    found = []
    for item in agenda:
        work_form = item.work_form
        if work_form is None or not any(word in work_form.roles.lower() for word in words):
            continue
        steps = [line.strip() for line in work_form.steps.splitlines() if line.strip()]
        mine = [line for line in steps if any(word in line.lower() for word in words)]
        found.append({"item": item, "work_form": work_form, "steps": mine or steps})
    return found


def describe_roles(assignments: list, agenda: list) -> list[dict]:
    """What the reminder and the session page show a member about their ``assignments`` (role
    rows of one session): the role, the agenda item if it is for one item, what the role does
    and the work forms' steps for it."""
    described = []
    for assignment in sorted(assignments, key=lambda a: (ROLE_ORDER.index(a.role), a.pk or 0)):
        items = agenda if assignment.item_id is None else [assignment.item]
        described.append(
            {
                "role": assignment.role,
                "label": AgendaRole(assignment.role).label,
                "item": assignment.item if assignment.item_id else None,
                "description": ROLE_DESCRIPTIONS[assignment.role],
                "guidance": role_guidance(assignment.role, items),
                "is_note_taker": assignment.role == AgendaRole.NOTE_TAKER,
            }
        )
    return described
