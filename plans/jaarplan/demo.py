"""RefSVO's jaarplan 2026-2027 for the demo: generated from the demo OSP with the normal service,
then each part adds its fictional data (activities, kwaliteitskalender, bijeenkomsten)."""

from __future__ import annotations

from swvportal.tenancy.models import Tenant

from .demo_activities import seed_activities
from .demo_calendar import seed_calendar
from .demo_meetings import seed_meetings
from .generate import current_jaarplan, jaarplan_generate

DEMO_YEAR = 2026


def seed_jaarplan(tenant: Tenant) -> list[str]:
    """Runs inside the tenant's scope, after the plan's own seeder. Idempotent."""
    jaarplan = current_jaarplan(tenant=tenant, school_year=DEMO_YEAR)
    if jaarplan is None:
        jaarplan = jaarplan_generate(tenant=tenant, school_year=DEMO_YEAR).jaarplan
    lines = [f"{jaarplan} — /{tenant.code}/jaarplannen/{jaarplan.pk}/"]
    lines += seed_activities(jaarplan)
    lines += seed_calendar(tenant)
    lines += seed_meetings(tenant)
    return lines
