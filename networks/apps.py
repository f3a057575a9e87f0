from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import erasure, health, todo
from core.audit_actions import register_actions
from networks.audit import AuditAction


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Learning networks")

    def ready(self):
        # Each provider reads the networks' models: imported once the app registry is ready.
        from core import outbox  # noqa: PLC0415 (app registry: core.outbox reads core.models)
        from networks.health import network_health  # noqa: PLC0415 (app registry: reads networks.models)
        from networks.services import membership_erase_user  # noqa: PLC0415 (app registry: reads networks.models)
        from networks.todo import network_todos  # noqa: PLC0415 (app registry: reads networks.models)
        from networks.webhooks import emit_email_failed  # noqa: PLC0415 (app registry: reads networks.models)

        outbox.delivery_failed.connect(emit_email_failed, dispatch_uid="networks.email_failed")
        register_actions("networks", AuditAction, order=20)
        health.providers.register("networks", network_health, order=10)
        todo.providers.register("networks", network_todos, order=10)
        # Last: the apps above still see the memberships this one ends.
        erasure.erasers.register("networks", membership_erase_user, order=90)
