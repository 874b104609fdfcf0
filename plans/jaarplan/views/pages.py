"""The jaarplan's pages: the list of jaarplannen and one jaarplan by pijler and doel, with its
verbeterpunten and their activities, the panels of the other parts above it and each row's
actions. Editing in place lives in ``pages_items``."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View

from swvportal.accounts.permissions import can
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.views_list import TenantListView

from ...jaarplan_rules import due_label
from ...models import Activity, Jaarplan
from ..access import get_jaarplan_for_user
from ..filters import ActivityFilter, JaarplanListFilter, filter_choices
from ..selectors import CHANGE, VIEW, jaarplan_list, jaarplan_tree
from ..tables import JaarplanTable
from .panels import actions_for, panels_for

FILTER_NAMES = ("status", "pijler", "verantwoordelijke", "te_laat")
TREE_ID = "jaarplan-tree"


def url_or_none(name: str, **kwargs) -> str | None:
    """A URL of another part, or None while that part is not there (before a merge)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def jaarplan_url(jaarplan: Jaarplan, anchor: str = "", query: str = "") -> str:
    url = reverse(
        "jaarplan:jaarplan_detail",
        kwargs={"tenant_code": jaarplan.tenant.code, "jaarplan_id": jaarplan.pk},
    )
    return url + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


# --- The list ---------------------------------------------------------------------------------


class JaarplanListView(TenantListView):
    capability = VIEW
    table_class = JaarplanTable
    filterset_class = JaarplanListFilter
    template_name = "plans/jaarplan/pages/jaarplan_list.html"
    page_title = "Jaarplannen"
    intro = (
        "Per schooljaar het jaarplan: de verbeterpunten uit het ondersteuningsplan, uitgewerkt "
        "in activiteiten. Met elke versie en haar status."
    )

    def get_queryset(self):
        return jaarplan_list(membership=self.membership).select_related("tenant", "plan")

    def get_table_kwargs(self):
        if self.request.GET.get("status"):
            return {"empty_text": "Er is geen jaarplan met deze status."}
        if self.can(CHANGE):
            empty = "Er is nog geen jaarplan. Maak het jaarplan van een schooljaar uit het "
            empty += "vastgestelde ondersteuningsplan."
        elif self.can("plans.view_jaarplan_draft"):
            empty = "Er is nog geen jaarplan. De bestuurder maakt het."
        else:
            empty = "Er is nog geen vastgesteld jaarplan."
        return {"empty_text": empty}

    def get_context_data(self, **kwargs):
        generate = None
        if self.can(CHANGE):
            generate = url_or_none("jaarplan:jaarplan_generate", tenant_code=self.tenant.code)
        return super().get_context_data(generate_url=generate, **kwargs)


# --- One jaarplan -----------------------------------------------------------------------------


def _kept(params: QueryDict) -> QueryDict:
    kept = QueryDict(mutable=True)
    for name in FILTER_NAMES:
        if params.get(name):
            kept[name] = params[name]
    return kept


def filters_of(request: HttpRequest) -> QueryDict:
    """The filter of the page an htmx request came from (``HX-Current-URL``), so a tree redrawn
    after a change shows what the person was looking at."""
    if request.htmx and request.htmx.current_url:
        return _kept(QueryDict(urlsplit(request.htmx.current_url).query))
    return QueryDict()


def activity_filter(jaarplan: Jaarplan, params: QueryDict) -> ActivityFilter:
    pillars, people = filter_choices(jaarplan)
    return ActivityFilter(
        params or None,
        queryset=Activity.objects.filter(jaarplan=jaarplan),
        pillars=pillars,
        people=people,
        today=timezone.localdate(),
    )


def decorate(request: HttpRequest, jaarplan: Jaarplan, activities, *, can_write: bool) -> None:
    """What a row shows besides its fields: te laat, its date in words, the actions of the
    other parts (no queries)."""
    today = timezone.localdate()
    for activity in activities:
        activity.overdue = activity.is_overdue(today)
        activity.due_text = due_label(activity.due_date, activity.due_is_month)
        activity.actions = actions_for(request, jaarplan, activity)
        activity.show_actions = can_write or bool(activity.actions)


def page_context(
    request: HttpRequest,
    jaarplan: Jaarplan,
    may_change: bool,
    params: QueryDict,
    *,
    focus: str = "",
    announce: str = "",
) -> dict:
    """Everything the page and its tree partial show, in a fixed number of queries."""
    found = activity_filter(jaarplan, params)
    filtered = found.is_active
    tree = jaarplan_tree(jaarplan, activities=found.qs)
    can_write = may_change and jaarplan.is_editable
    total = Activity.objects.filter(jaarplan=jaarplan).count() if filtered else None
    decorate(request, jaarplan, tree.activities, can_write=can_write)
    for improvement in tree.improvements:
        last = len(improvement.rows) - 1
        for index, activity in enumerate(improvement.rows):
            activity.is_first, activity.is_last = index == 0, index == last
    _indicators(request, tree)
    return {
        "jaarplan": jaarplan,
        "tree": tree,
        "filter": found,
        "filtered": filtered,
        "keep": params.urlencode(),
        "shown": len(tree.activities),
        "total": len(tree.activities) if total is None else total,
        "can_change": may_change,
        "can_write": can_write,
        # Moving within a filtered list would swap with a row the person cannot see.
        "movable": can_write and not filtered,
        "show_actions": can_write or any(a.actions for a in tree.activities),
        "tree_focus": focus,
        "tree_announce": announce,
    }


def _indicators(request: HttpRequest, tree) -> None:
    """Each doel's dashboard indicators with their status, as the OSP's pijler page shows them
    (monitoring's public face; one call for the whole page)."""
    from monitoring.selectors import goal_indicator_labels

    goals = [g for p in tree.pillars for g in p.goals if g.goal_uid is not None]
    if not goals or not can(request.membership, "monitoring.view_dashboard"):
        return
    labels = goal_indicator_labels(
        tenant=request.tenant,
        goal_uids={g.goal_uid for g in goals},
        suppress=not can(request.membership, "monitoring.view_small_counts"),
    )
    for goal in goals:
        goal.indicator_rows = labels.get(goal.goal_uid, [])


class JaarplanDetailView(TenantPageMixin, View):
    """The jaarplan by pijler and doel. A filter sent by htmx gets the tree alone."""

    capability = VIEW
    template_name = "plans/jaarplan/pages/jaarplan_detail.html"

    def get(self, request: HttpRequest, jaarplan_id: int) -> HttpResponse:
        jaarplan, may_change = get_jaarplan_for_user(request, jaarplan_id)
        if request.htmx and request.htmx.target == TREE_ID:
            # A filter change, or Annuleren of a form: back to the tree, at ``terug``.
            context = page_context(
                request, jaarplan, may_change, _kept(request.GET), focus=_back(request)
            )
            return render(request, f"{self.template_name}#tree", context)
        context = page_context(request, jaarplan, may_change, _kept(request.GET))
        context["panels"] = panels_for(request, jaarplan, may_change)
        context["plan_url"] = reverse(
            "plans:plan_detail",
            kwargs={"tenant_code": jaarplan.tenant.code, "plan_id": jaarplan.plan_id},
        )
        return render(request, self.template_name, context)


def _back(request: HttpRequest) -> str:
    """Where the focus goes after Annuleren: an element id of the tree (``terug``)."""
    back = request.GET.get("terug", "")
    return back if back.replace("-", "").isalnum() else ""
