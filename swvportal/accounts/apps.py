from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People, their memberships of samenwerkingsverbanden, and what each role may do."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "swvportal.accounts"
    label = "accounts"
    verbose_name = "Accounts en rollen"
