from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Het ondersteuningsplan: hoofdstukken, versies, goedkeuringstraject; later de jaarplannen."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = "Ondersteuningsplan"
