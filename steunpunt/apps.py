from django.apps import AppConfig


class SteunpuntConfig(AppConfig):
    """Het ouder- en jeugdsteunpunt: contacten, signalen, trends en terugkoppeling naar scholen."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "steunpunt"
    verbose_name = "Ouder- en jeugdsteunpunt"
