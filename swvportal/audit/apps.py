from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The change and access log (django-auditlog, with a tenant column)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "swvportal.audit"
    label = "audit"
    verbose_name = "Logboek"
