"""System checks for the ground floor: every declared audit action can be stored and shown.

A code taken twice (in one app or two) already stops the start-up when it is registered
(core/audit_actions.py); this check refuses what would only fail later: a code longer than
``AuditEvent.action``, one that is not lower-case words joined by ``_``, and an action without a
label (or a label for no action). Registered by ``CoreConfig.ready()``."""

from django.core import checks

from core.audit_actions import ACTION_MAX_LENGTH, CODE_FORMAT, declared


def check_audit_actions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for app, action_set in declared.items():
        codes = action_set.codes()
        where = f"{action_set.__module__}.{action_set.__qualname__}"
        for name, code in codes.items():
            if len(code) > ACTION_MAX_LENGTH:
                errors.append(
                    checks.Error(
                        f"The audit action {name} = {code!r} of {app} is {len(code)} characters; "
                        f"AuditEvent.action holds {ACTION_MAX_LENGTH}.",
                        obj=where,
                        id="core.E001",
                    )
                )
            if not CODE_FORMAT.match(code):
                errors.append(
                    checks.Error(
                        f"The audit action {name} = {code!r} of {app} is not lower-case words "
                        "joined by '_'.",
                        obj=where,
                        id="core.E002",
                    )
                )
            if code not in action_set.labels:
                errors.append(
                    checks.Error(
                        f"The audit action {name} = {code!r} of {app} has no label.",
                        hint=f"Add it to {where}.labels.",
                        obj=where,
                        id="core.E003",
                    )
                )
        for code in set(action_set.labels) - set(codes.values()):
            errors.append(
                checks.Error(
                    f"{where}.labels names {code!r}, which {app} does not declare.",
                    obj=where,
                    id="core.E004",
                )
            )
    return errors
