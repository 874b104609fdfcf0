"""The sections of a tenant, each behind a capability.

Each app registers its own sections from its ``portal.py`` with ``register_section``; the menu
and the home page's cards show them by their ``order``, to the members whose role has the
section's capability.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    capability: str
    description: str
    # (capability, description): said instead to a member who also has that capability, so a
    # card promises only what the role can open.
    fuller: tuple[str, str] | None = None
    # A capability that makes this section redundant: a member who has it is shown the fuller
    # section that covers this one instead (a school's feedback inside the steunpunt's section).
    hidden_with: str | None = None

    def shown_to(self, membership: Membership) -> bool:
        if not can(membership, self.capability):
            return False
        return self.hidden_with is None or not can(membership, self.hidden_with)

    def description_for(self, membership: Membership) -> str:
        if self.fuller and can(membership, self.fuller[0]):
            return self.fuller[1]
        return self.description


# Filled by ``register_section``, in menu order.
SECTIONS: list[Section] = []
_ORDER: dict[str, int] = {}


def register_section(section: Section, *, order: int) -> None:
    """Add a section to the menu at ``order`` (lower first). The same section twice is harmless."""
    known = next((s for s in SECTIONS if s.url_name == section.url_name), None)
    if known is not None and (known != section or _ORDER[section.url_name] != order):
        raise ImproperlyConfigured(f"Sectie {section.url_name!r} is al anders geregistreerd.")
    if known is None:
        _ORDER[section.url_name] = order
        SECTIONS.append(section)
        # In place and stable: two sections with the same order keep their registration order.
        SECTIONS.sort(key=lambda s: _ORDER[s.url_name])


def sections_for(membership: Membership) -> list[dict[str, str]]:
    code = membership.tenant.code
    return [
        {
            "label": s.label,
            "url": reverse(s.url_name, kwargs={"tenant_code": code}),
            "description": s.description_for(membership),
        }
        for s in SECTIONS
        if s.shown_to(membership)
    ]
