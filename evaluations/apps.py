from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from core.todo import register_task_provider
        from evaluations import (  # noqa: F401 - connects the receivers, registers the checks
            checks,
            receivers,
        )
        from evaluations.todo import evaluation_tasks

        register_task_provider(evaluation_tasks)
