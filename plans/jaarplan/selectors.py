"""Reads on jaarplannen. A whole jaarplan is read in a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can, visible

from ..models import Activity, Jaarplan, JaarplanStatus

VIEW = "plans.view_jaarplan"
VIEW_DRAFT = "plans.view_jaarplan_draft"
CHANGE = "plans.change_jaarplan"
OWN_ACTIVITIES = "plans.update_own_activities"

READABLE_BY_ALL = (JaarplanStatus.ADOPTED, JaarplanStatus.EVALUATED)


def jaarplan_list(*, membership: Membership) -> QuerySet[Jaarplan]:
    """The versions this member may read: all, or only vastgestelde (toezicht, inspectie)."""
    jaarplannen = visible(Jaarplan.objects.all(), membership, VIEW)
    if not can(membership, VIEW_DRAFT):
        jaarplannen = jaarplannen.filter(status__in=READABLE_BY_ALL)
    return jaarplannen


def activity_list(*, membership: Membership) -> QuerySet[Activity]:
    """The activities of the jaarplannen this member may read."""
    return Activity.objects.filter(jaarplan__in=jaarplan_list(membership=membership))


def own_activities(*, membership: Membership) -> QuerySet[Activity]:
    """The activities this member is responsible for, in jaarplannen they may read."""
    return activity_list(membership=membership).filter(responsible_id=membership.user_id)
