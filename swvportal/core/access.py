"""How a view gets one object: one shape for every resource, and the 404-versus-403 rule.

Each app gives each resource one helper in its own ``access.py``,
``get_<thing>_for_user(request, pk) -> (obj, can_write)``, built on ``ObjectAccess``: the
objects the member may see come from the resource's rule (``visible`` or the app's selector
built on it), and ``can_write`` from the write capability's rule evaluated on that object.

The 404-versus-403 rule, written down once (views and tests rely on it):

* a page the role may not use at all is a **403**, before anything is read
  (``TenantPageMixin`` checks the page's capability);
* an object the member may not see is a **404**, whether it belongs to another tenant, to a
  school outside a zorgcoördinator's schools, is a concept for toezicht, or is someone else's
  job: we do not confirm that it exists;
* an object the member may see but not change, on a page that changes it, is a **403**
  (``get_for_writing``, or the caller when ``can_write`` is false).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can, visible

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class ObjectAccess(Generic[M]):
    """One resource's way to a single object; see the module's 404-versus-403 rule."""

    # What this member may see: the resource's selector, narrowed by its read rule.
    visible_to: Callable[[Membership], QuerySet[M]]
    # What "change" means for one object; ``None``: it never changes (an issued PDF).
    may_write: Callable[[Membership, M], bool] | None = None
    not_found: str = "Niet gevonden."
    read_only: str = "U mag dit niet wijzigen."

    @classmethod
    def of(
        cls,
        objects: Callable[[], QuerySet[M]],
        read_capability: str,
        write_capability: str | None = None,
        *,
        school_field: str = "school",
        not_found: str = "Niet gevonden.",
        read_only: str = "U mag dit niet wijzigen.",
    ) -> ObjectAccess[M]:
        """The common case: ``objects`` narrowed by the read capability's rule."""
        return cls(
            lambda m: visible(objects(), m, read_capability, school_field=school_field),
            may_write=capability_check(write_capability) if write_capability else None,
            not_found=not_found,
            read_only=read_only,
        )

    def get_for_user(self, request: HttpRequest, pk: int) -> tuple[M, bool]:
        """The object and whether this member may change it; 404 when they may not see it."""
        obj = self.visible_to(request.membership).filter(pk=pk).first()
        if obj is None:
            raise Http404(self.not_found)
        return obj, self.may_write is not None and self.may_write(request.membership, obj)

    def get_for_writing(self, request: HttpRequest, pk: int) -> M:
        """The object for a page that changes it: 404 as above, 403 when it is read-only."""
        obj, can_write = self.get_for_user(request, pk)
        if not can_write:
            raise PermissionDenied(self.read_only)
        return obj


def capability_check(capability: str) -> Callable[[Membership, Model], bool]:
    """``may_write`` for "the member has ``capability`` on this object" (no query)."""
    return lambda membership, obj: can(membership, capability, obj)
