"""The one way views get a jaarplan or an activity (the 404/403 rule of ``swvportal.core.access``).

* A jaarplan this member may not read (another tenant's, or a concept for toezicht and
  inspectie) is a 404; changing its content without ``plans.change_jaarplan`` is a 403.
* An activity's status and progress: the bestuurder (``plans.change_jaarplan``) or the member
  responsible for it (``plans.update_own_activities``, whose rule is "your own activities").
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can
from swvportal.core.access import ObjectAccess, capability_check

from ..models import Activity, Improvement, Jaarplan
from .selectors import CHANGE, OWN_ACTIVITIES, activity_list, jaarplan_list


def may_update_progress(membership: Membership, activity: Activity) -> bool:
    return can(membership, CHANGE, activity) or can(membership, OWN_ACTIVITIES, activity)


JAARPLANS: ObjectAccess[Jaarplan] = ObjectAccess(
    lambda membership: jaarplan_list(membership=membership),
    may_write=capability_check(CHANGE),
    not_found="Dit jaarplan bestaat niet of u mag het niet inzien.",
    read_only="Alleen de bestuurder wijzigt het jaarplan.",
)

ACTIVITY_PROGRESS: ObjectAccess[Activity] = ObjectAccess(
    lambda membership: activity_list(membership=membership).select_related(
        "jaarplan", "improvement", "responsible", "updated_by"
    ),
    may_write=may_update_progress,
    not_found="Deze activiteit bestaat niet of u mag haar niet inzien.",
    read_only="U houdt alleen de voortgang bij van activiteiten waarvoor u verantwoordelijk bent.",
)


def get_jaarplan_for_user(request: HttpRequest, jaarplan_id: int) -> tuple[Jaarplan, bool]:
    return JAARPLANS.get_for_user(request, jaarplan_id)


def get_jaarplan_for_writing(request: HttpRequest, jaarplan_id: int) -> Jaarplan:
    return JAARPLANS.get_for_writing(request, jaarplan_id)


def get_improvement(jaarplan: Jaarplan, improvement_id: int) -> Improvement:
    improvement = Improvement.objects.filter(jaarplan=jaarplan, pk=improvement_id).first()
    if improvement is None:
        raise Http404("Dit verbeterpunt bestaat niet (meer).")
    return improvement


def get_activity(jaarplan: Jaarplan, activity_id: int) -> Activity:
    activity = (
        Activity.objects.filter(jaarplan=jaarplan, pk=activity_id)
        .select_related("improvement", "responsible", "updated_by")
        .first()
    )
    if activity is None:
        raise Http404("Deze activiteit bestaat niet (meer).")
    return activity


def get_activity_for_progress(request: HttpRequest, activity_id: int) -> tuple[Activity, bool]:
    """An activity and whether this member may update its status and progress."""
    return ACTIVITY_PROGRESS.get_for_user(request, activity_id)
