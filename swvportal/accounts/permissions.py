"""Every permission rule of the portal, in one place.

A *capability* is something a role may do in its tenant. ``CAPABILITIES`` is the single table
(the README's role matrix is tested against it); each app adds its own rows from its
``portal.py`` with ``register_capabilities``. A row keeps its roles and links to the rule for
the objects it reaches (``object_rules``): tenant, own schools, own objects, or the app's own Q.
``can`` answers for one membership and, optionally, one object; ``visible`` narrows a queryset
with the same rule, so lists and single objects cannot disagree.

What a refusal answers (404 or 403) is written down once, in ``swvportal.core.access``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import rules
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

from .models import Membership, Role
from .object_rules import InTenant, OwnObjects, OwnSchools, Rule

ALL_ROLES = frozenset(Role.values)
# Toezicht and the inspectie read aggregates only (domain.md): no capability is granted to them.
NEVER_GRANTED = frozenset({Role.TOEZICHT, Role.INSPECTIE})


@dataclass(frozen=True)
class Capability:
    name: str
    label: str
    roles: frozenset[str]
    # True: a school-bound role only reaches objects of its own schools.
    per_school: bool = False
    # Set: roles other than the bestuurder only reach objects whose ``owner_field`` is them.
    owner_field: str | None = None
    # The resource's own rule, when the two shorthands above do not say it (tenant is implied).
    rule: Rule | None = None
    # True: the bestuurder may also give it to one member of another role
    # (``Membership.extra_capabilities``), except toezicht and inspectie, who see aggregates only.
    grantable: bool = False
    # Held too by whoever holds that other capability (staffing the steunpunt includes reading
    # its overview), so one grant gives a person the whole task.
    implied_by: str | None = None

    def held_by(self, membership: Membership | None) -> bool:
        """Has this member got it: through their role, granted to them in person, or with the
        capability that implies it?"""
        if membership is None:
            return False
        if membership.role in self.roles:
            return True
        if self.implied_by is not None and CAPABILITIES[self.implied_by].held_by(membership):
            return True
        return (
            self.grantable
            and membership.role not in NEVER_GRANTED
            and self.name in membership.granted
        )

    @property
    def reachable_by_grant(self) -> bool:
        """Can a member of a role without it get it in person (itself or what implies it)?"""
        return self.grantable or (
            self.implied_by is not None and CAPABILITIES[self.implied_by].reachable_by_grant
        )

    @cached_property
    def object_rule(self) -> Rule:
        """The one rule for the objects this row reaches: a Q, from which ``can`` derives."""
        rule: Rule = InTenant()
        if self.per_school:
            rule &= OwnSchools()
        if self.owner_field:
            rule &= OwnObjects(self.owner_field)
        if self.rule is not None:
            rule &= self.rule
        return rule

    @classmethod
    def of(
        cls,
        name: str,
        label: str,
        *roles: str,
        per_school: bool = False,
        owner_field: str | None = None,
        rule: Rule | None = None,
        grantable: bool = False,
        implied_by: str | None = None,
    ) -> Capability:
        """One row as an app's ``portal.py`` writes it: ``Capability.of(name, label, B, Z)``."""
        return cls(
            name, label, frozenset(roles), per_school, owner_field, rule, grantable, implied_by
        )


RULES = rules.RuleSet()


# The table: one row per capability, the roles that have it, filled by each app's ``portal.py``
# through ``register_capabilities`` (the README's matrix is tested against it). Ordered by the
# ``order`` each app gives its rows, then by registration, so the table reads as the README does.
CAPABILITIES: dict[str, Capability] = {}
_ORDER: dict[str, tuple[int, int]] = {}


def register_capabilities(*rows: Capability, order: int) -> None:
    """Add an app's rows to the table; the same row twice is harmless, a different one an error."""
    for row in rows:
        known = CAPABILITIES.get(row.name)
        if known is not None and known != row:
            raise ImproperlyConfigured(f"Capability {row.name!r} is al anders geregistreerd.")
        if known is None:
            _ORDER[row.name] = (order, len(_ORDER))
            RULES.add_rule(row.name, _rule_for(row))
            CAPABILITIES[row.name] = row
    # In place: modules hold on to the dict itself (``from .permissions import CAPABILITIES``).
    ordered = sorted(CAPABILITIES.values(), key=lambda c: _ORDER[c.name])
    CAPABILITIES.clear()
    CAPABILITIES.update((c.name, c) for c in ordered)


def _rule_for(capability: Capability) -> rules.Predicate:
    """The role check (``rules``) and, for an object, the row's object rule evaluated on it."""

    def has_role(membership: Membership | None) -> bool:
        return capability.held_by(membership)

    def reaches(membership: Membership, obj: Any) -> bool:
        return obj is None or capability.object_rule.allows(membership, obj)

    return rules.predicate(has_role, name=f"role_for_{capability.name}") & rules.predicate(
        reaches, name=f"object_for_{capability.name}"
    )


def can(membership: Membership | None, capability: str, obj: Model | None = None) -> bool:
    """May this member use ``capability`` (on ``obj``, when given)?"""
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}: register it in its app's portal.py.")
    return RULES.test_rule(capability, membership, obj)


def visible(
    queryset: QuerySet, membership: Membership, capability: str, *, school_field: str = "school"
) -> QuerySet:
    """``queryset`` narrowed to what ``can`` allows: the same rule, as a filter."""
    cap = CAPABILITIES[capability]
    if not cap.held_by(membership):
        return queryset.none()
    return queryset.filter(cap.object_rule.q(membership, school_field=school_field))


def capabilities_of(membership: Membership) -> list[Capability]:
    return [c for c in CAPABILITIES.values() if c.held_by(membership)]


def grantable_capabilities() -> list[Capability]:
    """What the bestuurder may give one member on top of their role."""
    return [c for c in CAPABILITIES.values() if c.grantable]


def grantable_to(membership: Membership) -> list[Capability]:
    """The grantable capabilities this member's role has not got already (none for toezicht and
    the inspectie)."""
    if membership.role in NEVER_GRANTED:
        return []
    return [c for c in grantable_capabilities() if membership.role not in c.roles]
