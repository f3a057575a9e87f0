from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from core import erasure, health, todo
        from core.audit_actions import register_actions
        from reports import checks, receivers  # noqa: F401 - they register
        from reports.audit import AuditAction
        from reports.health import report_health
        from reports.portfolio_services import portfolio_erase_user
        from reports.services import minutes_erase_user
        from reports.todo import action_todos, minutes_todos

        register_actions("reports", AuditAction, order=50)
        health.providers.register("reports", report_health, order=40)
        todo.providers.register("reports.minutes", minutes_todos, order=40)
        todo.providers.register("reports.actions", action_todos, order=50)
        # First: the portfolio and the minutes still see the memberships and sessions below.
        erasure.erasers.register("reports.portfolio", portfolio_erase_user, order=10)
        erasure.erasers.register("reports.minutes", minutes_erase_user, order=30)
