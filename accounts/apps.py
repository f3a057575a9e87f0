from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditAction
from core.audit_actions import register_actions


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import receivers  # noqa: PLC0415 (app registry: it imports allauth's and accounts' models)
        from accounts.oauth import oauth_erase_user  # noqa: PLC0415 (app registry: it imports allauth's models)
        from core import erasure  # noqa: PLC0415 (app registry)

        register_actions("accounts", AuditAction, order=10)
        erasure.erasers.register("accounts.oauth", oauth_erase_user, order=95)
        receivers.connect()
