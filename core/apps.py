from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor every app may use: errors, mail, the outbox, task helpers, audit,
    crypto, dates. It imports no other Leernet app."""

    name = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import checks  # noqa: F401 - registers the system checks
        from core.audit import AuditAction
        from core.audit_actions import register_actions

        register_actions("core", AuditAction, order=0)
