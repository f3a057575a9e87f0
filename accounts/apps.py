from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditAction
from core.audit_actions import register_actions


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import receivers  # noqa: PLC0415 (app registry: it imports allauth's and accounts' models)

        register_actions("accounts", AuditAction, order=10)
        receivers.connect()
