"""Every outbox table in the admin, read-only: operators look, the outbox alone changes rows."""

from django.contrib import admin

from core.models import AuditEvent
from core.outbox import outbox_models


class OutboxAdmin(admin.ModelAdmin):
    list_display = ("__str__", "state", "attempts", "created_at", "sent_at")
    list_filter = ("state",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for _model in outbox_models():
    if not admin.site.is_registered(_model):
        admin.site.register(_model, OutboxAdmin, exclude=_model.private_fields)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only for everyone, superusers included: nothing is added, changed or
    deleted here."""

    list_display = ("created_at", "actor_label", "action", "network", "subject_label", "detail")
    list_filter = ("action",)
    list_select_related = ("network",)
    search_fields = ("actor_label", "subject_label", "detail")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
