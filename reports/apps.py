from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The stored reports, the coordinator overview, data export, retention and the demo."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from core.erasure import register_eraser
        from reports import checks  # noqa: F401 - it registers
        from reports.services import reports_erase_user

        register_eraser(reports_erase_user)
