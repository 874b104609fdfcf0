"""What the begroting and the vangnet add to the platform's registries (autodiscovered by core).

Who may (issue #15, point 9): the bestuurder writes; toezicht (OPR, RvT) reads versions,
comparisons, reserve checks and reports and records its approval step; the inspectie reads
vastgestelde versions and their PDF; a zorgcoördinator sees their own school's vangnet claims
only. The vangnet's figures are counts of pupils per school: neither toezicht nor the inspectie
sees them.
"""

from __future__ import annotations

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import Capability, register_capabilities
from swvportal.core.demo import Seeded, register_seeder
from swvportal.core.navigation import Section, register_section
from swvportal.tenancy.models import Tenant

B, Z, T, INS = Role.BESTUURDER, Role.ZORGCOORDINATOR, Role.TOEZICHT, Role.INSPECTIE
row = Capability.of

# fmt: off
register_capabilities(
    row("finance.view_begroting", "Vastgestelde meerjarenbegrotingen lezen, met hun PDF",
        B, T, INS),
    row("finance.view_begroting_draft",
        "Concepten van de begroting lezen, versies vergelijken, reservetoetsen zien", B, T),
    row("finance.change_begroting",
        "De begroting schrijven: regels, bedragen, versies en de vaststelling", B),
    row("finance.record_begroting_approval",
        "Een stap in het goedkeuringstraject van de begroting vastleggen", B, T),
    row("finance.view_reports", "Realisatie en managementrapportages lezen", B, T),
    row("finance.import_realisation",
        "Realisatie inlezen en eigen prognoses in de managementrapportage zetten", B),
    row("finance.exchange_begroting", "De begroting exporteren en inlezen (Excel, JSON)", B),
    row("finance.change_settings", "Reservegrenzen en vereiste goedkeuringen instellen", B),
    row("finance.view_vangnet", "Vangnetberekeningen en -declaraties inzien", B, Z,
        per_school=True),
    row("finance.handle_vangnet",
        "Vangnetdeclaraties vastleggen, verifiëren en beoordelen; DUO-cijfers invoeren", B),
    order=96,
)
# fmt: on

register_section(
    Section(
        "Begroting",
        "finance:begroting_list",
        "finance.view_begroting",
        "De meerjarenbegroting per kalenderjaar: baten, afdrachten, programma's, resultaat en "
        "reserve.",
        fuller=(
            "finance.view_begroting_draft",
            "De meerjarenbegroting met haar versies, het goedkeuringstraject, de reservetoetsen "
            "en de managementrapportages.",
        ),
    ),
    order=16,
)
register_section(
    Section(
        "Vangnet",
        "finance:vangnet",
        "finance.view_vangnet",
        "De vangnetregeling: groei van het aantal leerlingen met een TLV per school en de "
        "declaraties.",
    ),
    order=78,
)


def seed_demo(tenant: Tenant) -> Seeded:
    from .demo import seed_finance  # demo code stays out of the web process until it runs

    return Seeded(lines=seed_finance(tenant))


register_seeder("finance", seed_demo, after=("tenancy", "accounts", "referrals"))
