from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from core import erasure, health, todo
        from core.audit_actions import register_actions
        from evaluations import (  # noqa: F401 - connects the receivers, registers the checks
            checks,
            receivers,
        )
        from evaluations.audit import AuditAction
        from evaluations.health import evaluation_health
        from evaluations.services import evaluation_data_erase_user
        from evaluations.todo import evaluation_todos

        register_actions("evaluations", AuditAction, order=40)
        health.providers.register("evaluations", evaluation_health, order=30)
        todo.providers.register("evaluations", evaluation_todos, order=30)
        erasure.erasers.register("evaluations", evaluation_data_erase_user, order=50)
