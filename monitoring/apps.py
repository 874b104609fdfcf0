from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Het dashboard met de indicatoren en normen uit Bijlage 4, berekend door achtergrondtaken."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the job kind in every process)
