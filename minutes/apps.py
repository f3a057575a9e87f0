from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    """Minutes, their versions and delivery, the catch-up pack and the try-out actions."""

    name = "minutes"
    verbose_name = _("Minutes")

    def ready(self):
        from core.erasure import register_eraser
        from core.health import register_health_provider
        from core.homes import register_card_provider
        from core.todo import register_task_provider
        from minutes import homes, receivers, selectors  # noqa: F401 - they register
        from minutes.health import report_health
        from minutes.services import minutes_erase_user
        from minutes.todo import action_tasks, minutes_tasks
        from sessions.published import register_published_minutes

        register_published_minutes(selectors.session_ids_with_minutes)
        register_card_provider(homes.last_held_cards)
        register_health_provider(report_health)
        register_task_provider(minutes_tasks)
        register_task_provider(action_tasks)
        register_eraser(minutes_erase_user)
