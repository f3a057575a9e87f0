from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    """Minutes, their versions and delivery, the catch-up pack and the try-out actions."""

    name = "minutes"
    verbose_name = _("Minutes")

    def ready(self):
        from core import erasure, health, todo  # noqa: PLC0415 (app registry)
        from core.audit_actions import register_actions  # noqa: PLC0415 (app registry)
        from minutes.audit import AuditAction  # noqa: PLC0415 (app registry)
        from minutes.health import report_health  # noqa: PLC0415 (app registry)
        from minutes.services import minutes_erase_user  # noqa: PLC0415 (app registry)
        from minutes.todo import action_todos, minutes_todos  # noqa: PLC0415 (app registry)

        import_module("minutes.receivers")  # on import, its receivers connect
        register_actions("minutes", AuditAction, order=50)
        health.providers.register("minutes", report_health, order=40)
        todo.providers.register("minutes", minutes_todos, order=40)
        todo.providers.register("minutes.actions", action_todos, order=50)
        erasure.erasers.register("minutes", minutes_erase_user, order=30)
