from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background work a user waits on: a ``Job`` row per run, updated by a Celery task."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "swvportal.jobs"
    label = "jobs"
    verbose_name = "Achtergrondtaken"
