"""RefSVO's ondersteuningsplan 2026–2030 for the demo, loaded through the normal import."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from swvportal.tenancy.models import Tenant

from .exchange import import_plan, load
from .models import Plan

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "refsvo_osp_2026_2030.json"


def seed_plan(tenant: Tenant) -> Plan:
    """Runs inside the tenant's scope. Idempotent: an existing version 4.0 is kept as it is."""
    document, problems = load(FIXTURE.read_bytes())
    if problems:
        raise ImproperlyConfigured(f"The demo plan fixture is invalid: {problems}")
    existing = Plan.objects.filter(title=document["titel"], version_major=4, version_minor=0)
    if existing.exists():
        return existing.get()
    result = import_plan(tenant=tenant, document=document, commit=True)
    if result.problems:
        raise ImproperlyConfigured(f"The demo plan could not be imported: {result.problems}")
    return result.plan
