from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    """A member's learning portfolio, participation statements and the insight library."""

    name = "portfolio"
    verbose_name = _("Learning portfolio")

    def ready(self):
        from core import erasure  # noqa: PLC0415 (app registry)
        from core.audit_actions import register_actions  # noqa: PLC0415 (app registry)
        from portfolio.audit import AuditAction  # noqa: PLC0415 (app registry)
        from portfolio.library_services import library_erase_user  # noqa: PLC0415 (app registry)
        from portfolio.services import portfolio_erase_user  # noqa: PLC0415 (app registry)

        import_module("portfolio.receivers")  # on import, its receivers connect
        register_actions("portfolio", AuditAction, order=60)
        # Before the minutes: the cards and the portfolio still see the versions and sessions.
        erasure.erasers.register("portfolio.library", library_erase_user, order=10)
        erasure.erasers.register("portfolio", portfolio_erase_user, order=15)
