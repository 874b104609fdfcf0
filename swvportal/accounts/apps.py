from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People, their memberships of samenwerkingsverbanden, and what each role may do."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "swvportal.accounts"
    label = "accounts"
    verbose_name = "Accounts en rollen"

    def ready(self) -> None:
        from allauth.core.internal import ratelimit
        from django.conf import settings
        from django.core.cache import ConnectionProxy, caches

        from . import signals  # noqa: F401 - connects the receivers

        # allauth keeps its rate limits in the default cache, and has no setting for another.
        # With Redis down it cannot take its lock and answers every login with 429; in the
        # database the limits keep working whenever logging in can work at all.
        ratelimit.cache = ConnectionProxy(caches, settings.RATE_LIMIT_CACHE)
