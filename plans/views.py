"""Pages of the ondersteuningsplan: list, the plan as a tree, reading, status, versions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from swvportal.accounts.permissions import can
from swvportal.audit.tables import AuditEntryTable
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import TenantListView

from . import services
from .access import get_item, get_plan_for_user, get_plan_for_writing
from .compare import compare
from .filters import PlanFilter
from .forms import PlanForm
from .models import Plan, PlanStatus
from .outline import KINDS
from .selectors import approval_trail, plan_history, plan_list, plan_tree, plan_versions
from .tables import PlanTable
from .workflow import PLAN_WORKFLOW

DEADLINE_WARNING_DAYS = 60


def plan_url(plan: Plan, anchor: str = "") -> str:
    url = reverse("plans:plan_detail", kwargs={"tenant_code": plan.tenant.code, "plan_id": plan.pk})
    return f"{url}#{anchor}" if anchor else url


class PlanListView(TenantListView):
    capability = "plans.view_plan"
    table_class = PlanTable
    filterset_class = PlanFilter
    template_name = "plans/plan_list.html"
    page_title = "Ondersteuningsplan"
    intro = "Alle versies van het ondersteuningsplan, met hun status."

    def get_queryset(self):
        return plan_list(membership=self.membership).select_related("tenant")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_create=self.can("plans.change_plan"), **kwargs)


def deadline_state(plan: Plan) -> dict | None:
    """The 'verzonden aan inspectie vóór 1 mei' reminder, while the plan is not sent yet."""
    if plan.status == PlanStatus.SENT:
        return None
    days = (plan.inspectie_deadline - timezone.localdate()).days
    if days < 0:
        level = "verlopen"
    elif days <= DEADLINE_WARNING_DAYS:
        level = "dichtbij"
    else:
        level = "ruim"
    return {"date": plan.inspectie_deadline, "days": days, "days_ago": -days, "level": level}


class PlanDetailView(TenantPageMixin, View):
    """The whole plan as a tree; the bestuurder edits its parts in place (htmx)."""

    capability = "plans.view_plan"
    template_name = "plans/plan_detail.html"

    def get(self, request: HttpRequest, plan_id: int) -> HttpResponse:
        plan, may_change = get_plan_for_user(request, plan_id)
        template = self.template_name
        context = plan_context(request, plan, may_change)
        if request.htmx and request.GET.get("deel") == "boom":
            template += "#tree"
            # Annuleren of an add form: back to that section's heading, not to the page's body.
            section = request.GET.get("terug", "")
            if section in {kind.section for kind in KINDS.values()}:
                context["tree_focus"] = f"{section}-title"
        return render(request, template, context)


def plan_context(request: HttpRequest, plan: Plan, may_change: bool) -> dict:
    tree = plan_tree(plan)
    versions = list(
        plan_versions(plan, membership=request.membership).order_by(
            "-version_major", "-version_minor"
        )
    )
    for step in tree.approvals:  # the consent an adoption rests on offers no edit or delete
        step.is_fixed = services.is_adoption_ground(step, plan)
    # The version this one was copied from: named, and its trail shown as its history.
    earlier = next((v for v in versions if v.pk == plan.based_on_id), None)
    return {
        "plan": plan,
        "tree": tree,
        "earlier": earlier,
        "earlier_trail": approval_trail(earlier),
        "can_write": may_change and plan.is_editable,
        "can_change_plan": may_change,
        "can_edit_approvals": may_change and plan.status != PlanStatus.SENT,
        "can_view_history": can(request.membership, "plans.view_history"),
        "versions": versions,
        "deadline": deadline_state(plan),
        # Each next status with its "why not yet": the very list the service refuses with.
        "next_statuses": PLAN_WORKFLOW.options(plan) if may_change else [],
    }


class PlanCreateView(TenantPageMixin, View):
    capability = "plans.change_plan"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "plans/plan_form.html", {"form": PlanForm(), "creating": True})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                plan = services.plan_create(
                    tenant=self.tenant,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    motto=form.cleaned_data["motto"],
                    period_start=form.cleaned_data["period_start"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, "Het nieuwe ondersteuningsplan is aangemaakt (versie 1.0, concept)."
                )
                return redirect(plan_url(plan))
        return render(request, "plans/plan_form.html", {"form": form, "creating": True}, status=422)


class PlanEditView(TenantPageMixin, View):
    capability = "plans.change_plan"

    def get(self, request: HttpRequest, plan_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        form = PlanForm(instance=plan, initial={"revision": plan.revision})
        return render(request, "plans/plan_form.html", {"form": form, "plan": plan})

    def post(self, request: HttpRequest, plan_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        form = PlanForm(request.POST, instance=Plan.objects.get(pk=plan.pk))
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("title", "motto", "period_start")}
            try:
                services.plan_update(
                    plan=plan,
                    data=data,
                    by=request.user,
                    revision=form.cleaned_data["revision"] or 0,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "De gegevens van het plan zijn opgeslagen.")
                return redirect(plan_url(plan))
        return render(request, "plans/plan_form.html", {"form": form, "plan": plan}, status=422)


class PlanStatusView(TenantPageMixin, View):
    """GET: what moving to a status means and what still blocks it. POST: move."""

    capability = "plans.change_plan"

    def get(self, request: HttpRequest, plan_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        status = request.GET.get("naar", "")
        return self._page(request, plan, status, services.plan_status_problems(plan, status))

    def post(self, request: HttpRequest, plan_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        status = request.POST.get("status", "")
        try:
            plan = services.plan_set_status(plan=plan, status=status, by=request.user)
        except ValidationError as exc:
            return self._page(request, plan, status, exc.messages, code=422)
        messages.success(request, f"De status is nu: {plan.get_status_display()}.")
        return redirect(plan_url(plan))

    def _page(self, request, plan, status, problems, code=200):
        label = PlanStatus(status).label if status in PlanStatus.values else status
        return render(
            request,
            "plans/plan_status.html",
            {"plan": plan, "status": status, "status_label": label, "problems": problems},
            status=code if problems else 200,
        )


class PlanNewVersionView(TenantPageMixin, View):
    capability = "plans.change_plan"

    def get(self, request: HttpRequest, plan_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        return render(request, "plans/plan_new_version.html", {"plan": plan})

    def post(self, request: HttpRequest, plan_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        try:
            copy = services.plan_new_version(
                plan=plan, by=request.user, major=request.POST.get("soort") == "hoofdversie"
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(plan_url(plan))
        messages.success(
            request,
            f"Versie {copy.version} is aangemaakt als concept. U kunt die "
            f"bewerken; versie {plan.version} blijft ongewijzigd.",
        )
        return redirect(plan_url(copy))


class PlanCompareView(TenantPageMixin, View):
    capability = "plans.view_plan"

    def get(self, request: HttpRequest, plan_id: int) -> HttpResponse:
        plan, _ = get_plan_for_user(request, plan_id)
        versions = plan_versions(plan, membership=request.membership).exclude(pk=plan.pk)
        other_id = request.GET.get("met") or (plan.based_on_id and str(plan.based_on_id))
        other = versions.filter(pk=other_id).first() if str(other_id or "").isdigit() else None
        context = {
            "plan": plan,
            "versions": versions.order_by("-version_major", "-version_minor"),
            "other": other,
        }
        if other is not None:
            old, new = sorted([other, plan], key=lambda p: (p.version_major, p.version_minor))
            context.update(old=old, new=new, sections=compare(plan_tree(old), plan_tree(new)))
        return render(request, "plans/plan_compare.html", context)


class PlanHistoryView(TenantPageMixin, View):
    capability = "plans.view_history"

    def get(self, request: HttpRequest, plan_id: int) -> HttpResponse:
        from django_tables2 import RequestConfig

        plan, _ = get_plan_for_user(request, plan_id)
        table = AuditEntryTable(plan_history(plan))
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        return render(request, "plans/plan_history.html", {"plan": plan, "table": table})


class _ReadOneView(TenantPageMixin, View):
    """One part of the plan to read on its own page, with links to the parts around it."""

    capability = "plans.view_plan"
    kind = ""  # the outline kind, e.g. "hoofdstuk"
    collection = ""  # the PlanTree attribute holding the parts, in order
    context_name = ""
    template_name = ""

    def get(self, request: HttpRequest, plan_id: int, item_id: int) -> HttpResponse:
        plan, _ = get_plan_for_user(request, plan_id)
        get_item(plan, self.kind, item_id)
        tree = plan_tree(plan)
        parts = getattr(tree, self.collection)
        index = next(i for i, part in enumerate(parts) if part.pk == item_id)
        return render(
            request,
            self.template_name,
            {
                "plan": plan,
                "tree": tree,
                self.context_name: parts[index],
                "previous": parts[index - 1] if index else None,
                "next": parts[index + 1] if index + 1 < len(parts) else None,
                **self.extra_context(parts[index]),
            },
        )

    def extra_context(self, part) -> dict:
        return {}


class ChapterReadView(_ReadOneView):
    kind, collection, context_name = "hoofdstuk", "chapters", "chapter"
    template_name = "plans/chapter_read.html"


class PillarReadView(_ReadOneView):
    """One pijler with its ambitie, doelen and stappen."""

    kind, collection, context_name = "pijler", "pillars", "pillar"
    template_name = "plans/pillar_read.html"

    def extra_context(self, part) -> dict:
        """Each doel's dashboard indicators with their status (monitoring's public face)."""
        from monitoring.selectors import goal_indicator_labels

        context = this_years_activities(self.request, part)  # the jaarplan's block, below
        if not self.can("monitoring.view_dashboard"):  # the figures are the dashboard's
            return context
        goals = list(part.goals.all())
        labels = goal_indicator_labels(
            tenant=self.tenant,
            goal_uids=[g.uid for g in goals],
            suppress=not self.can("monitoring.view_small_counts"),
        )
        for goal in goals:
            goal.indicator_rows = labels.get(goal.uid, [])
        return context


# --- The jaarplan on a pijler's page (issue 14: a doel and the jaarplan show each other) -------


def this_years_activities(request: HttpRequest, pillar) -> dict:
    """Per doel of the pijler this school year's activities with their status, from the newest
    version of this year's jaarplan, if this member may read it (one query more for the rows)."""
    from swvportal.core.schoolyear import SchoolYear

    from .jaarplan.generate import current_jaarplan
    from .jaarplan.selectors import goal_activities, jaarplan_list

    if not can(request.membership, "plans.view_jaarplan"):
        return {}
    year = SchoolYear.current()
    jaarplan = current_jaarplan(tenant=request.tenant, school_year=year)
    readable = jaarplan_list(membership=request.membership)
    if jaarplan is None or not readable.filter(pk=jaarplan.pk).exists():
        return {}
    goals = list(pillar.goals.all())
    found = goal_activities(
        tenant=request.tenant, goal_uids=[g.uid for g in goals], school_year=year.start
    )
    today = timezone.localdate()
    for goal in goals:
        goal.jaarplan_rows = found.get(goal.uid, [])
        for activity in goal.jaarplan_rows:
            activity.overdue = activity.is_overdue(today)
    return {"this_jaarplan": jaarplan}
