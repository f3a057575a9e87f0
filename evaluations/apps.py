from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        # Each import needs the app registry loaded (models, or the registries filled here).
        from core import erasure, health, todo  # noqa: PLC0415 (app registry)
        from core.audit_actions import register_actions  # noqa: PLC0415 (app registry)
        from evaluations import checks, receivers  # noqa: F401, PLC0415 (app registry: connects the receivers, registers the checks)
        from evaluations.audit import AuditAction  # noqa: PLC0415 (app registry)
        from evaluations.health import evaluation_health  # noqa: PLC0415 (app registry)
        from evaluations.services import evaluation_data_erase_user  # noqa: PLC0415 (app registry)
        from evaluations.todo import evaluation_todos  # noqa: PLC0415 (app registry)

        register_actions("evaluations", AuditAction, order=40)
        health.providers.register("evaluations", evaluation_health, order=30)
        todo.providers.register("evaluations", evaluation_todos, order=30)
        erasure.erasers.register("evaluations", evaluation_data_erase_user, order=50)
