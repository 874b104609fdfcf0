"""What the ondersteuningsplan adds to the platform's registries (autodiscovered by core)."""

from __future__ import annotations

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import Capability, register_capabilities
from swvportal.core.demo import Seeded, register_seeder
from swvportal.core.navigation import Section, register_section
from swvportal.tenancy.models import Tenant

B, L, Z = Role.BESTUURDER, Role.LOKET, Role.ZORGCOORDINATOR
row = Capability.of

# fmt: off
register_capabilities(
    row("plans.view_plan", "Vastgestelde ondersteuningsplannen lezen", *Role.values),
    row("plans.view_draft", "Concepten van het ondersteuningsplan lezen", B, L, Z),
    row("plans.change_plan", "Het ondersteuningsplan schrijven en vaststellen", B),
    row("plans.view_history", "De wijzigingsgeschiedenis van het plan bekijken", B),
    order=60,
)
# fmt: on

register_section(
    Section(
        "Ondersteuningsplan",
        "plans:plan_list",
        "plans.view_plan",
        "Het ondersteuningsplan: hoofdstukken, pijlers, ontwikkeldoelen en stappen per "
        "schooljaar, met versies en het goedkeuringstraject.",
    ),
    order=10,
)


def seed_demo(tenant: Tenant) -> Seeded:
    from .demo import seed_plan  # demo code stays out of the web process until it runs

    plan = seed_plan(tenant)
    return Seeded(lines=[f"Ondersteuningsplan: {plan} — /{tenant.code}/plannen/{plan.pk}/"])


register_seeder("plans", seed_demo, after=("tenancy",))
