from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningSessionsConfig(AppConfig):
    # The label must differ from django.contrib.sessions' "sessions": management commands take
    # it (`makemigrations learning_sessions`).
    name = "sessions"
    label = "learning_sessions"
    verbose_name = _("Sessions")

    def ready(self):
        from core import erasure, health, todo  # noqa: PLC0415 (app registry)
        from core.audit_actions import register_actions  # noqa: PLC0415 (app registry)
        from sessions.audit import AuditAction  # noqa: PLC0415 (app registry)
        from sessions.health import session_health  # noqa: PLC0415 (app registry)
        from sessions.services import session_data_erase_user  # noqa: PLC0415 (app registry)
        from sessions.todo import session_todos  # noqa: PLC0415 (app registry)

        register_actions("sessions", AuditAction, order=30)
        health.providers.register("sessions", session_health, order=20)
        todo.providers.register("sessions", session_todos, order=20)
        erasure.erasers.register("sessions", session_data_erase_user, order=70)
