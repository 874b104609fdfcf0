"""Every permission rule of the portal, in one place.

A *capability* is something a role may do in its tenant. ``CAPABILITIES`` is the single table
(the README's role matrix is tested against it); each app adds its own rows from its
``portal.py`` with ``register_capabilities``; ``can`` answers for one membership and,
optionally, one object; ``visible`` narrows a queryset the same way, so lists and single
objects follow the same rule.

The 404-versus-403 rule: a page a role may not use at all answers 403; an object that is not in
the role's ``visible`` queryset answers 404, whether it belongs to another tenant or to a school
outside a zorgcoördinator's schools (we do not confirm that it exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

from .models import Membership, Role

ALL_ROLES = frozenset(Role.values)
# Roles bound to their own schools for school-owned data.
SCHOOL_BOUND_ROLES = frozenset({Role.ZORGCOORDINATOR})
# Roles that see every member's objects where a capability is otherwise limited to one's own.
OWNER_EXEMPT_ROLES = frozenset({Role.BESTUURDER})


@dataclass(frozen=True)
class Capability:
    name: str
    label: str
    roles: frozenset[str]
    # True: a school-bound role only reaches objects of its own schools.
    per_school: bool = False
    # Set: roles other than the bestuurder only reach objects whose ``owner_field`` is them.
    owner_field: str | None = None

    @classmethod
    def of(
        cls,
        name: str,
        label: str,
        *roles: str,
        per_school: bool = False,
        owner_field: str | None = None,
    ) -> Capability:
        """One row as an app's ``portal.py`` writes it: ``Capability.of(name, label, B, Z)``."""
        return cls(name, label, frozenset(roles), per_school, owner_field)


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


def _same_tenant(membership: Membership, obj: Any) -> bool:
    tenant_id = getattr(obj, "tenant_id", None)
    return tenant_id is None or tenant_id == membership.tenant_id


def _in_own_school(membership: Membership, obj: Any) -> bool:
    from swvportal.tenancy.models import School

    school_id = obj.pk if isinstance(obj, School) else getattr(obj, "school_id", None)
    return school_id is None or school_id in membership.school_ids


def _rule_for(capability: Capability) -> rules.Predicate:
    def has_role(membership: Membership | None) -> bool:
        return membership is not None and membership.role in capability.roles

    predicate = rules.predicate(has_role, name=f"role_for_{capability.name}")
    object_checks = rules.predicate(
        lambda m, obj: obj is None or _same_tenant(m, obj), name="same_tenant"
    )
    if capability.per_school:
        object_checks &= rules.predicate(
            lambda m, obj: (
                obj is None or m.role not in SCHOOL_BOUND_ROLES or _in_own_school(m, obj)
            ),
            name="own_school",
        )
    if capability.owner_field:
        field_id = f"{capability.owner_field}_id"
        object_checks &= rules.predicate(
            lambda m, obj: (
                obj is None
                or m.role in OWNER_EXEMPT_ROLES
                or getattr(obj, field_id, None) == m.user_id
            ),
            name="own_object",
        )
    return predicate & object_checks


def can(membership: Membership | None, capability: str, obj: Model | None = None) -> bool:
    """May this member use ``capability`` (on ``obj``, when given)?"""
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}: register it in its app's portal.py.")
    return RULES.test_rule(capability, membership, obj)


def visible(
    queryset: QuerySet, membership: Membership, capability: str, *, school_field: str = "school"
) -> QuerySet:
    """``queryset`` narrowed to what ``can`` allows: the list-side mirror of the rule."""
    cap = CAPABILITIES[capability]
    if membership.role not in cap.roles:
        return queryset.none()
    queryset = queryset.filter(tenant_id=membership.tenant_id)
    if cap.per_school and membership.role in SCHOOL_BOUND_ROLES:
        queryset = queryset.filter(**{f"{school_field}__in": membership.school_ids})
    if cap.owner_field and membership.role not in OWNER_EXEMPT_ROLES:
        queryset = queryset.filter(**{cap.owner_field: membership.user_id})
    return queryset


def capabilities_of(membership: Membership) -> list[Capability]:
    return [c for c in CAPABILITIES.values() if membership.role in c.roles]
