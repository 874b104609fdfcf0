from django.apps import AppConfig


class PillarsConfig(AppConfig):
    """De pijlers van het ondersteuningsplan met hun ontwikkeldoelen en stappen per schooljaar."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "pillars"
    verbose_name = "Pijlers en ontwikkeldoelen"
