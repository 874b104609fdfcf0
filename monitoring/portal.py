"""What the dashboard adds to the platform's registries (autodiscovered by core).

The calculations it shows come from the apps that own the data (``referrals.calculations``),
through ``swvportal.core.calculations``; monitoring does not import them.
"""

from __future__ import annotations

from celery.schedules import crontab

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import Capability, register_capabilities
from swvportal.core.demo import Seeded, register_seeder
from swvportal.core.navigation import Section, register_section
from swvportal.core.schedule import register_periodic_task
from swvportal.tenancy.models import Tenant

from . import jobs  # noqa: F401  (registers the job kind and its Celery task in every process)

B, Z, T, I = Role.BESTUURDER, Role.ZORGCOORDINATOR, Role.TOEZICHT, Role.INSPECTIE  # noqa: E741
row = Capability.of

# fmt: off
register_capabilities(
    row("monitoring.view_dashboard", "Het dashboard met indicatoren en normen bekijken", B, T, I),
    row("monitoring.view_small_counts", "Aantallen onder 5 op het dashboard zien", B),
    row("monitoring.compute", "Indicatoren opnieuw laten berekenen", B),
    row("monitoring.change_catalogue", "Indicatoren en normen toevoegen en wijzigen", B),
    row("monitoring.enter_swv", "Cijfers van het samenwerkingsverband invoeren", B),
    row("monitoring.report_school", "De schoolrapportage invullen", B, Z, per_school=True),
    order=80,
)
# fmt: on

register_section(
    Section(
        "Dashboard",
        "monitoring:dashboard",
        "monitoring.view_dashboard",
        "De indicatoren en normen uit het ondersteuningsplan, per pijler, met trend en status.",
    ),
    order=20,
)
register_section(
    Section(
        "Schoolrapportage",
        "monitoring:report_overview",
        "monitoring.report_school",
        "De jaarlijkse rapportage van de school over de indicatoren die de school zelf invult.",
    ),
    order=40,
)

register_periodic_task(
    "monitoring-nightly",
    "monitoring.tasks.compute_indicators_nightly",
    crontab(hour=3, minute=15),
)


def seed_demo(tenant: Tenant) -> Seeded:
    """After the plan (the catalogue links to its goals) and the pupil records (the figures)."""
    from .demo import seed_monitoring  # demo code stays out of the web process until it runs

    dashboard = seed_monitoring(tenant)
    return Seeded(
        lines=[
            f"Dashboard: {dashboard['indicators']} indicatoren, {dashboard['measurements']} "
            f"metingen, {dashboard['reports']} schoolrapportages — /{tenant.code}/monitoring/"
        ]
    )


# After every app whose records a computed row counts: the demo's past figures count them too.
register_seeder("monitoring", seed_demo, after=("plans", "referrals", "steunpunt"))
