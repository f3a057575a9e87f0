from django.apps import AppConfig
from django.core import checks

from core.audit_actions import register_actions
from core.checks import check_audit_actions
from core.ops import request_id  # noqa: F401 - connects the request id's Celery signals
from core.ops.deploy_checks import check_production_services


class CoreConfig(AppConfig):
    """The ground floor every app may use: errors, mail, the outbox, task helpers, audit,
    crypto, dates. It imports no other Leernet app."""

    name = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.audit import AuditAction  # noqa: PLC0415 (app registry: core.audit reads core.models)

        checks.register(check_audit_actions)
        checks.register(check_production_services, checks.Tags.security, deploy=True)
        register_actions("core", AuditAction, order=0)
