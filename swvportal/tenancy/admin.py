"""Platform administration: tenants and schools. Pupil data is never registered in the admin."""

from django.contrib import admin

from .models import School, Tenant


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sector", "is_demo", "created_at"]
    list_filter = ["sector", "is_demo"]
    search_fields = ["code", "name"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "brin", "kind", "tenant", "municipality"]
    list_filter = ["kind", "tenant"]
    search_fields = ["name", "brin"]
    list_select_related = ["tenant"]
