"""One entry in each registry, the way a real app's ``portal.py`` writes it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from celery.schedules import crontab

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import Capability, register_capabilities
from swvportal.core.calculations import COUNT, Figure, Result, calculation
from swvportal.core.demo import Seeded, register_seeder
from swvportal.core.navigation import Section, register_section
from swvportal.core.pupils import register_retention_type
from swvportal.core.schedule import register_periodic_task
from swvportal.tenancy.models import Tenant

from .models import ThingRecord

register_capabilities(
    Capability.of("registry_app.view_things", "Dingen bekijken", Role.BESTUURDER), order=85
)
register_section(
    Section("Dingen", "registry_app:thing_list", "registry_app.view_things", "Alle dingen."),
    order=45,
)
register_periodic_task("registry-app-nightly", "registry_app.tasks.nightly", crontab(hour=4))


def seed_demo(tenant: Tenant) -> Seeded:
    return Seeded(lines=["Dingen: 0"])


register_seeder("registry_app", seed_demo, after=("referrals",))


@calculation("dingen", "Dingen op de peildatum", COUNT, "Het aantal dingen.")
def things(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    return {t: Result(Figure(None, 0), {}) for t in tenant_ids}


register_retention_type(ThingRecord, term_years=lambda tenant: 3)
