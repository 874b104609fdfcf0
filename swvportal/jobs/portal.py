"""What background jobs add to the platform's registries (autodiscovered by core).

Job kinds register themselves with ``swvportal.jobs.registry.job_kind`` (each its own Celery task,
with its own time limits and parameters class) from a module their app's ``ready()`` imports;
the sweeper's beat entry stays in settings (the platform runs it for every app).
"""

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import Capability, register_capabilities
from swvportal.core.navigation import Section, register_section

register_capabilities(
    Capability.of(
        "jobs.view_job", "Achtergrondtaken volgen", *Role.values, owner_field="created_by"
    ),
    order=50,
)

register_section(
    Section(
        "Achtergrondtaken",
        "jobs:job_list",
        "jobs.view_job",
        "De voortgang van berekeningen en exports die u heeft gestart.",
    ),
    order=110,
)
