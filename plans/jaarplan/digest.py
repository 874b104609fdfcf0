"""The weekly e-mail to each responsible member (Celery beat, Monday morning: ``plans.tasks``).

Per tenant that has it on (``JaarplanSettings.weekly_digest``), every member who is responsible
for open activities (not *gereed*, not *vervallen*) that are overdue or due within
``DUE_SOON_DAYS`` gets one e-mail in plain text and HTML listing them, with a link to update each
and to "Mijn activiteiten", where they can switch the e-mail off (``DigestPreference``). A
member who switched it off, who left the tenant, or has no e-mail address gets nothing.

Only the live version of each school year counts (``selectors.live_versions``): the newest
version the member may read, unless it is geëvalueerd. The queries per tenant do not grow with
the number of activities or members: the jaarplannen, the activities, the memberships and the
preferences, four in all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can
from swvportal.jobs.tenants import for_each_tenant
from swvportal.tenancy.models import Tenant

from ..jaarplan_rules import due_label
from ..models import Activity, DigestPreference, Jaarplan, JaarplanStatus
from ..models.jaarplan import CLOSED_STATUSES
from .selectors import VIEW_DRAFT, live_versions
from .services import settings_for

DUE_SOON_DAYS = 14
TEMPLATES = "plans/jaarplan/status/email/"


@dataclass
class Digest:
    """One member's e-mail: what is late and what is due soon."""

    membership: Membership
    late: list[Activity] = field(default_factory=list)
    soon: list[Activity] = field(default_factory=list)


def send_digests(*, today: datetime.date | None = None) -> int:
    """Every tenant's digests (each in its own scope; one tenant's failure stops no other).
    Returns how many e-mails went out."""
    run = for_each_tenant(lambda tenant: digest_send(tenant=tenant, today=today))
    return sum(run.results.values())


def digests_for(*, tenant: Tenant, today: datetime.date) -> list[Digest]:
    """Who gets an e-mail this week, and about which activities (nothing is sent here)."""
    if not settings_for(tenant).weekly_digest:
        return []
    versions = list(Jaarplan.objects.filter(tenant=tenant))
    live_all = {j.pk for j in live_versions(versions)}
    live_adopted = {
        j.pk for j in live_versions(v for v in versions if v.status != JaarplanStatus.CONCEPT)
    }
    activities = list(
        Activity.objects.filter(
            jaarplan_id__in=live_all | live_adopted,
            responsible__isnull=False,
            responsible__is_active=True,
            due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .exclude(status__in=CLOSED_STATUSES)
        .exclude(responsible__email="")
        .select_related("jaarplan", "improvement", "responsible")
        .order_by("due_date", "pk")
    )
    users = {a.responsible_id for a in activities}
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(tenant=tenant, user_id__in=users).select_related("user")
    }
    opted_out = set(
        DigestPreference.objects.filter(
            tenant=tenant, user_id__in=users, weekly_digest=False
        ).values_list("user_id", flat=True)
    )
    digests: dict[int, Digest] = {}
    for activity in activities:
        membership = memberships.get(activity.responsible_id)
        if membership is None or activity.responsible_id in opted_out:
            continue
        readable = live_all if can(membership, VIEW_DRAFT) else live_adopted
        if activity.jaarplan_id not in readable:
            continue
        digest = digests.setdefault(activity.responsible_id, Digest(membership))
        (digest.late if activity.due_date < today else digest.soon).append(activity)
    return sorted(digests.values(), key=lambda d: d.membership.user.email)


def digest_send(*, tenant: Tenant, today: datetime.date | None = None) -> int:
    """This tenant's digests, one connection for all. Returns how many went out."""
    today = today or timezone.localdate()
    messages = [_message(tenant, digest) for digest in digests_for(tenant=tenant, today=today)]
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def _portal(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


def _line(tenant: Tenant, activity: Activity) -> dict:
    point = activity.improvement
    where = f"{point.goal_number}{point.step_letter}" if point.goal_number else "Aanvullend"
    progress = reverse(
        "jaarplan:activity_progress",
        kwargs={"tenant_code": tenant.code, "activity_id": activity.pk},
    )
    return {
        "result": activity.result,
        "where": f"{where} (jaarplan {activity.jaarplan.year})",
        "due": due_label(activity.due_date, activity.due_is_month),
        "status": activity.get_status_display().lower(),
        "url": _portal(progress + "?terug=mijn"),
    }


def _subject(digest: Digest) -> str:
    parts = []
    if digest.late:
        parts.append(f"{len(digest.late)} te laat")
    if digest.soon:
        parts.append(f"{len(digest.soon)} binnenkort gereed")
    return f"Uw activiteiten in het jaarplan: {' en '.join(parts)}"


def _message(tenant: Tenant, digest: Digest) -> EmailMultiAlternatives:
    user = digest.membership.user
    context = {
        "tenant": tenant,
        "name": user.get_full_name() or user.email,
        "late": [_line(tenant, a) for a in digest.late],
        "soon": [_line(tenant, a) for a in digest.soon],
        "mine_url": _portal(reverse("jaarplan:my_activities", kwargs={"tenant_code": tenant.code})),
        "subject": _subject(digest),
    }
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=render_to_string(TEMPLATES + "digest.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string(TEMPLATES + "digest.html", context), "text/html")
    return message
