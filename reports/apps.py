from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Stored documents (the trajectory and participation reports), the coordinators' overview,
    data export, retention and the demo."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from core import erasure  # noqa: PLC0415 (app registry)
        from core.audit_actions import register_actions  # noqa: PLC0415 (app registry)
        from reports import checks  # noqa: F401, PLC0415 (app registry: it registers)
        from reports.audit import AuditAction  # noqa: PLC0415 (app registry)
        from reports.services import reports_erase_user  # noqa: PLC0415 (app registry)

        register_actions("reports", AuditAction, order=70)
        # First of all: the stored reports still see the memberships and sessions below.
        erasure.erasers.register("reports", reports_erase_user, order=5)
