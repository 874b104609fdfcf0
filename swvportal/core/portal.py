"""What the portal's own pages add to the platform's registries (see ``CoreConfig.ready``)."""

from celery.schedules import crontab

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import Capability, register_capabilities

from .schedule import register_periodic_task

register_capabilities(
    Capability.of("portal.view_home", "Startpagina van het samenwerkingsverband", *Role.values),
    order=10,
)

# Nightly: anonymise every registered pupil record type past its term (``core.pupils``).
register_periodic_task(
    "registrations-retention",
    "swvportal.core.tasks.anonymise_expired_pupil_records",
    crontab(hour=2, minute=30),
)
