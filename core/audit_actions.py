"""Which audit actions exist: each app declares its own, core stores them as plain strings.

An app lists its actions in ``<app>/audit.py`` as a subclass of ``AuditActionSet``: plain string
constants (the stored codes) and ``labels``, their translated names for the audit log page::

    class AuditAction(AuditActionSet):
        MEMBER_REMOVED = "member_removed"

        labels = {MEMBER_REMOVED: _("Member removed")}

and registers it from its ``AppConfig.ready()`` (``register_actions``). ``AuditEvent.action`` has
no ``choices`` (as Zulip's ``RealmAuditLog.event_type``), so a new action migrates nothing in
``core``. A code taken twice, in one app or in two, stops the start-up (``AlreadyRegistered``);
the system check ``core.checks.check_audit_actions`` refuses a code too long for the column, one
that is not lower-case words joined by ``_``, and one without a label (or a label without code).
"""

import re
from dataclasses import dataclass
from typing import ClassVar

from core.registry import Registry

# The length of ``AuditEvent.action``: a longer code could not be stored.
ACTION_MAX_LENGTH = 40
CODE_FORMAT = re.compile(r"^[a-z]+(_[a-z]+)*$")


class AuditActionSet:
    """The base of an app's audit actions (see the module docstring)."""

    labels: ClassVar[dict] = {}

    @classmethod
    def codes(cls) -> dict[str, str]:
        """Constant name → stored code, in the order of declaration."""
        return {
            name: value
            for name, value in vars(cls).items()
            if name.isupper() and isinstance(value, str)
        }


@dataclass(frozen=True)
class Action:
    code: str
    label: object  # a lazy translation: rendered in the reader's language
    app: str


actions: Registry[Action] = Registry("audit actions")
# App label → its AuditActionSet, for the system check.
declared: Registry[type[AuditActionSet]] = Registry("audit action sets")


def register_actions(app: str, action_set: type[AuditActionSet], *, order: int) -> None:
    """Register every action of ``app`` (called from its ``AppConfig.ready()``); the order sorts
    the apps on the audit log's filter (each app's actions in the order it declares them)."""
    codes = list(action_set.codes().values())
    for index, code in enumerate(codes):  # all or nothing: refuse before registering any
        if code in actions or code in codes[:index]:
            first = actions.get(code).app if code in actions else app
            raise actions.duplicate(code, f"declared by {first} and again by {app}")
    declared.register(app, action_set, order=order)
    for code in codes:
        actions.register(code, Action(code, action_set.labels.get(code, code), app), order=order)


def unregister_actions(app: str) -> None:
    """Forget ``app``'s actions (for a test that declares actions of its own)."""
    action_set = declared.unregister(app)
    for code in action_set.codes().values():
        actions.unregister(code)


def action_label(code: str):
    """The translated name of ``code`` (the code itself for one no app declares any more)."""
    return actions.get(code).label if code in actions else code


def action_choices() -> list[tuple[str, object]]:
    return [(action.code, action.label) for action in actions]
