"""Every outbox table in the admin, read-only: operators look, the outbox alone changes rows."""

from django.contrib import admin

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
