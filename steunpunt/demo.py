"""The demo tenant's steunpunt: see part "demo"."""

from __future__ import annotations

from swvportal.tenancy.models import Tenant

from .services import themes_ensure_defaults


def seed_steunpunt(tenant: Tenant) -> list[str]:
    made = themes_ensure_defaults(tenant)
    return [f"Steunpunt: {len(made)} thema's."]
