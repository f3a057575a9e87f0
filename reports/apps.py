from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from core.erasure import register_eraser
        from core.health import register_health_provider
        from core.homes import register_card_provider
        from core.network_page import register_section_provider
        from core.todo import register_task_provider
        from reports import checks, homes, receivers, selectors  # noqa: F401 - they register
        from reports.health import report_health
        from reports.portfolio_cards import portfolio_section
        from reports.portfolio_services import portfolio_erase_user
        from reports.services import minutes_erase_user
        from reports.todo import action_tasks, minutes_tasks
        from sessions.published import register_published_minutes

        register_published_minutes(selectors.session_ids_with_minutes)
        register_card_provider(homes.last_held_cards)
        register_health_provider(report_health)
        register_task_provider(minutes_tasks)
        register_task_provider(action_tasks)
        register_eraser(minutes_erase_user)
        register_section_provider(portfolio_section)
        register_eraser(portfolio_erase_user)
