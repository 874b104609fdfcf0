"""What tenancy adds to the platform's registries: the schools (autodiscovered by core)."""

from __future__ import annotations

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import Capability, register_capabilities
from swvportal.core.demo import Seeded, register_seeder
from swvportal.core.navigation import Section, register_section

from .models import Tenant

register_capabilities(
    Capability.of("tenancy.view_schools", "Scholen bekijken", *Role.values),
    order=20,
)

register_section(
    Section(
        "Scholen",
        "tenancy:school_list",
        "tenancy.view_schools",
        "De scholen van het samenwerkingsverband met hun BRIN, soort en bestuur.",
    ),
    order=80,
)


def seed_demo(tenant: Tenant) -> Seeded:
    from .demo import seed_schools  # demo code stays out of the web process until it runs

    return Seeded(summary=[f"{len(seed_schools(tenant))} scholen"])


register_seeder("tenancy", seed_demo)
