"""The steunpunt's queries. Pages read through these; the permission rules come from
``swvportal.accounts.permissions.visible`` so lists and single objects agree.
"""

from __future__ import annotations

from django.db.models import QuerySet

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can, visible
from swvportal.tenancy.models import School, Tenant

from .models import Contact, Feedback, Theme, Trend

HANDLE = "steunpunt.handle_contacts"
VIEW_TRENDS = "steunpunt.view_trends"
VIEW_FEEDBACK = "steunpunt.view_feedback"
CHANGE_SETTINGS = "steunpunt.change_settings"


def suppress_small_counts(membership: Membership | None) -> bool:
    """Whoever does not staff the steunpunt sees counts of 1–4 as "<5" (``rules.shown``)."""
    return not can(membership, HANDLE)


def contact_list(*, membership: Membership) -> QuerySet[Contact]:
    """The contacts this member may read (all of the tenant's, for steunpunt staff; else none)."""
    return visible(
        Contact.objects.select_related("school").prefetch_related("themes"), membership, HANDLE
    )


def trend_list(*, membership: Membership) -> QuerySet[Trend]:
    return visible(Trend.objects.prefetch_related("themes"), membership, VIEW_TRENDS)


def feedback_list(*, membership: Membership) -> QuerySet[Feedback]:
    """Feedback rounds this member may read: a zorgcoördinator only their own schools'."""
    return visible(
        Feedback.objects.select_related("school").prefetch_related("themes", "trends"),
        membership,
        VIEW_FEEDBACK,
    )


def schools(*, tenant: Tenant) -> QuerySet[School]:
    """The tenant's schools by name: what a contact, a filter or the public form offers."""
    return School.objects.filter(tenant=tenant).order_by("name")


def themes(*, tenant: Tenant, active_only: bool = False) -> QuerySet[Theme]:
    found = Theme.objects.filter(tenant=tenant)
    return found.filter(is_active=True) if active_only else found
