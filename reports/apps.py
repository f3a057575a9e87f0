from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from core.todo import register_task_provider
        from reports import selectors
        from reports.todo import minutes_tasks
        from sessions.published import register_published_minutes

        register_published_minutes(selectors.session_ids_with_minutes)
        register_task_provider(minutes_tasks)
