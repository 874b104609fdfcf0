"""The one way views get a plan or a part of it (the 404/403 rule of ``tenancy.middleware``).

A plan this member may not read (another tenant's, or a concept for toezicht and inspectie) is
a 404. Writing without ``plans.change_plan`` is a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from swvportal.accounts.permissions import can

from .models import Plan, PlanItem
from .outline import KINDS
from .selectors import plan_list


def get_plan_for_user(request: HttpRequest, plan_id: int) -> tuple[Plan, bool]:
    """The plan and whether this member may change it now."""
    plan = plan_list(membership=request.membership).filter(pk=plan_id).first()
    if plan is None:
        raise Http404("Dit ondersteuningsplan bestaat niet of u mag het niet inzien.")
    return plan, can(request.membership, "plans.change_plan", plan)


def get_plan_for_writing(request: HttpRequest, plan_id: int) -> Plan:
    plan, may_change = get_plan_for_user(request, plan_id)
    if not may_change:
        raise PermissionDenied("Alleen de bestuurder wijzigt het ondersteuningsplan.")
    return plan


def get_item(plan: Plan, kind: str, item_id: int) -> PlanItem:
    item = KINDS[kind].model.objects.filter(plan=plan, pk=item_id).first()
    if item is None:
        raise Http404("Dit onderdeel bestaat niet (meer).")
    return item
