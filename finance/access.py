"""The one way views get a begroting version (the 404/403 rule of ``swvportal.core.access``).

* A version this member may not read (another tenant's, or a concept for the inspectie) is a
  404; changing it without ``finance.change_begroting`` is a 403.
* The approval trail: the bestuurder or toezicht (``finance.record_begroting_approval``);
  a step is deleted by the bestuurder, or by the toezicht member who recorded it
  (``may_delete_step``), only while the version is a concept.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from swvportal.accounts.permissions import can
from swvportal.core.access import ObjectAccess, capability_check

from .models import Begroting, BegrotingApproval, BudgetLine
from .selectors import CHANGE, RECORD_APPROVAL, begroting_list

BEGROTINGEN: ObjectAccess[Begroting] = ObjectAccess(
    lambda membership: begroting_list(membership=membership),
    may_write=capability_check(CHANGE),
    not_found="Deze begroting bestaat niet of u mag haar niet inzien.",
    read_only="Alleen de bestuurder wijzigt de begroting.",
)

APPROVALS: ObjectAccess[Begroting] = ObjectAccess(
    lambda membership: begroting_list(membership=membership),
    may_write=capability_check(RECORD_APPROVAL),
    not_found="Deze begroting bestaat niet of u mag haar niet inzien.",
    read_only="Alleen de bestuurder en de OPR of RvT leggen goedkeuringen vast.",
)


def may_delete_step(membership, begroting: Begroting, step: BegrotingApproval) -> bool:
    """The bestuurder any step, toezicht only the steps they recorded; only on a concept."""
    if not begroting.is_editable or not can(membership, RECORD_APPROVAL, begroting):
        return False
    return can(membership, CHANGE, begroting) or step.recorded_by_id == membership.user_id


def get_begroting_for_user(request: HttpRequest, begroting_id: int) -> tuple[Begroting, bool]:
    return BEGROTINGEN.get_for_user(request, begroting_id)


def get_begroting_for_writing(request: HttpRequest, begroting_id: int) -> Begroting:
    return BEGROTINGEN.get_for_writing(request, begroting_id)


def get_line(begroting: Begroting, line_id: int) -> BudgetLine:
    line = (
        BudgetLine.objects.filter(begroting=begroting, pk=line_id)
        .select_related("begroting", "updated_by", "parent")
        .first()
    )
    if line is None:
        raise Http404("Deze begrotingsregel bestaat niet (meer).")
    return line
