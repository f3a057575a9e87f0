from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from core.erasure import register_eraser
        from core.health import register_health_provider
        from core.todo import register_task_provider
        from evaluations import (  # noqa: F401 - connects the receivers, registers the checks
            checks,
            receivers,
        )
        from evaluations.health import evaluation_health
        from evaluations.selectors import adopted_goals_by_session
        from evaluations.services import evaluation_data_erase_user
        from evaluations.todo import evaluation_tasks
        from sessions.linked_goals import register_goals_lookup

        register_health_provider(evaluation_health)
        register_task_provider(evaluation_tasks)
        register_eraser(evaluation_data_erase_user)
        register_goals_lookup(adopted_goals_by_session)
