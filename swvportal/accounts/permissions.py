"""Every permission rule of the portal, in one place.

A *capability* is something a role may do in its tenant. ``CAPABILITIES`` is the single table
(the README's role matrix is tested against it); ``can`` answers for one membership and,
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


def _cap(
    name: str, label: str, *roles: str, per_school: bool = False, owner_field: str | None = None
) -> Capability:
    return Capability(name, label, frozenset(roles), per_school, owner_field)


B, L, Z, T, I = (  # noqa: E741
    Role.BESTUURDER,
    Role.LOKET,
    Role.ZORGCOORDINATOR,
    Role.TOEZICHT,
    Role.INSPECTIE,
)

# The table: one row per capability, the roles that have it. Keep the README's matrix in step.
# fmt: off
_TABLE = [
    _cap("portal.view_home", "Startpagina van het samenwerkingsverband", B, L, Z, T, I),
    _cap("tenancy.view_schools", "Scholen bekijken", B, L, Z, T, I),
    _cap("accounts.view_members", "Gebruikers en hun rollen bekijken", B),
    _cap("audit.view_log", "Wijzigingen- en inzagelog bekijken", B),
    _cap("jobs.view_job", "Achtergrondtaken volgen", B, L, Z, T, I, owner_field="created_by"),
    _cap("plans.view_plan", "Vastgestelde ondersteuningsplannen lezen", B, L, Z, T, I),
    _cap("plans.view_draft", "Concepten van het ondersteuningsplan lezen", B, L, Z),
    _cap("plans.change_plan", "Het ondersteuningsplan schrijven en vaststellen", B),
    _cap("plans.view_history", "De wijzigingsgeschiedenis van het plan bekijken", B),
    _cap("referrals.view_pupil_records", "Thuiszitters en OPP's inzien", B, Z, per_school=True),
    _cap("referrals.change_pupil_records", "Thuiszitters en OPP's invoeren", B, Z, per_school=True),
    _cap("referrals.view_access_log", "Inzagelog van een leerlingregistratie bekijken", B),
    _cap("referrals.record_conversation", "Gesprekken met scholen over thuiszitters vastleggen", B),
    _cap("referrals.change_settings", "Verplichte velden en bewaartermijn instellen", B),
    _cap("monitoring.view_dashboard", "Het dashboard met indicatoren en normen bekijken", B, T, I),
    _cap("monitoring.view_small_counts", "Aantallen onder 5 op het dashboard zien", B),
    _cap("monitoring.compute", "Indicatoren opnieuw laten berekenen", B),
    _cap("monitoring.change_catalogue", "Indicatoren en normen toevoegen en wijzigen", B),
    _cap("monitoring.enter_swv", "Cijfers van het samenwerkingsverband invoeren", B),
    _cap("monitoring.report_school", "De schoolrapportage invullen", B, Z, per_school=True),
    _cap("documents.view_plan_pdf", "Vastgestelde plannen als PDF downloaden", B, L, Z, T, I),
    _cap("documents.view_draft_pdf", "PDF's van concepten van het plan downloaden", B),
    _cap("documents.view_monitoring_pdf", "Monitoringsrapportages als PDF downloaden", B, T, I),
    _cap("documents.create", "PDF's laten maken", B),
]
# fmt: on
CAPABILITIES: dict[str, Capability] = {c.name: c for c in _TABLE}


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


RULES = rules.RuleSet()
for _capability in CAPABILITIES.values():
    RULES.add_rule(_capability.name, _rule_for(_capability))


def can(membership: Membership | None, capability: str, obj: Model | None = None) -> bool:
    """May this member use ``capability`` (on ``obj``, when given)?"""
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}: add it to CAPABILITIES.")
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
