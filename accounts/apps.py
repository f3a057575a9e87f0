from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import receivers  # imported once the apps are ready: it reads models
        from accounts.audit import AuditAction
        from core.audit_actions import register_actions

        register_actions("accounts", AuditAction, order=10)
        receivers.connect()
