"""Object-level rules: which objects a member with a capability reaches, written once as a Q.

A rule gives, for one membership, a queryset filter (``Rule.q``). ``visible`` narrows a list
with it; ``can`` evaluates the very same Q on one object in Python (``q_matches``), so a list
and a detail page cannot disagree. Open Zaak's ``filter_for_authorizations`` has this shape,
and bridgekeeper's ``R``/``Attribute`` do the same for a user; ours take a ``Membership`` (a user
in one tenant, with a role and schools) and sit beside the ``rules`` predicates for roles.

The shapes the platform offers (``InTenant``, ``OwnSchools``, ``OwnObjects``) are evaluated
without a query; an app's own ``Where`` filter that follows a relation (say "assigned to this
deskundige" over a many-to-many) costs one ``exists()`` for a single object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q

from .models import Membership, Role

# Roles bound to their own schools for school-owned data.
SCHOOL_BOUND_ROLES = frozenset({Role.ZORGCOORDINATOR})
# Roles that see every member's objects where a capability is otherwise limited to one's own.
OWNER_EXEMPT_ROLES = frozenset({Role.BESTUURDER})


class Rule:
    """A queryset filter per membership; ``school_field`` is where the model keeps its school."""

    def q(self, membership: Membership, *, school_field: str = "school") -> Q:
        raise NotImplementedError

    def allows(self, membership: Membership, obj: Any) -> bool:
        """The single-object check, derived from ``q``: does ``obj`` pass the filter?"""
        return q_matches(obj, self.q(membership, school_field=school_field_of(obj)))

    def __and__(self, other: Rule) -> Rule:
        return AllOf((self, other))


@dataclass(frozen=True)
class AllOf(Rule):
    rules: tuple[Rule, ...]

    def q(self, membership: Membership, *, school_field: str = "school") -> Q:
        combined = Q()
        for rule in self.rules:
            combined &= rule.q(membership, school_field=school_field)
        return combined


@dataclass(frozen=True)
class InTenant(Rule):
    """Objects of the member's own tenant (the scope already ensures it; this says it again)."""

    def q(self, membership: Membership, *, school_field: str = "school") -> Q:
        return Q(tenant_id=membership.tenant_id)


@dataclass(frozen=True)
class OwnSchools(Rule):
    """A school-bound role reaches only objects of its own schools; an object without one, none."""

    roles: frozenset[str] = SCHOOL_BOUND_ROLES

    def q(self, membership: Membership, *, school_field: str = "school") -> Q:
        if membership.role not in self.roles:
            return Q()
        return Q(**{f"{school_field}__in": membership.school_ids})


@dataclass(frozen=True)
class OwnObjects(Rule):
    """Roles other than the exempt ones reach only objects whose ``field`` is the member."""

    field: str
    exempt_roles: frozenset[str] = OWNER_EXEMPT_ROLES

    def q(self, membership: Membership, *, school_field: str = "school") -> Q:
        if membership.role in self.exempt_roles:
            return Q()
        return Q(**{self.field: membership.user_id})


@dataclass(frozen=True)
class Where(Rule):
    """An app's own filter: ``Where(lambda m: Q(deskundigen=m.user_id))``."""

    filter: Callable[[Membership], Q]

    def q(self, membership: Membership, *, school_field: str = "school") -> Q:
        return self.filter(membership)


def school_field_of(obj: Any) -> str:
    """A school is its own school; every other school-owned object has a ``school``."""
    from swvportal.tenancy.models import School

    return "pk" if isinstance(obj, School) else "school"


class _NeedsQuery(Exception):
    """The filter follows a relation or uses a lookup we do not evaluate in Python."""


def q_matches(obj: Any, q: Q) -> bool:
    """Does ``obj`` pass ``q``? In Python for lookups on the object's own fields, else one query."""
    try:
        return _evaluate(obj, q)
    except _NeedsQuery:
        if not isinstance(obj, Model) or obj.pk is None:
            return False
        # The base manager: the rule carries the tenant itself, with or without an open scope.
        return type(obj)._base_manager.filter(q, pk=obj.pk).exists()


def _evaluate(obj: Any, q: Q) -> bool:
    results: Iterable[bool] = (
        _evaluate(obj, child) if isinstance(child, Q) else _lookup(obj, *child)
        for child in q.children
    )
    matched = all(results) if q.connector == Q.AND else any(results)
    return not matched if q.negated else matched


def _lookup(obj: Any, lookup: str, expected: Any) -> bool:
    name, _, operator = lookup.partition("__")
    if operator not in ("", "exact", "in"):
        raise _NeedsQuery(lookup)
    actual = _field_value(obj, name)
    if operator == "in":
        # As in SQL: NULL is in no list, so an object without a school is nobody's school's.
        return actual is not None and actual in {_plain(v) for v in expected}
    return actual == _plain(expected)


def _field_value(obj: Any, name: str) -> Any:
    if name == "pk":
        return obj.pk
    if not isinstance(obj, Model):  # a plain stand-in: foreign keys by their ``_id``
        return getattr(obj, f"{name}_id", getattr(obj, name, None))
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        raise _NeedsQuery(name) from None
    if field.many_to_many or field.one_to_many or not field.concrete:
        raise _NeedsQuery(name)
    return getattr(obj, field.attname)


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, Model) else value
