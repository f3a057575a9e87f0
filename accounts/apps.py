from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts.audit import AuditAction
        from core.audit_actions import register_actions

        register_actions("accounts", AuditAction, order=10)
