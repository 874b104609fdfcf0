"""The one way views get a plan or a part of it (the 404/403 rule of ``swvportal.core.access``).

A plan this member may not read (another tenant's, or a concept for toezicht and inspectie) is
a 404. Writing without ``plans.change_plan`` is a 403.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from swvportal.core.access import ObjectAccess, capability_check

from .models import Plan, PlanItem
from .outline import KINDS
from .selectors import plan_list

PLANS: ObjectAccess[Plan] = ObjectAccess(
    lambda membership: plan_list(membership=membership),
    may_write=capability_check("plans.change_plan"),
    not_found="Dit ondersteuningsplan bestaat niet of u mag het niet inzien.",
    read_only="Alleen de bestuurder wijzigt het ondersteuningsplan.",
)


def get_plan_for_user(request: HttpRequest, plan_id: int) -> tuple[Plan, bool]:
    """The plan and whether this member may change it now."""
    return PLANS.get_for_user(request, plan_id)


def get_plan_for_writing(request: HttpRequest, plan_id: int) -> Plan:
    return PLANS.get_for_writing(request, plan_id)


def get_item(plan: Plan, kind: str, item_id: int) -> PlanItem:
    item = KINDS[kind].model.objects.filter(plan=plan, pk=item_id).first()
    if item is None:
        raise Http404("Dit onderdeel bestaat niet (meer).")
    return item
