"""'Mijn activiteiten': the activities a member is responsible for, overdue first, each with its
"Voortgang" action, and the switch for the weekly e-mail about them. Every role may have
activities (``plans.update_own_activities``); a small panel on the jaarplan's page links here
for a member who has some in that jaarplan.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from swvportal.core.mixins import TenantPageMixin

from ...jaarplan_rules import due_label
from ...models import Activity, DigestPreference, Jaarplan
from ...models.jaarplan import CLOSED_STATUSES
from .. import services
from ..access import may_update_progress
from ..selectors import OWN_ACTIVITIES, my_activities
from .panels import panel
from .status import TEMPLATES, nav

WEEKLY_ON = "aan"


def wants_digest(tenant, user) -> bool:
    preference = DigestPreference.objects.filter(tenant=tenant, user=user).first()
    return preference is None or preference.weekly_digest


@panel(order=15, template=TEMPLATES + "_mine_panel.html")
def mine(http_request: HttpRequest, jaarplan: Jaarplan, can_write: bool) -> dict | None:
    """Only for a member responsible for activities in this jaarplan: how many, how many late."""
    today = timezone.localdate()
    counts = Activity.objects.filter(
        jaarplan=jaarplan, responsible_id=http_request.membership.user_id
    ).aggregate(
        total=Count("pk"),
        late=Count("pk", filter=Q(due_date__lt=today) & ~Q(status__in=CLOSED_STATUSES)),
    )
    if not counts["total"]:
        return None
    url = reverse("jaarplan:my_activities", kwargs={"tenant_code": jaarplan.tenant.code})
    return {"total": counts["total"], "late": counts["late"], "url": url}


class MyActivitiesView(TenantPageMixin, View):
    capability = OWN_ACTIVITIES

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        rows = []
        for activity in my_activities(membership=self.membership, today=today):
            jaarplan = activity.jaarplan
            may = jaarplan.accepts_progress and may_update_progress(self.membership, activity)
            rows.append(
                {
                    "activity": activity,
                    "due": due_label(activity.due_date, activity.due_is_month),
                    "progress_url": reverse(
                        "jaarplan:activity_progress",
                        kwargs={"tenant_code": self.tenant.code, "activity_id": activity.pk},
                    )
                    + "?terug=mijn"
                    if may
                    else None,
                }
            )
        context = {
            "rows": rows,
            "late": sum(1 for row in rows if row["activity"].overdue),
            "wants_digest": wants_digest(self.tenant, request.user),
            "tenant_digest": services.settings_for(self.tenant).weekly_digest,
            **nav(None, self.tenant),
        }
        return render(request, TEMPLATES + "my_activities.html", context)


class DigestPreferenceView(TenantPageMixin, View):
    """POST only: the weekly e-mail on or off for this member (a button on 'Mijn activiteiten')."""

    capability = OWN_ACTIVITIES
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        on = request.POST.get("wekelijks") == WEEKLY_ON
        services.digest_preference_save(tenant=self.tenant, user=request.user, weekly_digest=on)
        messages.success(
            request,
            "U krijgt weer elke maandag een e-mail over uw activiteiten."
            if on
            else "U krijgt geen wekelijkse e-mail meer over uw activiteiten. U kunt hem hier "
            "altijd weer aanzetten.",
        )
        return redirect("jaarplan:my_activities", tenant_code=self.tenant.code)
