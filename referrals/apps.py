from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Leerlinggebonden registraties: thuiszitters, OPP's, TLV-aanvragen en verwijzingen."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "referrals"
    verbose_name = "Leerlinggegevens"
