from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DocumentsConfig(AppConfig):
    """PDF's die het portaal uitgeeft, van elke soort die een app registreert."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "swvportal.documents"
    label = "documents"
    verbose_name = "Documenten"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the job kind in every process)

        # Every app's ``pdf`` module registers its document types and appendices
        # (``documents.registry``), as the admin finds ``admin`` modules: no central list.
        autodiscover_modules("pdf")
