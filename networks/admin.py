from django.contrib import admin

from core.fragments import NETWORK_HEADER, WORK_FORM_CATALOGUE, fragment_changed
from networks.models import Invitation, JoinRequest, Membership, Network


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "theme", "status", "member_count", "member_cap"]
    list_filter = ["status", "scope"]
    search_fields = ["name", "theme"]
    inlines = [MembershipInline]

    def save_related(self, request, form, formsets, change):
        """An edit here bypasses the services, so it bumps the cached fragments they would."""
        super().save_related(request, form, formsets, change)
        fragment_changed(NETWORK_HEADER, form.instance.pk)
        fragment_changed(WORK_FORM_CATALOGUE)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "network", "role", "status", "expires_at"]
    list_filter = ["status"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["user", "decided_by"]
