"""SWV Portaal: the Django project (settings, urls, celery, tenancy, accounts)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
