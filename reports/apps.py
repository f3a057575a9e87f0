from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Stored documents (the trajectory and participation reports), the coordinators' overview,
    data export, retention and the demo."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from core import erasure, todo  # noqa: PLC0415 (app registry)
        from core.audit_actions import register_actions  # noqa: PLC0415 (app registry)
        from reports.audit import AuditAction  # noqa: PLC0415 (app registry)
        from reports.services import reports_erase_user  # noqa: PLC0415 (app registry)
        from reports.todo import method_todos  # noqa: PLC0415 (app registry)

        import_module("reports.checks")  # on import, its system check registers
        register_actions("reports", AuditAction, order=70)
        todo.providers.register("reports.method", method_todos, order=5)
        # First of all: the stored reports still see the memberships and sessions below.
        erasure.erasers.register("reports", reports_erase_user, order=5)
