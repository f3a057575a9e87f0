from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningSessionsConfig(AppConfig):
    # The label must differ from django.contrib.sessions' "sessions": management commands take
    # it (`makemigrations learning_sessions`).
    name = "sessions"
    label = "learning_sessions"
    verbose_name = _("Sessions")

    def ready(self):
        from core.erasure import register_eraser
        from core.health import register_health_provider
        from core.homes import register_card_provider
        from core.network_page import register_section_provider
        from core.todo import register_task_provider
        from sessions import homes
        from sessions.health import session_health
        from sessions.services import session_data_erase_user
        from sessions.todo import session_tasks

        register_card_provider(homes.next_session_cards)
        register_section_provider(homes.announcement_section)
        register_health_provider(session_health)
        register_task_provider(session_tasks)
        register_eraser(session_data_erase_user)
