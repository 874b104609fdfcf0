"""Adding, editing, moving and deleting the parts of a plan, in place with htmx.

Every view also works without JavaScript: a GET shows a full page, a POST redirects back to the
plan at the part's anchor. With htmx an edit swaps just the part; a structural change (add,
move, delete) swaps the plan tree, because numbers and letters of the siblings change.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin

from . import services
from .access import get_item, get_plan_for_user, get_plan_for_writing
from .forms import form_for
from .models import Plan, PlanItem
from .outline import KINDS, parent_kind
from .views import plan_context, plan_url


def anchor(kind: str, item: PlanItem | None) -> str:
    return f"{kind}-{item.pk}" if item else KINDS[kind].section


def _item_response(request: HttpRequest, plan: Plan, kind: str, item: PlanItem) -> HttpResponse:
    if not request.htmx:
        return redirect(plan_url(plan, anchor(kind, item)))
    context = plan_context(request, plan, True)
    context.update(item=item, kind=kind)
    return render(request, "plans/item_show.html", context)


def _tree_response(request: HttpRequest, plan: Plan, kind: str, item: PlanItem | None):
    """After a structural change the whole tree is swapped: numbers and letters moved."""
    if not request.htmx:
        return redirect(plan_url(plan, anchor(kind, item)))
    response = render(request, "plans/plan_detail.html#tree", plan_context(request, plan, True))
    response["HX-Retarget"] = "#plan-tree"
    response["HX-Reswap"] = "outerHTML"
    return response


def _form_response(request, plan, kind, form, item=None, parent=None, conflict=None, status=200):
    template = "plans/item_form.html" + ("#form" if request.htmx else "")
    return render(
        request,
        template,
        {
            "plan": plan,
            "kind": kind,
            "spec": KINDS[kind],
            "form": form,
            "item": item,
            "parent": parent,
            "conflict": conflict,
        },
        status=status,
    )


def _data(form) -> dict:
    return {name: form.cleaned_data[name] for name in form._meta.fields}


class ItemShowView(TenantPageMixin, View):
    """One part, as shown in the tree (htmx: after 'annuleren'); otherwise the plan at it."""

    capability = "plans.view_plan"

    def get(self, request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
        plan, may_change = get_plan_for_user(request, plan_id)
        item = get_item(plan, kind, item_id)
        if not request.htmx:
            return redirect(plan_url(plan, anchor(kind, item)))
        context = plan_context(request, plan, may_change)
        context.update(item=item, kind=kind)
        return render(request, "plans/item_show.html", context)


class ItemCreateView(TenantPageMixin, View):
    capability = "plans.change_plan"

    def _parent(self, plan: Plan, kind: str, parent_id: str | None) -> PlanItem | None:
        parent = parent_kind(KINDS[kind])
        if parent is None:
            return None
        if not (parent_id or "").isdigit():
            raise Http404(f"Kies eerst het onderdeel waar dit onder hoort ({parent.label}).")
        return get_item(plan, parent.slug, int(parent_id))

    def get(self, request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        parent = self._parent(plan, kind, request.GET.get("in"))
        return _form_response(request, plan, kind, form_for(kind, plan), parent=parent)

    def post(self, request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        parent = self._parent(plan, kind, request.POST.get("in"))
        form = form_for(kind, plan, data=request.POST)
        if form.is_valid():
            try:
                item = services.item_create(
                    plan=plan, kind=kind, data=_data(form), parent=parent, by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                return _tree_response(request, plan, kind, item)
        return _form_response(request, plan, kind, form, parent=parent, status=422)


class ItemEditView(TenantPageMixin, View):
    capability = "plans.change_plan"

    def get(self, request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        item = get_item(plan, kind, item_id)
        form = form_for(kind, plan, instance=item, initial={"revision": item.revision})
        return _form_response(request, plan, kind, form, item=item)

    def post(self, request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        item = get_item(plan, kind, item_id)
        form = form_for(kind, plan, data=request.POST, instance=KINDS[kind].model(pk=item.pk))
        if form.is_valid():
            try:
                item = services.item_update(
                    item=item,
                    data=_data(form),
                    by=request.user,
                    revision=form.cleaned_data["revision"] or 0,
                )
            except services.EditConflict as exc:
                # Show the current version to edit, with the message and what this person typed.
                current = exc.current
                fresh = form_for(
                    kind, plan, instance=current, initial={"revision": current.revision}
                )
                mine = [(form.fields[name].label, value) for name, value in _data(form).items()]
                return _form_response(
                    request,
                    plan,
                    kind,
                    fresh,
                    item=current,
                    status=409,
                    conflict={"message": exc.messages[0], "mine": mine},
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                return _item_response(request, plan, kind, item)
        return _form_response(request, plan, kind, form, item=item, status=422)


class ItemDeleteView(TenantPageMixin, View):
    capability = "plans.change_plan"

    def get(self, request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        item = get_item(plan, kind, item_id)
        template = "plans/item_delete.html" + ("#confirm" if request.htmx else "")
        return render(
            request, template, {"plan": plan, "kind": kind, "spec": KINDS[kind], "item": item}
        )

    def post(self, request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        item = get_item(plan, kind, item_id)
        try:
            services.item_delete(item=item, by=request.user)
        except ValidationError as exc:
            template = "plans/item_delete.html" + ("#confirm" if request.htmx else "")
            return render(
                request,
                template,
                {
                    "plan": plan,
                    "kind": kind,
                    "spec": KINDS[kind],
                    "item": item,
                    "errors": exc.messages,
                },
                status=422,
            )
        return _tree_response(request, plan, kind, None)


class ItemMoveView(TenantPageMixin, View):
    capability = "plans.change_plan"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
        plan = get_plan_for_writing(request, plan_id)
        item = get_item(plan, kind, item_id)
        try:
            services.item_move(
                item=item, direction=request.POST.get("richting", ""), by=request.user
            )
        except ValidationError as exc:
            from django.contrib import messages

            messages.error(request, " ".join(exc.messages))
        return _tree_response(request, plan, kind, item)
