from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Het dashboard met de indicatoren en normen uit Bijlage 4, berekend door achtergrondtaken."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = "Monitoring"
