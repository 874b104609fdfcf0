from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Pages every tenant has: the home page, the tenant chooser, health and error pages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "swvportal.core"
    label = "core"
    verbose_name = "Portaal"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Every app's ``portal.py`` fills the platform's registries: adding an app edits no
        # central list.
        autodiscover_modules("portal")
