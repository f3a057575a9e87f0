from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningSessionsConfig(AppConfig):
    # The label must differ from django.contrib.sessions' "sessions": management commands take
    # it (`makemigrations learning_sessions`).
    name = "sessions"
    label = "learning_sessions"
    verbose_name = _("Sessions")

    def ready(self):
        from core.todo import register_task_provider
        from sessions.todo import session_tasks

        register_task_provider(session_tasks)
