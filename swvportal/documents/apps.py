from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """PDF's die het portaal uitgeeft: het ondersteuningsplan en de monitoringsrapportage."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "swvportal.documents"
    label = "documents"
    verbose_name = "Documenten"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the job kind in every process)
