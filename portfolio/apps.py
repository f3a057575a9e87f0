from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    """A member's learning portfolio, participation statements and the insight library."""

    name = "portfolio"
    verbose_name = _("Learning portfolio")

    def ready(self):
        from core.erasure import register_eraser
        from core.network_page import register_section_provider
        from portfolio import receivers  # noqa: F401 - it connects
        from portfolio.cards import portfolio_section
        from portfolio.library_services import library_erase_user
        from portfolio.services import portfolio_erase_user

        register_section_provider(portfolio_section)
        register_eraser(library_erase_user)
        register_eraser(portfolio_erase_user)
