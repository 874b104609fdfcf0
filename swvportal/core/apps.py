from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Pages every tenant has: the home page, the tenant chooser, health and error pages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "swvportal.core"
    label = "core"
    verbose_name = "Portaal"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from swvportal.celery import app

        from .schedule import beat_schedule

        # Every app's ``portal.py`` fills the platform's registries (capabilities, sections,
        # demo seeders, periodic tasks, calculations): adding an app edits no central list.
        autodiscover_modules("portal")
        # Beat reads this after Django is set up (Celery's Django fixup sets it up first).
        app.conf.beat_schedule = beat_schedule()
