"""Every outbox table in the admin, read-only: operators look, the outbox alone changes rows."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.audit_actions import action_choices
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


class ActionFilter(admin.SimpleListFilter):
    """The declared actions by their labels (the column has no choices: core/audit_actions.py)."""

    title = _("what")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return action_choices()

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only for everyone, superusers included: nothing is added, changed or
    deleted here."""

    list_display = ("created_at", "actor_label", "what", "network_id", "subject_label", "detail")
    list_filter = (ActionFilter,)
    search_fields = ("actor_label", "subject_label", "detail")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]
    actions = None

    @admin.display(description=_("what"), ordering="action")
    def what(self, event):
        return event.action_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
