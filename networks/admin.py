from django.contrib import admin

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


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "network", "role", "status", "expires_at"]
    list_filter = ["status"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["user", "decided_by"]
