"""What the documents add to the platform's registries (autodiscovered by core)."""

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import Capability, register_capabilities
from swvportal.core.navigation import Section, register_section

B, T, I = Role.BESTUURDER, Role.TOEZICHT, Role.INSPECTIE  # noqa: E741
row = Capability.of

# fmt: off
register_capabilities(
    row("documents.view_plan_pdf", "Vastgestelde plannen als PDF downloaden", *Role.values),
    row("documents.view_draft_pdf", "PDF's van concepten van het plan downloaden", B),
    row("documents.view_monitoring_pdf", "Monitoringsrapportages als PDF downloaden", B, T, I),
    row("documents.create", "PDF's laten maken", B),
    order=90,
)
# fmt: on

register_section(
    Section(
        "Documenten",
        "documents:document_list",
        "documents.view_plan_pdf",
        "PDF's van het ondersteuningsplan, met hun SHA-256.",
        fuller=(
            "documents.view_monitoring_pdf",
            "PDF's van het ondersteuningsplan en van de monitoringsrapportage, met hun SHA-256.",
        ),
    ),
    order=30,
)
