from django.apps import AppConfig


class TenancyConfig(AppConfig):
    """Samenwerkingsverbanden (tenants) and their schools; the tenant scope of every request."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "swvportal.tenancy"
    label = "tenancy"
    verbose_name = "Samenwerkingsverbanden"
