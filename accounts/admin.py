from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, OrganisationCoordinator, OrganisationProposal, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "organisation", "language", "is_staff"]
    search_fields = ["email", "full_name", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["full_name", "organisation", "job_function", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]


class CoordinatorInline(admin.TabularInline):
    model = OrganisationCoordinator
    fk_name = "organisation"
    extra = 0
    raw_id_fields = ["user", "appointed_by"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "sector"]
    inlines = [CoordinatorInline]


@admin.register(OrganisationProposal)
class OrganisationProposalAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at", "outcome", "decided_at"]
    list_filter = ["outcome"]
    raw_id_fields = ["users", "decided_by", "organisation"]
