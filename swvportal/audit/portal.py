"""What the audit log adds to the platform's registries (autodiscovered by core)."""

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import Capability, register_capabilities
from swvportal.core.navigation import Section, register_section

register_capabilities(
    Capability.of("audit.view_log", "Wijzigingen- en inzagelog bekijken", Role.BESTUURDER),
    order=40,
)

register_section(
    Section(
        "Logboek",
        "audit:entry_list",
        "audit.view_log",
        "Wie wat heeft gewijzigd of ingezien, en wanneer.",
    ),
    order=100,
)
