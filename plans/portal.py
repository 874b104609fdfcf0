"""What the ondersteuningsplan adds to the platform's registries (autodiscovered by core)."""

from __future__ import annotations

from celery.schedules import crontab

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import Capability, register_capabilities
from swvportal.core.demo import Seeded, register_seeder
from swvportal.core.navigation import Section, register_section
from swvportal.core.schedule import register_periodic_task
from swvportal.tenancy.models import Tenant

from .jaarplan import calculations  # noqa: F401  (the dashboard's meeting counts)

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

# The jaarplan, its kwaliteitskalender and bijeenkomsten (no pupil data). A member of any role
# may be responsible for an activity and then keeps its status and progress; the bestuurder
# does so for every activity.
register_capabilities(
    row("plans.view_jaarplan",
        "Vastgestelde jaarplannen lezen, met kwaliteitskalender, bijeenkomsten en PDF",
        *Role.values),
    row("plans.view_jaarplan_draft", "Concepten van het jaarplan lezen", B, L, Z),
    row("plans.change_jaarplan",
        "Het jaarplan schrijven, vaststellen en evalueren; kwaliteitskalender en bijeenkomsten "
        "bijhouden", B),
    row("plans.update_own_activities",
        "Status en voortgang bijhouden van de activiteiten waarvoor u verantwoordelijk bent",
        *Role.values, owner_field="responsible"),
    row("plans.use_calendar_feed", "De kwaliteitskalender in de eigen agenda zetten (iCalendar)",
        *Role.values),
    row("plans.import_jaarplan", "Activiteiten van een jaarplan inlezen uit Excel", B),
    order=62,
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
# The jaarplan's sections (Jaarplan, Kwaliteitskalender, Bijeenkomsten) follow, one per part.
register_section(
    Section(
        "Jaarplan",
        "jaarplan:jaarplan_list",
        "plans.view_jaarplan",
        "Per schooljaar de verbeterpunten uit het ondersteuningsplan, met activiteiten, wie ze "
        "uitvoert, wanneer ze gereed zijn en hoe ver ze zijn.",
    ),
    order=12,
)


def seed_demo(tenant: Tenant) -> Seeded:
    from .demo import seed_plan  # demo code stays out of the web process until it runs
    from .jaarplan.demo import seed_jaarplan

    plan = seed_plan(tenant)
    return Seeded(
        lines=[
            f"Ondersteuningsplan: {plan} — /{tenant.code}/plannen/{plan.pk}/",
            *seed_jaarplan(tenant),
        ]
    )


register_seeder("plans", seed_demo, after=("tenancy", "accounts"))

register_periodic_task(
    "jaarplan-weekly-digest",
    "plans.tasks.send_activity_digests",
    crontab(day_of_week="mon", hour=7, minute=0),
)
register_section(
    Section(
        "Bijeenkomsten",
        "jaarplan:meeting_list",
        "plans.view_jaarplan",
        "Terugkerende bijeenkomsten en overleggen: gepland en gehouden, met thema en verslag.",
    ),
    order=14,
)

# --- The kwaliteitskalender (part "calendar") ---
register_section(
    Section(
        "Kwaliteitskalender",
        "jaarplan:calendar",
        "plans.view_jaarplan",
        "Terugkerende documenten, gesprekken en onderzoeken, met hun data per schooljaar.",
    ),
    order=13,
)
