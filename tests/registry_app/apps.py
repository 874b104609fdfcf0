from django.apps import AppConfig


class RegistryAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tests.registry_app"
    label = "registry_app"
