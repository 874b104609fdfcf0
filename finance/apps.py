from django.apps import AppConfig


class FinanceConfig(AppConfig):
    """De meerjarenbegroting en de vangnetberekening."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "finance"
    verbose_name = "Financiën"
